import type { Knex } from 'knex';

/**
 * Issue 9: the branch's copy of headquarters' registry — every username registered at any
 * branch, with the branch and station that registered it first and whether it is still live
 * there — so that REG-5 holds across branches, also while the line is down. One row per username
 * (a page from headquarters upserts it, and only a newer version replaces a row), and one row of
 * state: the registry version the copy is at, when headquarters published it and when it came.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('hq_registry', (t) => {
    t.string('username', 12).primary();
    t.string('branch_code', 4).notNullable();
    t.integer('station_number').notNullable();
    t.string('registered_at', 32).notNullable();
    t.boolean('active').notNullable();
    t.bigInteger('version').notNullable();
  });
  await knex.schema.createTable('hq_registry_state', (t) => {
    // One row, id 1: the repo reads and updates only that one.
    t.integer('id').primary();
    t.bigInteger('version').notNullable();
    t.string('published_at', 32).nullable();
    t.string('received_at', 32).nullable();
    t.string('source', 8).nullable();
  });
  await knex('hq_registry_state').insert({ id: 1, version: 0, published_at: null, received_at: null, source: null });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('hq_registry_state');
  await knex.schema.dropTable('hq_registry');
}
