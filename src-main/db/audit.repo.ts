import type { Knex } from 'knex';
import type { Q, WriteTx } from './types';
import { engineOf, num } from './types';

export interface AuditRow {
  id: number;
  at: string;
  actor_type: string;
  actor_id: number | null;
  actor_name: string | null;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  details: string;
  prev_hash: string;
  hash: string;
}

/**
 * The head as a SQLite write transaction found it when it took the write lock (connection.ts
 * `beginWrite` reads it in the same statement, issue 11 item 4), or as a PostgreSQL statement
 * locked it with more (the outbox's `markSent`, `writePendingHash`), kept up to date by every
 * write of the head (`headMoved`): nobody else can move it while the transaction holds the lock.
 */
const lockedHeads = new WeakMap<WriteTx, { lastId: number; lastHash: string }>();

export function rememberLockedHead(tx: WriteTx, row: { last_id: unknown; last_hash: string } | undefined): void {
  if (row) lockedHeads.set(tx, { lastId: num(row.last_id), lastHash: row.last_hash });
}

/**
 * The head, locked to the commit: a PostgreSQL CTE's body for statements that take the lock with
 * more (`with h as (…)`), whose answer goes to `rememberLockedHead`.
 */
export const LOCKED_HEAD_SQL = 'select last_id, last_hash from audit_head where id = 1 for update';

/** Every write of the head in a transaction that remembers it moves the remembered copy too. */
export function headMoved(tx: WriteTx, last: { id: number; hash: string }): void {
  if (lockedHeads.has(tx)) lockedHeads.set(tx, { lastId: last.id, lastHash: last.hash });
}

/** Reads the chain head, locking it (PostgreSQL) so that concurrent writers queue. */
export async function lockHead(q: WriteTx): Promise<{ lastId: number; lastHash: string }> {
  const known = lockedHeads.get(q);
  if (known) return known;
  const row = await q('audit_head').where({ id: 1 }).forUpdate().first<{ last_id: number; last_hash: string }>();
  if (!row) throw new Error('audit_head row missing');
  return { lastId: num(row.last_id), lastHash: row.last_hash };
}

/** Consecutive entries (ids follow the locked head) and the new head, in the caller's transaction. */
export async function insertAudits(q: WriteTx, rows: readonly AuditRow[]): Promise<void> {
  const last = rows.at(-1);
  if (!last) return;
  let from = 0;
  for (; rows.length - from > AUDIT_ROWS_A_STATEMENT; from += AUDIT_ROWS_A_STATEMENT) await auditRowsInsert(q, rows.slice(from, from + AUDIT_ROWS_A_STATEMENT));
  const { rows: tail, head } = auditWrites(q, rows.slice(from));
  // PostgreSQL: the last rows and the new head in one statement (issue 11 item 4: a round trip
  // fewer in every audited change); SQLite allows no INSERT inside WITH, and its calls do not
  // leave the process.
  if (engineOf(q) === 'postgresql') await head.with('appended', tail);
  else {
    await tail;
    await head;
  }
  headMoved(q, last);
}

/** Rows in one INSERT: a bound on the one parameter's size (about 300 bytes a row). */
const AUDIT_ROWS_A_STATEMENT = 2000;
const AUDIT_COLUMNS = ['id', 'at', 'actor_type', 'actor_id', 'actor_name', 'action', 'subject_type', 'subject_id', 'details', 'prev_hash', 'hash'] as const;
/** PostgreSQL casts the two integer columns; the rest go in as text (JSON null stays NULL). */
const AUDIT_INSERT_SQL = {
  postgresql: `insert into audit_log (${AUDIT_COLUMNS.join(', ')}) select ${AUDIT_COLUMNS.map((c, i) => (c === 'id' || c === 'actor_id' ? `(v->>${i})::integer` : `v->>${i}`)).join(', ')} from json_array_elements(?::json) as v`,
  sqlite: `insert into audit_log (${AUDIT_COLUMNS.join(', ')}) select ${AUDIT_COLUMNS.map((_, i) => `value->>${i}`).join(', ')} from json_each(?)`,
} as const;

/**
 * The INSERT of audit rows with one parameter, a JSON array of rows (issue 11 item 2: a batch of
 * the outbox's entries built as 11 bound values a row cost the main thread more than sending the
 * messages did); the database unpacks it, every value keeps its type (numbers, text, null).
 */
function auditRowsInsert(q: WriteTx, rows: readonly AuditRow[]): Knex.Raw {
  return q.raw(AUDIT_INSERT_SQL[engineOf(q)], [JSON.stringify(rows.map((r) => AUDIT_COLUMNS.map((c) => r[c])))]);
}

/**
 * The two writes of appending up to AUDIT_ROWS_A_STATEMENT consecutive rows, not yet run: the
 * INSERT and the head's move to the last row. For PostgreSQL callers that put them in one
 * statement with more (WITH).
 */
export function auditWrites(q: WriteTx, rows: readonly AuditRow[]): { rows: Knex.Raw; head: Knex.QueryBuilder } {
  const last = rows.at(-1);
  if (!last || rows.length > AUDIT_ROWS_A_STATEMENT) throw new Error(`auditWrites: 1 to ${AUDIT_ROWS_A_STATEMENT} rows`);
  return { rows: auditRowsInsert(q, rows), head: q('audit_head').where({ id: 1 }).update({ last_id: last.id, last_hash: last.hash }) };
}

export async function readHead(q: Q): Promise<{ lastId: number; lastHash: string }> {
  const row = await q('audit_head').where({ id: 1 }).first<{ last_id: number; last_hash: string }>();
  return { lastId: num(row?.last_id), lastHash: row?.last_hash ?? '' };
}

export async function auditBatch(q: Q, afterId: number, limit: number): Promise<AuditRow[]> {
  const rows = await q('audit_log').where('id', '>', afterId).orderBy('id').limit(limit).select<AuditRow[]>('*');
  return rows.map((r) => ({ ...r, id: num(r.id), actor_id: r.actor_id === null ? null : num(r.actor_id) }));
}

export interface AuditFilter {
  action?: string | undefined;
  actorId?: number | undefined;
  subjectType?: string | undefined;
  subjectId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export async function listAudit(q: Q, f: AuditFilter, offset: number, limit: number): Promise<{ rows: AuditRow[]; total: number }> {
  const base = q('audit_log').modify((b) => {
    if (f.action) b.where('action', f.action);
    if (f.actorId !== undefined) b.where('actor_id', f.actorId);
    if (f.subjectType) b.where('subject_type', f.subjectType);
    if (f.subjectId) b.where('subject_id', f.subjectId);
    if (f.from) b.where('at', '>=', f.from);
    if (f.to) b.where('at', '<', f.to);
  });
  const [{ n }] = (await base.clone().count({ n: '*' })) as [{ n: unknown }];
  const rows = await base.clone().orderBy('id', 'desc').offset(offset).limit(limit).select<AuditRow[]>('*');
  return { rows: rows.map((r) => ({ ...r, id: num(r.id), actor_id: r.actor_id === null ? null : num(r.actor_id) })), total: num(n) };
}
