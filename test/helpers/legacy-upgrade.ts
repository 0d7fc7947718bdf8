import type { Knex } from 'knex';
import { MIGRATIONS, migrationSource } from '../../migrations';
import { writeTransaction, type Db } from '../../src-main/db/connection';
import { upgradeWorkBatch } from '../../src-main/db/deferred-upgrade.repo';
import * as old0010 from '../fixtures/legacy-migrations/0010_account_last_name_search';
import * as old0012 from '../fixtures/legacy-migrations/0012_journal';
import * as old0013 from '../fixtures/legacy-migrations/0013_performance';
import { accountRow, HASH, identifierRow, T } from './migration-rows';

/**
 * Issue 11 item 3: a branch at schema 0009, and the first bodies of the migrations made faster
 * since (test/fixtures/legacy-migrations/), to upgrade the same branch both ways and compare.
 */

const LEGACY: Record<string, { up(k: Knex): Promise<void>; down(k: Knex): Promise<void> }> = {
  '0010_account_last_name_search': old0010,
  '0012_journal': old0012,
  '0013_performance': old0013,
};

export const legacySource: Knex.MigrationSource<string> = {
  ...migrationSource,
  getMigration: (name) => (LEGACY[name] ? Promise.resolve(LEGACY[name]) : migrationSource.getMigration(name)),
};

const SURNAMES = ['كاظمي', 'کاظمی', 'نیک‌پور', 'نيك پور', 'أحمدی', null, 'رضايي', 'Müller', 'O\'Neil "Jr"', '  فاطمی\u200c '];

/** A branch at 0009 with every case the snapshot distinguishes (statuses, nulls, resets, identifiers, a retired station). */
export async function seed0009(db: Db): Promise<void> {
  await db('branches').insert([
    { id: 1, code: '1001', name: 'شعبه یک', name_search: 'شعبه یک', created_at: T },
    { id: 2, code: '1002', name: 'شعبه دو', name_search: 'شعبه دو', created_at: T },
  ]);
  await db('insurance_groups').insert({ id: 1, code: 'G1', name: 'گروه یک', registration_open: true });
  await db('stations').insert([
    { id: 1, branch_id: 1, station_number: 7, registered_at: T },
    { id: 2, branch_id: 1, station_number: 12, registered_at: T, retired_at: T, retire_reason: 'x' },
  ]);
  await db('staff').insert({ id: 1, username: 'sara', display_name: 'سارا', role: 'supervisor', password_hash: HASH, created_at: T });
  const identifier = (id: number, o: Record<string, unknown>) =>
    identifierRow({ id, identifier: `10010700${String(id).padStart(4, '0')}`, sequence: id, document_number: `P${id}`, ...o });
  await db('foreign_identifiers').insert([identifier(1, {}), identifier(2, { status: 'revoked', revoked_at: T, revoked_by: 1 })]);
  const accounts = Array.from({ length: 240 }, (_, i) =>
    accountRow({
      id: i < 200 ? i + 1 : 1000 + i * 7, // a gap in the ids, as a real table has
      username: String(1000000000 + i),
      live_username: i % 11 === 5 ? null : String(1000000000 + i),
      kind: i === 0 ? 'foreign' : 'citizen',
      foreign_identifier_id: i === 0 ? 1 : null,
      first_name: 'احمد',
      last_name: SURNAMES[i % SURNAMES.length],
      name_search: 'احمد',
      branch_id: 1 + (i % 2),
      insurance_number: String(2000000000 + i),
      mobile: i % 3 === 0 ? null : `0912${String(i).padStart(7, '0')}`,
      must_change_password: i % 4 !== 0,
      initial_password_expires_at: i % 5 === 0 ? T : null,
      password_revoked_at: i % 7 === 0 ? T : null,
      status: i % 11 === 5 ? 'voided' : i % 13 === 0 ? 'disabled' : 'active',
      id_document_number: String(3000000000 + i),
      voided_at: i % 11 === 5 ? T : null,
      voided_by: i % 11 === 5 ? 1 : null,
      disabled_at: i % 13 === 0 ? T : null,
    }),
  );
  for (let i = 0; i < accounts.length; i += 50) await db('accounts').insert(accounts.slice(i, i + 50));
  await db('password_resets').insert([
    { account_id: 3, tracking_code: '11111111', password_hash: HASH, channel: 'counter', requested_by: 1, state: 'pending', created_at: T },
    { account_id: 6, tracking_code: '22222222', password_hash: HASH, channel: 'counter', requested_by: 1, state: 'used', created_at: T },
  ]);
  await db('audit_head').where({ id: 1 }).update({ last_id: 41, last_hash: 'b'.repeat(64) });
  await db('settings').insert({ key: 'internal.station_id', value: '1', updated_at: T });
}

export type Rows = unknown[];

export async function rows(db: Db, sql: string): Promise<Rows> {
  const r = (await db.raw(sql)) as Rows | { rows: Rows };
  return Array.isArray(r) ? r : r.rows;
}

/** Everything a migration can leave in the schema, in a stable order. */
export async function schemaOf(db: Db, pg: boolean): Promise<Record<string, Rows>> {
  if (!pg) return { objects: await rows(db, "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name <> 'sqlite_sequence' ORDER BY type, name") };
  return {
    columns: await rows(
      db,
      `SELECT table_name, column_name, ordinal_position, data_type, character_maximum_length, collation_name, is_nullable, column_default
         FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`,
    ),
    indexes: await rows(db, "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY indexname"),
    constraints: await rows(
      db,
      "SELECT conrelid::regclass::text AS t, conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY conname",
    ),
    triggers: await rows(db, 'SELECT tgrelid::regclass::text AS t, tgname, pg_get_triggerdef(oid) AS def FROM pg_trigger WHERE NOT tgisinternal ORDER BY tgname'),
    functions: await rows(db, "SELECT proname, pg_get_functiondef(oid) AS def FROM pg_proc WHERE pronamespace = 'public'::regnamespace ORDER BY proname"),
  };
}

/** What the backfills and the snapshot wrote (the snapshot's `at` is the time of the upgrade: left out). */
export async function dataOf(db: Db): Promise<{ accounts: Rows; journal: Rows; stations: Rows }> {
  return {
    accounts: await rows(db, 'SELECT id, last_name, last_name_search FROM accounts ORDER BY id'),
    journal: await rows(
      db,
      'SELECT station_id, seq, branch_code, station_number, kind, record_type, record_id, state, actor, audit_id, audit_hash FROM journal ORDER BY station_id, seq',
    ),
    stations: await rows(db, 'SELECT id, journal_next_seq FROM stations ORDER BY id'),
  };
}

export const FIRST_CHANGED = MIGRATIONS.findIndex(([n]) => n === '0010_account_last_name_search');


/** Both databases at 0009 with the same branch (seed0009). */
export async function atSchema0009(...dbs: Db[]): Promise<void> {
  for (const db of dbs) {
    for (const [name] of MIGRATIONS.slice(0, FIRST_CHANGED)) await db.migrate.up({ migrationSource, name });
    await seed0009(db);
  }
}

/** The upgrade's deferred work run to its end by hand, `batch` accounts per transaction; returns the batches run. */
export async function finishUpgradeWork(db: Db, batch?: number): Promise<number> {
  let batches = 0;
  for (;;) {
    const r = await writeTransaction(db, (tx) => upgradeWorkBatch(tx, new Date(T), batch));
    if (!r) return batches;
    batches++;
    if (r.progress.pending.length === 0) return batches;
  }
}
