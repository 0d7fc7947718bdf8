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
    t.integer('station_id').notNullable().references('id').inTable('stations');
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
    t.primary(['station_id', 'seq']);
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
 * (json_patch / json_strip_nulls), and nothing secret is selected.
 */
async function snapshot(knex: Knex, pg: boolean): Promise<void> {
  const station = await setupStation(knex);
  if (!station) return;
  const head = await knex('audit_head').where({ id: 1 }).first<{ last_id: number; last_hash: string } | undefined>();
  const anchored = head && Number(head.last_id) > 0;
  const obj = (pairs: string) => (pg ? `json_strip_nulls(json_build_object(${pairs}))::text` : `json_patch('{}', json_object(${pairs}))`);
  const two = (col: string) => (pg ? `lpad(${col}::text, 2, '0')` : `substr('0' || ${col}, -2)`);
  const last4 = (col: string) => (pg ? `right(${col}, 4)` : `substr(${col}, -4)`);
  const yes = (col: string) => (pg ? col : `${col} <> 0`);
  const stationState = obj(`'station', s.station_number, 'branchCode', b.code,
    'status', CASE WHEN s.retired_at IS NULL THEN 'active' ELSE 'retired' END,
    'joinedAt', s.registered_at, 'retiredAt', s.retired_at`);
  const identifierState = obj(`'identifier', i.identifier, 'status', i.status, 'branchCode', b.code,
    'station', s.station_number, 'sequence', i.sequence, 'nationality', i.nationality,
    'issuedAt', i.issued_at, 'revokedAt', i.revoked_at, 'usedBy', a.username`);
  const passwordState = `CASE
      WHEN EXISTS (SELECT 1 FROM password_resets r WHERE r.account_id = a.id AND r.state IN ('pending', 'sent')) THEN 'reset-issued'
      WHEN NOT (${yes('a.must_change_password')}) THEN 'changed'
      WHEN a.password_revoked_at IS NOT NULL THEN 'reset-issued'
      WHEN a.initial_password_expires_at IS NOT NULL THEN 'initial'
      ELSE 'reset-used' END`;
  const accountState = obj(`'status', a.status, 'username', a.username, 'kind', a.kind, 'branchCode', b.code,
    'insuranceNumber', a.insurance_number, 'insuranceGroup', g.code,
    'mobileMasked', CASE WHEN a.mobile IS NULL THEN NULL ELSE substr(a.mobile, 1, 4) || '***' || ${last4('a.mobile')} END,
    'passwordState', ${passwordState}, 'registeredAt', a.registered_at, 'voidedAt', a.voided_at, 'disabledAt', a.disabled_at`);
  const others = `
    SELECT 0 AS ord, s.id AS rid, 'station' AS record_type, ${two('s.station_number')} AS record_id, ${stationState} AS state
      FROM stations s JOIN branches b ON b.id = s.branch_id
    UNION ALL
    SELECT 1, i.id, 'identifier', i.identifier, ${identifierState}
      FROM foreign_identifiers i JOIN stations s ON s.id = i.station_id JOIN branches b ON b.id = s.branch_id
      LEFT JOIN accounts a ON a.foreign_identifier_id = i.id AND a.live_username IS NOT NULL`;
  const accounts = `
    SELECT 2 AS ord, a.id AS rid, 'account' AS record_type, a.username AS record_id, ${accountState} AS state
      FROM accounts a JOIN branches b ON b.id = a.branch_id JOIN insurance_groups g ON g.id = a.insurance_group_id
      WHERE a.id > ? AND a.id <= ?`;
  const at = new Date().toISOString();
  const audit = [anchored ? Number(head.last_id) : null, anchored ? head.last_hash : null];
  // Numbered after what is already there: stations, identifiers, then accounts by id, range by range.
  const insert = async (records: string, bindings: number[]) => {
    const [{ n }] = (await knex('journal').where({ station_id: station.id }).max({ n: 'seq' })) as [{ n: unknown }];
    await knex.raw(
      `INSERT INTO journal (station_id, seq, branch_code, station_number, kind, record_type, record_id, state, at, actor, audit_id, audit_hash)
       SELECT ?, ? + ROW_NUMBER() OVER (ORDER BY ord, rid), ?, ?, 'snapshot', record_type, record_id, state, ?, 'system', ?, ?
       FROM (${records}) x`,
      [station.id, Number(n ?? 0), station.branchCode, station.number, at, ...audit, ...bindings],
    );
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
  await knex.raw('UPDATE stations SET journal_next_seq = 1 + (SELECT COUNT(*) FROM journal WHERE station_id = ?) WHERE id = ?', [station.id, station.id]);
}

export async function down(knex: Knex): Promise<void> {
  await dropAppendOnlyTriggers(knex, 'journal');
  await knex.schema.dropTable('journal_batches');
  await knex.schema.dropTable('journal');
  // Native DROP COLUMN on both engines (see 0010): foreign keys point at stations.
  await knex.raw('ALTER TABLE stations DROP COLUMN journal_next_seq');
}
