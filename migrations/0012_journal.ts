import type { Knex } from 'knex';
import { createAppendOnlyTriggers, dropAppendOnlyTriggers } from './append-only';
import { isPostgres } from './dialect';
import { reportProgress } from './progress';

const NAME = '0012_journal';
/** Accounts per INSERT … SELECT: set-based, and a progress report per range (issue 11). */
const CHUNK = 100_000;

/**
 * The change journal that carries a branch's accounts, identifiers and stations to headquarters
 * (issue 8): one gapless sequence per station (`stations.journal_next_seq`, taken under the
 * station row's lock), the entries themselves (append-only, like the audit log), and the signed
 * batches made of them (recorded, so a batch re-exported before its acknowledgement is the same
 * bytes). An existing install starts its journal with one `snapshot` entry per record, written
 * set-based by one INSERT … SELECT.
 */
export async function up(knex: Knex): Promise<void> {
  const pg = isPostgres(knex);
  await knex.schema.alterTable('stations', (t) => {
    t.integer('journal_next_seq').notNullable().defaultTo(1);
  });
  await knex.schema.createTable('journal', (t) => {
    const stationId = t.integer('station_id').notNullable();
    // PostgreSQL: the key and the foreign key are added after the snapshot (below).
    if (!pg) stationId.references('id').inTable('stations');
    t.integer('seq').notNullable();
    t.string('branch_code', 4).notNullable();
    t.integer('station_number').notNullable();
    t.string('kind', 32).notNullable();
    t.string('record_type', 12).notNullable();
    t.string('record_id', 16).notNullable();
    t.text('state').notNullable();
    t.string('at', 32).notNullable();
    t.string('actor', 80).notNullable();
    t.integer('audit_id').nullable();
    t.string('audit_hash', 64).nullable();
    if (!pg) t.primary(['station_id', 'seq']);
  });
  await knex.schema.createTable('journal_batches', (t) => {
    t.string('batch_id', 40).primary();
    t.integer('station_id').notNullable().references('id').inTable('stations');
    t.integer('first_seq').notNullable();
    t.integer('last_seq').notNullable();
    t.integer('entry_count').notNullable();
    t.string('body_sha256', 64).notNullable();
    t.text('manifest').notNullable();
    t.string('manifest_sha256', 64).notNullable();
    t.text('signature').notNullable();
    t.string('created_at', 32).notNullable();
    t.string('acked_at', 32).nullable();
    t.unique(['station_id', 'first_seq']);
    t.unique(['station_id', 'last_seq']);
  });
  await createAppendOnlyTriggers(knex, 'journal');
  await snapshot(knex, pg);
  if (pg) {
    // The same constraints (and names) knex gives the table on SQLite and gave it here before,
    // built once over the snapshot: a sorted index build and one validating join, instead of an
    // index insert and a foreign-key trigger query per entry (issue 11).
    await knex.raw('ALTER TABLE journal ADD CONSTRAINT journal_pkey PRIMARY KEY (station_id, seq)');
    await knex.raw('ALTER TABLE journal ADD CONSTRAINT journal_station_id_foreign FOREIGN KEY (station_id) REFERENCES stations (id)');
  }
}

/** Marks a state key whose SQL expression is never null (a NOT NULL column, a CASE with an ELSE). */
const NEVER_NULL = true;
type Pair = readonly [key: string, sql: string, neverNull?: boolean];

/**
 * A JSON object of `[key, SQL expression]` pairs without the keys whose value is null, as text,
 * byte for byte what the first version of this migration wrote (`json_patch('{}', json_object(…))`
 * on SQLite, `json_strip_nulls(json_build_object(…))::text` on PostgreSQL), but made by one
 * format() of JSON-quoted values: those two re-parsed or re-built every object, about half the
 * snapshot's time (issue 11). The first pair must be NEVER_NULL (it opens the object without a comma).
 */
function jsonObject(pg: boolean, pairs: readonly Pair[]): string {
  if (!pairs[0]?.[2]) throw new Error('jsonObject: the first key must be NEVER_NULL');
  const quote = (e: string) => (pg ? `to_json(${e})` : `json_quote(${e})`);
  const format = pairs.map(([k, , always], i) => (always ? `${i === 0 ? '' : ','}"${k}":%s` : '%s')).join('');
  const args = pairs.map(([k, e, always]) => (always ? quote(e) : `CASE WHEN (${e}) IS NULL THEN '' ELSE ',"${k}":' || ${quote(e)} END`));
  return `format('{${format}}', ${args.join(', ')})`;
}

/** The station this install was set up as (before per-machine stations, one per database). */
async function setupStation(knex: Knex): Promise<{ id: number; branchCode: string; number: number } | null> {
  const setting = await knex('settings').where({ key: 'internal.station_id' }).first<{ value: string } | undefined>();
  if (!setting) return null;
  const id = Number(JSON.parse(setting.value));
  const row = await knex('stations as s')
    .join('branches as b', 'b.id', 's.branch_id')
    .where('s.id', id)
    .first<{ code: string; station_number: number } | undefined>('b.code', 's.station_number');
  return row ? { id, branchCode: row.code, number: Number(row.station_number) } : null;
}

