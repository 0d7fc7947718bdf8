import type { Knex } from 'knex';
import type { Q, WriteTx } from './types';
import { bool, engineOf, num } from './types';
import { auditWrites, headMoved, insertAudits, type AuditRow } from './audit.repo';

/** One journal row; `state` is the record's new state as JSON text (never a secret). */
export interface JournalRow {
  stationId: number;
  seq: number;
  branchCode: string;
  stationNumber: number;
  kind: string;
  recordType: 'account' | 'identifier' | 'station';
  recordId: string;
  state: string;
  at: string;
  actor: string;
  auditId: number | null;
  auditHash: string | null;
}

export interface JournalDbRow {
  station_id: number;
  seq: number;
  branch_code: string;
  station_number: number;
  kind: string;
  record_type: string;
  record_id: string;
  state: string;
  at: string;
  actor: string;
  audit_id: number | null;
  audit_hash: string | null;
}

export function rowToJournal(r: JournalDbRow): JournalRow {
  return {
    stationId: num(r.station_id),
    seq: num(r.seq),
    branchCode: r.branch_code,
    stationNumber: num(r.station_number),
    kind: r.kind,
    recordType: r.record_type as JournalRow['recordType'],
    recordId: r.record_id,
    state: r.state,
    at: r.at,
    actor: r.actor,
    auditId: r.audit_id === null ? null : num(r.audit_id),
    auditHash: r.audit_hash,
  };
}

/**
 * The station's next journal sequence, taken under its row's lock (PostgreSQL: the UPDATE's row
 * lock, held to the commit; SQLite: the write lock every write transaction already holds), so counters sharing one database never
 * take the same number and a rolled-back change gives its number back.
 */
export async function takeJournalSeq(q: WriteTx, stationId: number): Promise<number> {
  // One statement: the UPDATE takes the row lock and answers the new counter.
  const rows = (await q('stations').where({ id: stationId }).increment('journal_next_seq', 1).returning('journal_next_seq')) as Array<{ journal_next_seq: number }>;
  if (rows.length !== 1) throw new Error(`station ${stationId} missing`);
  return num(rows[0]!.journal_next_seq) - 1;
}

/**
 * Appends an audited change: its audit rows (consecutive, after the locked head) and the journal
 * entries it makes, all of one station, with that station's next sequences (`takeJournalSeq`'s
 * rule: gapless, a rollback gives the numbers back). PostgreSQL: the audit rows, the new head,
 * the sequences and the entries in one statement (issue 11 item 4: every audited change is a
 * round trip, and a journaled one no more); SQLite allows no data change inside WITH, and its
 * calls do not leave the process.
 */
export async function appendAuditedChange(q: WriteTx, audits: readonly AuditRow[], entries: ReadonlyArray<Omit<JournalRow, 'seq'>>): Promise<void> {
  const stationId = entries[0]?.stationId;
  const oneStatement = engineOf(q) === 'postgresql' && stationId !== undefined && audits.length > 0 && audits.length <= 500 && entries.every((e) => e.stationId === stationId);
  if (!oneStatement) {
    await insertAudits(q, audits);
    for (const e of entries) await journalInsert(q, [{ ...e, seq: await takeJournalSeq(q, e.stationId) }]);
    return;
  }
  const n = entries.length;
  const audit = auditWrites(q, audits);
  const taken = q.raw('update "stations" set "journal_next_seq" = "journal_next_seq" + ? where "id" = ? returning "journal_next_seq" - ? as first', [n, stationId, n]);
  const rows = (await journalInsert(
    q,
    entries.map((e, i) => ({ ...e, seq: q.raw('(select first from taken) + ?', [i]) })),
  )
    .with('appended', audit.rows)
    .with('head', audit.head)
    .with('taken', taken)
    .returning('seq')) as unknown[];
  if (rows.length !== n) throw new Error(`station ${stationId} missing`);
  headMoved(q, audits.at(-1)!);
}

function journalInsert(q: WriteTx, entries: ReadonlyArray<Omit<JournalRow, 'seq'> & { seq: number | Knex.Raw }>) {
  return q('journal').insert(entries.map((e) => journalColumns(e)));
}

function journalColumns(e: Omit<JournalRow, 'seq'> & { seq: number | Knex.Raw }) {
  return {
    station_id: e.stationId,
    seq: e.seq,
    branch_code: e.branchCode,
    station_number: e.stationNumber,
    kind: e.kind,
    record_type: e.recordType,
    record_id: e.recordId,
    state: e.state,
    at: e.at,
    actor: e.actor,
    audit_id: e.auditId,
    audit_hash: e.auditHash,
  };
}

/** Entries of one station from `fromSeq` on, in order. */
export async function journalRange(q: Q, stationId: number, fromSeq: number, toSeq: number, limit: number): Promise<JournalRow[]> {
  const rows = await q('journal')
    .where({ station_id: stationId })
    .where('seq', '>=', fromSeq)
    .where('seq', '<=', toSeq)
    .orderBy('seq')
    .limit(limit)
    .select<JournalDbRow[]>('*');
  return rows.map(rowToJournal);
}

