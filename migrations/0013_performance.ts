import type { Knex } from 'knex';
import { isPostgres } from './dialect';
import { reportProgress } from './progress';

const NAME = '0013_performance';

/**
 * Issue 11, what the hot paths look up:
 * - name search walks an index in order and stops at the page size. SQLite index entries already
 *   end with the rowid, so `(name_search)` is `(name_search, id)` there. PostgreSQL gets the same
 *   two-column indexes, and the search columns compare byte-wise (COLLATE "C"): the prefix range
 *   `[key, key + U+10FFFF)` is then exactly the keys that start with `key`, whatever the
 *   database's own collation, so nothing outside the prefix is walked and nothing is missed;
 * - the dispatcher finds a message's reset by `password_resets.sms_id` and checks a person's
 *   messages in flight by `sms_outbox.account_id`: both indexed (no scan per message sent).
 * Nothing is backfilled: every statement is an index build. On PostgreSQL the two search indexes
 * over accounts are rebuilt (seconds at a million accounts): with room to sort in memory, and a
 * progress report after each (issue 11).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('password_resets', (t) => t.index(['sms_id'], 'password_resets_sms_id_index'));
  await knex.schema.alterTable('sms_outbox', (t) => t.index(['account_id', 'status'], 'sms_outbox_account_status_index'));
  if (!isPostgres(knex)) return;
  reportProgress({ migration: NAME, done: 0, total: 2 });
  await knex.raw("SET LOCAL maintenance_work_mem = '256MB'");
  await knex.raw('DROP INDEX accounts_name_search_index');
  // Left by 0010's earlier body only (today's builds none on PostgreSQL).
  await knex.raw('DROP INDEX IF EXISTS accounts_last_name_search_index');
  await knex.raw('ALTER TABLE accounts ALTER COLUMN name_search TYPE varchar(170) COLLATE "C"');
  await knex.raw('ALTER TABLE accounts ALTER COLUMN last_name_search TYPE varchar(80) COLLATE "C"');
  await knex.raw('CREATE INDEX accounts_name_search_index ON accounts (name_search, id)');
  reportProgress({ migration: NAME, done: 1, total: 2 });
  await knex.raw('CREATE INDEX accounts_last_name_search_index ON accounts (last_name_search, id)');
  reportProgress({ migration: NAME, done: 2, total: 2 });
}

export async function down(knex: Knex): Promise<void> {
  if (isPostgres(knex)) {
    await knex.raw('DROP INDEX accounts_name_search_index');
    await knex.raw('DROP INDEX accounts_last_name_search_index');
    await knex.raw('ALTER TABLE accounts ALTER COLUMN name_search TYPE varchar(170) COLLATE "default"');
    await knex.raw('ALTER TABLE accounts ALTER COLUMN last_name_search TYPE varchar(80) COLLATE "default"');
    await knex.raw('CREATE INDEX accounts_name_search_index ON accounts (name_search)');
    await knex.raw('CREATE INDEX accounts_last_name_search_index ON accounts (last_name_search)');
  }
  await knex.raw('DROP INDEX sms_outbox_account_status_index');
  await knex.raw('DROP INDEX password_resets_sms_id_index');
}
