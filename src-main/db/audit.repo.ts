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
 * `beginWrite` reads it in the same statement, issue 11 item 4), kept up to date by
 * `insertAudits`: nobody else can move it while the transaction holds the lock.
 */
const lockedHeads = new WeakMap<WriteTx, { lastId: number; lastHash: string }>();

export function rememberLockedHead(tx: WriteTx, row: { last_id: unknown; last_hash: string } | undefined): void {
  if (row) lockedHeads.set(tx, { lastId: num(row.last_id), lastHash: row.last_hash });
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
  // 11 columns a row: 500 rows stay under both engines' bound-parameter limits.
  let from = 0;
  for (; rows.length - from > 500; from += 500) await q('audit_log').insert(rows.slice(from, from + 500));
  const { rows: tail, head } = auditWrites(q, rows.slice(from));
  // PostgreSQL: the last rows and the new head in one statement (issue 11 item 4: a round trip
  // fewer in every audited change); SQLite allows no INSERT inside WITH, and its calls do not
  // leave the process.
  if (engineOf(q) === 'postgresql') await head.with('appended', tail);
  else {
    await tail;
    await head;
  }
  if (lockedHeads.has(q)) lockedHeads.set(q, { lastId: last.id, lastHash: last.hash });
}

/**
 * The two writes of appending up to 500 consecutive rows, not yet run: the INSERT and the head's
 * move to the last row. For PostgreSQL callers that put them in one statement with more (WITH).
 */
export function auditWrites(q: WriteTx, rows: readonly AuditRow[]): { rows: Knex.QueryBuilder; head: Knex.QueryBuilder } {
  const last = rows.at(-1);
  if (!last || rows.length > 500) throw new Error('auditWrites: 1 to 500 rows');
  return { rows: q('audit_log').insert(rows), head: q('audit_head').where({ id: 1 }).update({ last_id: last.id, last_hash: last.hash }) };
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
