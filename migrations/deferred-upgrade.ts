import type { Knex } from 'knex';
import { normalizeNameForSearch } from '../shared/text/persian';
import { isPostgres } from './dialect';
import { auditAnchor, snapshotAccounts, type SnapshotStation } from './journal-snapshot';

/**
 * Issue 11 item 3: the row work of an upgrade that is too long for the first start (at 1,000,000
 * accounts, the surname keys of 0010 took 3.4 s on SQLite and 15 s on PostgreSQL, the journal's
 * account snapshot of 0012 3.9 s and 6.9 s) is handed by its migration to a background job that
 * the app runs after it has started. What is left to do lives in the database (one `settings`
 * row per piece of work, removed when it is done), so the job survives a crash or a kill: every
 * batch is one short transaction that does its rows and moves the row's watermark (the last
 * account id done), and a batch that did not commit left nothing behind.
 */

/** Accounts with after < id <= last still to do; the snapshot's also names its station. */
interface Work {
  first: number;
  after: number;
  last: number;
  station?: SnapshotStation;
}

/** 0010: the surname search keys of the accounts that existed at the upgrade (later ones get theirs at insert). */
export const SURNAME_KEYS_KEY = 'internal.upgrade.surname_keys';
/** 0012: the journal's snapshot entries of those accounts. */
export const ACCOUNT_SNAPSHOT_KEY = 'internal.upgrade.account_snapshot';
/** The order the job does them in: search first (a clerk sees it), then the journal. */
const ORDER = [SURNAME_KEYS_KEY, ACCOUNT_SNAPSHOT_KEY] as const;
export type WorkKey = (typeof ORDER)[number];

/** Accounts per batch: a few tens of milliseconds of one transaction, so the counters keep working. */
export const BATCH = 5_000;

/** Records the work over every account there is now; nothing when there is none. */
async function defer(knex: Knex, key: WorkKey, extra: Pick<Work, 'station'> = {}): Promise<void> {
  const [{ lo, hi }] = (await knex('accounts').min({ lo: 'id' }).max({ hi: 'id' })) as [{ lo: unknown; hi: unknown }];
  if (lo === null || lo === undefined) return;
  const work: Work = { ...extra, first: Number(lo), after: Number(lo) - 1, last: Number(hi) };
  await knex('settings').insert({ key, value: JSON.stringify(work), updated_at: new Date().toISOString() });
}

/** Called by 0010: the surname keys of the existing accounts, to be filled after start. */
export const deferSurnameKeys = (knex: Knex): Promise<void> => defer(knex, SURNAME_KEYS_KEY);

/** Called by 0012: the accounts' snapshot, to be appended after start. */
export const deferAccountSnapshot = (knex: Knex, station: SnapshotStation): Promise<void> => defer(knex, ACCOUNT_SNAPSHOT_KEY, { station });

/** How far the deferred work has got, in accounts (by id range), over every piece left. */
export interface DeferredProgress {
  done: number;
  total: number;
  /** The pieces not finished yet. */
  pending: WorkKey[];
}

async function readWork(knex: Knex, key: WorkKey, lock: boolean): Promise<Work | null> {
  const q = knex('settings').where({ key });
  // Several counters on one PostgreSQL run the job: one batch at a time, each after the other's.
  if (lock && isPostgres(knex)) void q.forUpdate();
  const row = await q.first<{ value: string } | undefined>('value');
  return row ? (JSON.parse(row.value) as Work) : null;
}

/** What is left over every piece, or null when nothing is (or the database never needed it). */
export async function deferredProgress(knex: Knex): Promise<DeferredProgress | null> {
  const rows = (await knex('settings').whereIn('key', ORDER).select('key', 'value')) as Array<{ key: WorkKey; value: string }>;
  if (rows.length === 0) return null;
  const p: DeferredProgress = { done: 0, total: 0, pending: [] };
  for (const key of ORDER) {
    const row = rows.find((r) => r.key === key);
    if (!row) continue;
    const w = JSON.parse(row.value) as Work;
    p.done += w.after - w.first + 1;
    p.total += w.last - w.first + 1;
    p.pending.push(key);
  }
  return p;
}