/**
 * One snapshot entry per station, identifier and account, numbered 1..N in that order by
 * INSERT … SELECT — one for the stations and identifiers, then one per range of account ids,
 * each reporting its progress (no row goes through JavaScript: fast on a million accounts). The state of each
 * record is built in SQL with the keys of shared/journal's state schemas; null keys are left out
 * (jsonObject), and nothing secret is selected.
 */
async function snapshot(knex: Knex, pg: boolean): Promise<void> {
  const station = await setupStation(knex);
  if (!station) return;
  const head = await knex('audit_head').where({ id: 1 }).first<{ last_id: number; last_hash: string } | undefined>();
  const anchored = head && Number(head.last_id) > 0;
  const two = (col: string) => (pg ? `lpad(${col}::text, 2, '0')` : `substr('0' || ${col}, -2)`);
  const last4 = (col: string) => (pg ? `right(${col}, 4)` : `substr(${col}, -4)`);
  const yes = (col: string) => (pg ? col : `${col} <> 0`);
  const passwordState = `CASE
      WHEN EXISTS (SELECT 1 FROM password_resets r WHERE r.account_id = a.id AND r.state IN ('pending', 'sent')) THEN 'reset-issued'
      WHEN NOT (${yes('a.must_change_password')}) THEN 'changed'
      WHEN a.password_revoked_at IS NOT NULL THEN 'reset-issued'
      WHEN a.initial_password_expires_at IS NOT NULL THEN 'initial'
      ELSE 'reset-used' END`;
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
  // Each source numbers its rows (n = 1, 2, …). The accounts are numbered in id order inside the
  // range scan itself, so no range is sorted with its states (a sort of every row did that before).
  const others = `
    SELECT ROW_NUMBER() OVER (ORDER BY ord, rid) AS n, record_type, record_id, state FROM (
      SELECT 0 AS ord, s.id AS rid, 'station' AS record_type, ${two('s.station_number')} AS record_id, ${stationState} AS state
        FROM stations s JOIN branches b ON b.id = s.branch_id
      UNION ALL
      SELECT 1, i.id, 'identifier', i.identifier, ${identifierState}
        FROM foreign_identifiers i JOIN stations s ON s.id = i.station_id JOIN branches b ON b.id = s.branch_id
        LEFT JOIN accounts a ON a.foreign_identifier_id = i.id AND a.live_username IS NOT NULL) u`;
  const accounts = `
    SELECT ROW_NUMBER() OVER (ORDER BY a.id) AS n, 'account' AS record_type, a.username AS record_id, ${accountState} AS state
      FROM accounts a JOIN branches b ON b.id = a.branch_id JOIN insurance_groups g ON g.id = a.insurance_group_id
      WHERE a.id > ? AND a.id <= ?`;
  const at = new Date().toISOString();
  const audit = [anchored ? Number(head.last_id) : null, anchored ? head.last_hash : null];
  // Numbered after what is already there: stations, identifiers, then accounts by id, range by range.
  let written = 0;
  const insert = async (records: string, bindings: number[]) => {
    const result: unknown = await knex.raw(
      `INSERT INTO journal (station_id, seq, branch_code, station_number, kind, record_type, record_id, state, at, actor, audit_id, audit_hash)
       SELECT ?, ? + n, ?, ?, 'snapshot', record_type, record_id, state, ?, 'system', ?, ?
       FROM (${records}) x`,
      [station.id, written, station.branchCode, station.number, at, ...audit, ...bindings],
    );
    written += pg ? (result as { rowCount: number }).rowCount : await sqliteChanges(knex);
  };
  await insert(others, []);
  const [{ lo, hi }] = (await knex('accounts').min({ lo: 'id' }).max({ hi: 'id' })) as [{ lo: unknown; hi: unknown }];
  const first = Number(lo ?? 0);
  const last = Number(hi ?? 0);
  for (let from = first - 1; from < last; from += CHUNK) {
    const to = Math.min(from + CHUNK, last);
    await insert(accounts, [from, to]);
    reportProgress({ migration: NAME, done: to - first + 1, total: last - first + 1 });
  }
  await knex('stations').where({ id: station.id }).update({ journal_next_seq: written + 1 });
}

/** Rows the last statement on this (SQLite, single) connection changed. */
async function sqliteChanges(knex: Knex): Promise<number> {
  const [{ c }] = (await knex.raw('SELECT changes() AS c')) as [{ c: number }];
  return Number(c);
}

export async function down(knex: Knex): Promise<void> {
  await dropAppendOnlyTriggers(knex, 'journal');
  await knex.schema.dropTable('journal_batches');
  await knex.schema.dropTable('journal');
  // Native DROP COLUMN on both engines (see 0010): foreign keys point at stations.
  await knex.raw('ALTER TABLE stations DROP COLUMN journal_next_seq');
}
