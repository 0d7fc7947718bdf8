import type { Knex } from 'knex';
import { isPostgres } from './dialect';

/**
 * The journal's `snapshot` entries (issue 8): one per station, identifier and account of an
 * install from before the journal, each the record's full state built in SQL with the keys of
 * shared/journal's state schemas (null keys left out, nothing secret selected). Migration 0012
 * writes the stations' and identifiers'; the accounts' are appended after the app has started, in
 * small batches under the station's journal lock (deferred-upgrade.ts, issue 11 item 3).
 */

/** Marks a state key whose SQL expression is never null (a NOT NULL column, a CASE with an ELSE). */
const NEVER_NULL = true;
type Pair = readonly [key: string, sql: string, neverNull?: boolean];

/**
 * A JSON object of `[key, SQL expression]` pairs without the keys whose value is null, as text,
 * byte for byte what the first version of 0012 wrote (`json_patch('{}', json_object(…))` on
 * SQLite, `json_strip_nulls(json_build_object(…))::text` on PostgreSQL), but made by one format()
 * of JSON-quoted values: those two re-parsed or re-built every object, about half the snapshot's
 * time (issue 11). The first pair must be NEVER_NULL (it opens the object without a comma).
 */
function jsonObject(pg: boolean, pairs: readonly Pair[]): string {
  if (!pairs[0]?.[2]) throw new Error('jsonObject: the first key must be NEVER_NULL');
  const quote = (e: string) => (pg ? `to_json(${e})` : `json_quote(${e})`);
  const format = pairs.map(([k, , always], i) => (always ? `${i === 0 ? '' : ','}"${k}":%s` : '%s')).join('');
  const args = pairs.map(([k, e, always]) => (always ? quote(e) : `CASE WHEN (${e}) IS NULL THEN '' ELSE ',"${k}":' || ${quote(e)} END`));
  return `format('{${format}}', ${args.join(', ')})`;
}

/** The station whose journal holds the snapshot: the one this install was set up as. */
export interface SnapshotStation {
  id: number;
  branchCode: string;
  number: number;
}

/** The station this install was set up as (before per-machine stations, one per database). */
export async function setupStation(knex: Knex): Promise<SnapshotStation | null> {
  const setting = await knex('settings').where({ key: 'internal.station_id' }).first<{ value: string } | undefined>();
  if (!setting) return null;
  const id = Number(JSON.parse(setting.value));
  const row = await knex('stations as s')
    .join('branches as b', 'b.id', 's.branch_id')
    .where('s.id', id)
    .first<{ code: string; station_number: number } | undefined>('b.code', 's.station_number');
  return row ? { id, branchCode: row.code, number: Number(row.station_number) } : null;
}

/** Stations, then identifiers, numbered n = 1, 2, … in that order. */
function stationsAndIdentifiers(pg: boolean): string {
  const two = (col: string) => (pg ? `lpad(${col}::text, 2, '0')` : `substr('0' || ${col}, -2)`);
  const stationState = jsonObject(pg, [
    ['station', 's.station_number', NEVER_NULL],
    ['branchCode', 'b.code', NEVER_NULL],
    ['status', "CASE WHEN s.retired_at IS NULL THEN 'active' ELSE 'retired' END", NEVER_NULL],
    ['joinedAt', 's.registered_at'],
    ['retiredAt', 's.retired_at'],
  ]);
  const identifierState = jsonObject(pg, [
    ['identifier', 'i.identifier', NEVER_NULL],
    ['status', 'i.status', NEVER_NULL],
    ['branchCode', 'b.code', NEVER_NULL],
    ['station', 's.station_number', NEVER_NULL],
    ['sequence', 'i.sequence', NEVER_NULL],
    ['nationality', 'i.nationality'],
    ['issuedAt', 'i.issued_at'],
    ['revokedAt', 'i.revoked_at'],
    ['usedBy', 'a.username'],
  ]);
  return `
    SELECT ROW_NUMBER() OVER (ORDER BY ord, rid) AS n, record_type, record_id, state FROM (
      SELECT 0 AS ord, s.id AS rid, 'station' AS record_type, ${two('s.station_number')} AS record_id, ${stationState} AS state
        FROM stations s JOIN branches b ON b.id = s.branch_id
      UNION ALL
      SELECT 1, i.id, 'identifier', i.identifier, ${identifierState}
        FROM foreign_identifiers i JOIN stations s ON s.id = i.station_id JOIN branches b ON b.id = s.branch_id
        LEFT JOIN accounts a ON a.foreign_identifier_id = i.id AND a.live_username IS NOT NULL) u`;
}

