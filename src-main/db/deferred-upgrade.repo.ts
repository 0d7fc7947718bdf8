import { deferredBatch, deferredProgress, SURNAME_KEYS_KEY, type DeferredProgress, type WorkKey } from '../../migrations/deferred-upgrade';
import { engineOf } from './connection';
import { readSettings, settingsWritten } from './settings.repo';
import type { Q, WriteTx } from './types';

export type { DeferredProgress, WorkKey };
export { SURNAME_KEYS_KEY };

/** What the upgrade left for after the start (issue 11 item 3), or null when nothing is left. */
export function upgradeWorkLeft(q: Q): Promise<DeferredProgress | null> {
  return deferredProgress(q);
}

/** One batch of the upgrade's deferred work in the caller's transaction; null when nothing was left. */
export async function upgradeWorkBatch(tx: WriteTx, at: Date, batch?: number): ReturnType<typeof deferredBatch> {
  const r = await deferredBatch(tx, at.toISOString(), batch);
  // A finished piece's row is gone: the settings copy (surnameKeysPending reads it) must not keep it.
  if (r && !r.progress.pending.includes(r.worked)) settingsWritten(tx);
  return r;
}

/**
 * Whether surname keys of accounts from before the upgrade are still being filled: read from the
 * settings copy main keeps (no query of its own on most calls; at most its few seconds late).
 */
export async function surnameKeysPending(q: Q): Promise<boolean> {
  return SURNAME_KEYS_KEY in (await readSettings(q));
}

/**
 * PostgreSQL: fresh statistics of accounts while and after its surname keys are filled (the
 * planner must know the column is no longer empty, or a surname search fetches and sorts every
 * match: migration 0021); at the end also a VACUUM, which makes the old row versions' room
 * reusable and the index-only walk of the search index possible again. SQLite keeps no statistics.
 */
export async function refreshAccountStatistics(q: Q, finished: boolean): Promise<void> {
  if (engineOf(q) !== 'postgresql') return;
  await q.raw(finished ? 'VACUUM (ANALYZE) accounts' : 'ANALYZE accounts');
}