/** The last sequence written for the station (0 before the first) and the time of an entry. */
export async function lastJournalSeq(q: Q, stationId: number): Promise<number> {
  const row = await q('stations').where({ id: stationId }).first<{ journal_next_seq: number } | undefined>('journal_next_seq');
  return row ? num(row.journal_next_seq) - 1 : 0;
}

export async function journalEntryAt(q: Q, stationId: number, seq: number): Promise<string | null> {
  const row = await q('journal').where({ station_id: stationId, seq }).first<{ at: string } | undefined>('at');
  return row?.at ?? null;
}

/** What an account's journal state is made of: public columns only (no hash, no code). */
export interface AccountStateSource {
  id: number;
  username: string;
  kind: 'citizen' | 'foreign';
  status: 'active' | 'disabled' | 'voided';
  branchCode: string;
  insuranceNumber: string;
  insuranceGroup: string;
  mobile: string | null;
  mustChangePassword: boolean;
  passwordRevokedAt: string | null;
  initialPasswordExpiresAt: string | null;
  liveReset: boolean;
  registeredAt: string;
  voidedAt: string | null;
  disabledAt: string | null;
}

export async function accountStateSource(q: Q, accountId: number): Promise<AccountStateSource | undefined> {
  const r = await q('accounts as a')
    .join('branches as b', 'b.id', 'a.branch_id')
    .join('insurance_groups as g', 'g.id', 'a.insurance_group_id')
    .where('a.id', accountId)
    .first<Record<string, unknown> | undefined>(
      'a.id',
      'a.username',
      'a.kind',
      'a.status',
      'b.code as branch_code',
      'a.insurance_number',
      'g.code as group_code',
      'a.mobile',
      'a.must_change_password',
      'a.password_revoked_at',
      'a.initial_password_expires_at',
      'a.registered_at',
      'a.voided_at',
      'a.disabled_at',
      q.raw(`EXISTS (SELECT 1 FROM password_resets r WHERE r.account_id = a.id AND r.state IN ('pending', 'sent')) AS live_reset`),
    );
  if (!r) return undefined;
  return {
    id: num(r.id),
    username: r.username as string,
    kind: r.kind === 'foreign' ? 'foreign' : 'citizen',
    status: r.status as AccountStateSource['status'],
    branchCode: r.branch_code as string,
    insuranceNumber: r.insurance_number as string,
    insuranceGroup: r.group_code as string,
    mobile: r.mobile as string | null,
    mustChangePassword: bool(r.must_change_password),
    passwordRevokedAt: r.password_revoked_at as string | null,
    initialPasswordExpiresAt: r.initial_password_expires_at as string | null,
    liveReset: bool(r.live_reset),
    registeredAt: r.registered_at as string,
    voidedAt: r.voided_at as string | null,
    disabledAt: r.disabled_at as string | null,
  };
}

export interface IdentifierStateSource {
  identifier: string;
  status: 'issued' | 'registered' | 'revoked';
  branchCode: string;
  stationNumber: number;
  sequence: number;
  nationality: string;
  issuedAt: string;
  revokedAt: string | null;
  usedBy: string | null;
}

export async function identifierStateSource(q: Q, by: { identifier: string }): Promise<IdentifierStateSource | undefined> {
  const r = await q('foreign_identifiers as i')
    .join('stations as s', 's.id', 'i.station_id')
    .join('branches as b', 'b.id', 's.branch_id')
    .leftJoin('accounts as a', (j) => j.on('a.foreign_identifier_id', 'i.id').andOnNotNull('a.live_username'))
    .where('i.identifier', by.identifier)
    .first<Record<string, unknown> | undefined>(
      'i.identifier',
      'i.status',
      'b.code as branch_code',
      's.station_number',
      'i.sequence',
      'i.nationality',
      'i.issued_at',
      'i.revoked_at',
      'a.username as used_by',
    );
  if (!r) return undefined;
  return {
    identifier: r.identifier as string,
    status: r.status as IdentifierStateSource['status'],
    branchCode: r.branch_code as string,
    stationNumber: num(r.station_number),
    sequence: num(r.sequence),
    nationality: r.nationality as string,
    issuedAt: r.issued_at as string,
    revokedAt: r.revoked_at as string | null,
    usedBy: r.used_by as string | null,
  };
}

export interface StationStateSource {
  stationNumber: number;
  branchCode: string;
  registeredAt: string;
  retiredAt: string | null;
}

export async function stationStateSource(q: Q, stationId: number): Promise<StationStateSource | undefined> {
  const r = await q('stations as s')
    .join('branches as b', 'b.id', 's.branch_id')
    .where('s.id', stationId)
    .first<Record<string, unknown> | undefined>('s.station_number', 'b.code as branch_code', 's.registered_at', 's.retired_at');
  if (!r) return undefined;
  return {
    stationNumber: num(r.station_number),
    branchCode: r.branch_code as string,
    registeredAt: r.registered_at as string,
    retiredAt: r.retired_at as string | null,
  };
}