/** The accounts of one id range `(?, ?]`, numbered in id order inside the range scan (no sort of the rows). */
function accountsInRange(pg: boolean): string {
  const last4 = (col: string) => (pg ? `right(${col}, 4)` : `substr(${col}, -4)`);
  const yes = (col: string) => (pg ? col : `${col} <> 0`);
  const passwordState = `CASE
      WHEN EXISTS (SELECT 1 FROM password_resets r WHERE r.account_id = a.id AND r.state IN ('pending', 'sent')) THEN 'reset-issued'
      WHEN NOT (${yes('a.must_change_password')}) THEN 'changed'
      WHEN a.password_revoked_at IS NOT NULL THEN 'reset-issued'
      WHEN a.initial_password_expires_at IS NOT NULL THEN 'initial'
      ELSE 'reset-used' END`;
  const accountState = jsonObject(pg, [
    ['status', 'a.status', NEVER_NULL],
    ['username', 'a.username', NEVER_NULL],
    ['kind', 'a.kind', NEVER_NULL],
    ['branchCode', 'b.code', NEVER_NULL],
    ['insuranceNumber', 'a.insurance_number', NEVER_NULL],
    ['insuranceGroup', 'g.code', NEVER_NULL],
    ['mobileMasked', `CASE WHEN a.mobile IS NULL THEN NULL ELSE substr(a.mobile, 1, 4) || '***' || ${last4('a.mobile')} END`],
    ['passwordState', passwordState, NEVER_NULL],
    ['registeredAt', 'a.registered_at', NEVER_NULL],
    ['voidedAt', 'a.voided_at'],
    ['disabledAt', 'a.disabled_at'],
  ]);
  return `
    SELECT ROW_NUMBER() OVER (ORDER BY a.id) AS n, 'account' AS record_type, a.username AS record_id, ${accountState} AS state
      FROM accounts a JOIN branches b ON b.id = a.branch_id JOIN insurance_groups g ON g.id = a.insurance_group_id
      WHERE a.id > ? AND a.id <= ?`;
}

/** Rows the last statement on this (SQLite, single) connection changed. */
async function sqliteChanges(knex: Knex): Promise<number> {
  const [{ c }] = (await knex.raw('SELECT changes() AS c')) as [{ c: number }];
  return Number(c);
}

/** Where snapshot entries go: the station, the number before the first one, the time and audit anchor. */
export interface SnapshotTarget {
  station: SnapshotStation;
  /** The entries are numbered after + 1, after + 2, … */
  after: number;
  at: string;
  audit: { id: number; hash: string } | null;
}

async function insertSnapshot(knex: Knex, t: SnapshotTarget, records: string, bindings: number[]): Promise<number> {
  const result: unknown = await knex.raw(
    `INSERT INTO journal (station_id, seq, branch_code, station_number, kind, record_type, record_id, state, at, actor, audit_id, audit_hash)
     SELECT ?, ? + n, ?, ?, 'snapshot', record_type, record_id, state, ?, 'system', ?, ?
     FROM (${records}) x`,
    [t.station.id, t.after, t.station.branchCode, t.station.number, t.at, t.audit?.id ?? null, t.audit?.hash ?? null, ...bindings],
  );
  return isPostgres(knex) ? (result as { rowCount: number }).rowCount : await sqliteChanges(knex);
}

/** The stations' and identifiers' snapshot entries; returns how many were written. */
export function snapshotStationsAndIdentifiers(knex: Knex, t: SnapshotTarget): Promise<number> {
  return insertSnapshot(knex, t, stationsAndIdentifiers(isPostgres(knex)), []);
}

/** The snapshot entries of the accounts with `from < id <= to`, in id order; returns how many were written. */
export function snapshotAccounts(knex: Knex, t: SnapshotTarget, from: number, to: number): Promise<number> {
  return insertSnapshot(knex, t, accountsInRange(isPostgres(knex)), [from, to]);
}

/** The audit chain's head, the anchor of snapshot entries (null before the first audit entry). */
export async function auditAnchor(knex: Knex): Promise<{ id: number; hash: string } | null> {
  const head = await knex('audit_head').where({ id: 1 }).first<{ last_id: number; last_hash: string } | undefined>();
  return head && Number(head.last_id) > 0 ? { id: Number(head.last_id), hash: head.last_hash } : null;
}
