import type { Knex } from 'knex';

/**
 * Issue 10 item 6, issue 11 item 4: a session version per staff member and per account. A change
 * of password (own, reset, recovery) or of status bumps it in the same transaction; a session
 * remembers the version it logged in with, so every other session of that person ends without
 * the row being read again on each call.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('staff', (t) => {
    t.integer('session_version').notNullable().defaultTo(0);
  });
  await knex.schema.alterTable('accounts', (t) => {
    t.integer('session_version').notNullable().defaultTo(0);
  });
}

export async function down(knex: Knex): Promise<void> {
  // Native DROP COLUMN on both engines (knex would rebuild the SQLite table; foreign keys refuse it).
  await knex.raw('ALTER TABLE accounts DROP COLUMN session_version');
  await knex.raw('ALTER TABLE staff DROP COLUMN session_version');
}