/**
 * The surname keys of the accounts with from < id <= to, computed once per distinct surname
 * (TypeScript: not SQL) and joined in by one UPDATE … FROM over the id range. PostgreSQL hashes a
 * VALUES list; SQLite would walk the whole range once per surname in it, so there the keys go
 * into a keyed temporary table (this connection's own, emptied per batch) that each row looks up.
 */
async function fillSurnameKeys(tx: Knex.Transaction, from: number, to: number): Promise<void> {
  const names = (await tx('accounts').where('id', '>', from).where('id', '<=', to).whereNotNull('last_name').distinct('last_name').pluck('last_name')) as string[];
  if (names.length === 0) return;
  const values = names.map(() => '(?, ?)').join(', ');
  const keys = names.flatMap((n) => [n, normalizeNameForSearch(n)]);
  const range = 'k.last_name = accounts.last_name AND accounts.id > ? AND accounts.id <= ?';
  if (isPostgres(tx)) {
    await tx.raw(`WITH k (last_name, search_key) AS (VALUES ${values}) UPDATE accounts SET last_name_search = k.search_key FROM k WHERE ${range}`, [...keys, from, to]);
    return;
  }
  await tx.raw('CREATE TEMP TABLE IF NOT EXISTS upgrade_name_keys (last_name TEXT PRIMARY KEY, search_key TEXT NOT NULL)');
  await tx.raw('DELETE FROM upgrade_name_keys');
  await tx.raw(`INSERT INTO upgrade_name_keys (last_name, search_key) VALUES ${values}`, keys);
  await tx.raw(`UPDATE accounts SET last_name_search = k.search_key FROM upgrade_name_keys AS k WHERE ${range}`, [from, to]);
}

/**
 * The next `batch` accounts' snapshot entries, read as they are now, appended under the station's
 * journal lock after whatever the journal holds (a live change of an account before its snapshot
 * is followed by a snapshot of the newest state, which headquarters folds as the newer one),
 * anchored at the audit head of now (anchors never go backwards).
 */
async function appendSnapshots(tx: Knex.Transaction, w: Work, to: number, at: string): Promise<void> {
  const station = w.station!;
  // The station's row lock, taken the way a journaled change takes it (one UPDATE), then its next number.
  const [row] = (await tx('stations')
    .where({ id: station.id })
    .update({ journal_next_seq: tx.raw('journal_next_seq') })
    .returning('journal_next_seq')) as Array<{ journal_next_seq: number }>;
  if (!row) throw new Error(`deferred snapshot: station ${station.id} missing`);
  const next = Number(row.journal_next_seq);
  const written = await snapshotAccounts(tx, { station, after: next - 1, at, audit: await auditAnchor(tx) }, w.after, to);
  await tx('stations').where({ id: station.id }).update({ journal_next_seq: next + written });
}

/**
 * One batch of the first piece of work left, inside the caller's write transaction: its rows,
 * then its watermark (or the piece removed when it is done). Returns the progress after it and the
 * piece it worked on, or null when nothing was left.
 */
export async function deferredBatch(tx: Knex.Transaction, at: string, batch = BATCH): Promise<{ progress: DeferredProgress; worked: WorkKey } | null> {
  for (const key of ORDER) {
    const w = await readWork(tx, key, true);
    if (!w) continue;
    const to = Math.min(w.after + batch, w.last);
    if (key === SURNAME_KEYS_KEY) await fillSurnameKeys(tx, w.after, to);
    else await appendSnapshots(tx, w, to, at);
    if (to >= w.last) await tx('settings').where({ key }).delete();
    else await tx('settings').where({ key }).update({ value: JSON.stringify({ ...w, after: to }), updated_at: at });
    return { progress: (await deferredProgress(tx)) ?? { done: 1, total: 1, pending: [] }, worked: key };
  }
  return null;
}
