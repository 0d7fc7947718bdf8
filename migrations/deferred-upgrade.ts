import type { Knex } from 'knex';
import { isPostgres } from './dialect';
import { auditAnchor, snapshotAccounts, type SnapshotStation } from './journal-snapshot';

/**
 * Issue 11 item 3: the row work of an upgrade that is too long for the first start (at 1,000,000
 * accounts the journal's account snapshot alone took 3.9 s on SQLite and 6.9 s on PostgreSQL) is
 * handed by its migration to a background job that the app runs after it has started. What is
 * left to do lives in the database (one `settings` row per piece of work, removed when it is
 * done), so the job survives a crash or a kill: every batch is one short transaction that does
 * its rows and moves the row's watermark, and a batch that did not commit left nothing behind.
 */

/** The journal's account snapshot still to append: accounts with after < id <= last. */
export interface AccountSnapshotWork {
  station: SnapshotStation;
  first: number;
  after: number;
  last: number;
}

export const ACCOUNT_SNAPSHOT_KEY = 'internal.upgrade.account_snapshot';

/** Accounts per batch: a few tens of milliseconds of one transaction, so the counters keep working. */
export const SNAPSHOT_BATCH = 5_000;

/** Called by 0012: the accounts' snapshot, to be appended after start. */
export async function deferAccountSnapshot(knex: Knex, station: SnapshotStation): Promise<void> {
  const [{ lo, hi }] = (await knex('accounts').min({ lo: 'id' }).max({ hi: 'id' })) as [{ lo: unknown; hi: unknown }];
  if (lo === null || lo === undefined) return;
  const work: AccountSnapshotWork = { station, first: Number(lo), after: Number(lo) - 1, last: Number(hi) };
  await knex('settings').insert({ key: ACCOUNT_SNAPSHOT_KEY, value: JSON.stringify(work), updated_at: new Date().toISOString() });
}

/** How far the deferred work has got, in accounts (by id range). */
export interface DeferredProgress {
  done: number;
  total: number;
}

async function readWork(knex: Knex, lock: boolean): Promise<AccountSnapshotWork | null> {
  const q = knex('settings').where({ key: ACCOUNT_SNAPSHOT_KEY });
  // Several counters on one PostgreSQL run the job: one batch at a time, each after the other's.
  if (lock && isPostgres(knex)) void q.forUpdate();
  const row = await q.first<{ value: string } | undefined>('value');
  return row ? (JSON.parse(row.value) as AccountSnapshotWork) : null;
}

const progressOf = (w: AccountSnapshotWork): DeferredProgress => ({ done: w.after - w.first + 1, total: w.last - w.first + 1 });

/** What is left, or null when nothing is (or the database never needed it). */
export async function deferredProgress(knex: Knex): Promise<DeferredProgress | null> {
  const w = await readWork(knex, false);
  return w ? progressOf(w) : null;
}

/**
 * One batch, inside the caller's write transaction: the next `batch` accounts' snapshot entries,
 * read as they are now, appended under the station's journal lock after whatever the journal
 * holds (a live change of an account before its snapshot is followed by a snapshot of the newest
 * state, which headquarters folds as the newer one), anchored at the audit head of now (anchors
 * never go backwards). Returns the progress after it, or null when nothing is left.
 */
export async function appendAccountSnapshotBatch(tx: Knex.Transaction, at: string, batch = SNAPSHOT_BATCH): Promise<DeferredProgress | null> {
  const w = await readWork(tx, true);
  if (!w) return null;
  const to = Math.min(w.after + batch, w.last);
  // The station's row lock, taken the way a journaled change takes it (one UPDATE), then its next number.
  const [row] = (await tx('stations')
    .where({ id: w.station.id })
    .update({ journal_next_seq: tx.raw('journal_next_seq') })
    .returning('journal_next_seq')) as Array<{ journal_next_seq: number }>;
  if (!row) throw new Error(`deferred snapshot: station ${w.station.id} missing`);
  const next = Number(row.journal_next_seq);
  const written = await snapshotAccounts(tx, { station: w.station, after: next - 1, at, audit: await auditAnchor(tx) }, w.after, to);
  await tx('stations').where({ id: w.station.id }).update({ journal_next_seq: next + written });
  const done = { ...w, after: to };
  if (to >= w.last) await tx('settings').where({ key: ACCOUNT_SNAPSHOT_KEY }).delete();
  else await tx('settings').where({ key: ACCOUNT_SNAPSHOT_KEY }).update({ value: JSON.stringify(done), updated_at: at });
  return progressOf(done);
}
