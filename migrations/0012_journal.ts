import type { Knex } from 'knex';
import { createAppendOnlyTriggers, dropAppendOnlyTriggers } from './append-only';
import { isPostgres } from './dialect';
import { ACCOUNT_SNAPSHOT_KEY, deferAccountSnapshot } from './deferred-upgrade';
import { auditAnchor, setupStation, snapshotStationsAndIdentifiers } from './journal-snapshot';
import { reportProgress } from './progress';

const NAME = '0012_journal';

/**
 * The change journal that carries a branch's accounts, identifiers and stations to headquarters
 * (issue 8): one gapless sequence per station (`stations.journal_next_seq`, taken under the
 * station row's lock), the entries themselves (append-only, like the audit log), and the signed
 * batches made of them (recorded, so a batch re-exported before its acknowledgement is the same
 * bytes). An existing install starts its journal with one `snapshot` entry per record (below).
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
  await snapshot(knex);
  if (pg) {
    // The same constraints (and names) knex gives the table on SQLite and gave it here before,
    // built once over the snapshot: a sorted index build and one validating join, instead of an
    // index insert and a foreign-key trigger query per entry (issue 11).
    await knex.raw('ALTER TABLE journal ADD CONSTRAINT journal_pkey PRIMARY KEY (station_id, seq)');
    await knex.raw('ALTER TABLE journal ADD CONSTRAINT journal_station_id_foreign FOREIGN KEY (station_id) REFERENCES stations (id)');
  }
}

/**
 * The snapshot's entries are numbered 1..N: the stations and identifiers here, by one INSERT …
 * SELECT; the accounts (a million at a big branch: seconds) after the app has started, in id order
 * by batches that continue the numbering (migrations/deferred-upgrade.ts, issue 11 item 3). Once
 * they are all written the journal is what the first body wrote, entry for entry, but for `at`
 * and, when changes were journaled in between, where those fall.
 */
async function snapshot(knex: Knex): Promise<void> {
  const station = await setupStation(knex);
  if (!station) return;
  const written = await snapshotStationsAndIdentifiers(knex, { station, after: 0, at: new Date().toISOString(), audit: await auditAnchor(knex) });
  await knex('stations').where({ id: station.id }).update({ journal_next_seq: written + 1 });
  await deferAccountSnapshot(knex, station);
  reportProgress({ migration: NAME, done: 1, total: 1 });
}

export async function down(knex: Knex): Promise<void> {
  await knex('settings').where({ key: ACCOUNT_SNAPSHOT_KEY }).delete();
  await dropAppendOnlyTriggers(knex, 'journal');
  await knex.schema.dropTable('journal_batches');
  await knex.schema.dropTable('journal');
  // Native DROP COLUMN on both engines (see 0010): foreign keys point at stations.
  await knex.raw('ALTER TABLE stations DROP COLUMN journal_next_seq');
}
