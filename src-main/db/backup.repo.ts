import { MIGRATIONS } from '../../migrations';
import { stationHeaderValue } from '../../shared/journal';
import { connect, type Db } from './connection';
import type { Q } from './types';
import { num } from './types';

/**
 * An online copy of a live SQLite database: `VACUUM INTO` on a connection of its own. It reads
 * one snapshot in one read transaction, so under WAL the counters keep writing meanwhile and the
 * copy holds exactly the transactions committed before it began; the copy is compact (no free
 * pages, so nothing `secure_delete` removed lingers). Measured against the backup API
 * (`Database#backup`, step -1) on a 23 MB file: 38 ms vs 33 ms — the same, and `VACUUM INTO`
 * needs no restart logic when another connection writes mid-copy.
 */
export async function snapshotSqlite(sourceFile: string, destFile: string): Promise<void> {
  const db = connect({ url: null, sqliteFile: sourceFile });
  try {
    await db.raw('VACUUM INTO ?', [destFile]);
  } finally {
    await db.destroy();
  }
}

/** A database file opened for inspection only: no migrations run on it. */
export function openForInspection(file: string): Db {
  return connect({ url: null, sqliteFile: file });
}

/** `PRAGMA integrity_check`: the problems it names, empty when the file is sound. */
export async function integrityProblems(db: Db): Promise<string[]> {
  const rows = (await db.raw('PRAGMA integrity_check')) as Array<{ integrity_check: string }>;
  return rows.map((r) => r.integrity_check).filter((m) => m !== 'ok');
}

/** The migrations a database has applied, in order (the schema version is the last one). */
export async function appliedMigrations(q: Q): Promise<string[]> {
  if (!(await q.schema.hasTable('knex_migrations'))) return [];
  const rows = await q('knex_migrations').orderBy('id').select<{ name: string }[]>('name');
  return rows.map((r) => r.name);
}

export async function countAccounts(q: Q): Promise<number> {
  const [{ n }] = (await q('accounts').count({ n: '*' })) as [{ n: unknown }];
  return num(n);
}

/** The hash of one audit entry (null when the chain is shorter). */
export async function auditHashAt(q: Q, id: number): Promise<string | null> {
  const row = await q('audit_log').where({ id }).first<{ hash: string } | undefined>('hash');
  return row?.hash ?? null;
}

/** What the audit log holds after entry `afterId`: how many, from when to when, per action. */
export async function auditAfter(q: Q, afterId: number): Promise<{ count: number; from: string | null; to: string | null; byAction: Record<string, number> }> {
  const rows = await q('audit_log').where('id', '>', afterId).groupBy('action').select<{ action: string; n: unknown; first: string; last: string }[]>(
    'action',
    q.raw('count(*) as n'),
    q.raw('min(at) as first'),
    q.raw('max(at) as last'),
  );
  const byAction: Record<string, number> = {};
  let count = 0;
  let from: string | null = null;
  let to: string | null = null;
  for (const r of rows) {
    byAction[r.action] = num(r.n);
    count += num(r.n);
    if (from === null || r.first < from) from = r.first;
    if (to === null || r.last > to) to = r.last;
  }
  return { count, from, to, byAction };
}

/** True when every migration a database names is one this build knows (else it is newer). */
export function isKnownSchema(applied: string[]): boolean {
  const known = new Set(MIGRATIONS.map(([name]) => name));
  return applied.every((n) => known.has(n));
}

/** Per station: the last journal sequence headquarters acknowledged (stations with an acknowledgement only). */
export async function journalAckedByStation(q: Q): Promise<Map<number, { ackedSeq: number; station: string }>> {
  const rows = await q('journal_batches as j')
    .join('stations as s', 's.id', 'j.station_id')
    .join('branches as b', 'b.id', 's.branch_id')
    .whereNotNull('j.acked_at')
    .groupBy('j.station_id', 'b.code', 's.station_number')
    .select<{ station_id: unknown; code: string; station_number: unknown; s: unknown }[]>('j.station_id', 'b.code', 's.station_number', q.raw('max(j.last_seq) as s'));
  // The station as people name it (branch-station, as on its slip), not its row id.
  return new Map(rows.map((r) => [num(r.station_id), { ackedSeq: num(r.s), station: stationHeaderValue(r.code, num(r.station_number)) }]));
}

/** Per station: the last journal sequence the database holds. */
export async function journalEndByStation(q: Q): Promise<Map<number, number>> {
  const rows = await q('journal').groupBy('station_id').select<{ station_id: unknown; s: unknown }[]>('station_id', q.raw('max(seq) as s'));
  return new Map(rows.map((r) => [num(r.station_id), num(r.s)]));
}
