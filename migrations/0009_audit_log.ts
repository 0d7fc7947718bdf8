import type { Knex } from 'knex';
import { createAppendOnlyTriggers, dropAppendOnlyTriggers } from './append-only';

/**
 * REG-6 and the design's audit: append-only, HMAC-chained. Triggers refuse UPDATE and DELETE on
 * both engines, so the application itself cannot rewrite history; someone editing the file or
 * the server directly is caught by the chain.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('audit_log', (t) => {
    t.integer('id').primary();
    t.string('at', 32).notNullable();
    t.string('actor_type', 8).notNullable();
    t.integer('actor_id').nullable();
    t.string('actor_name', 80).nullable();
    t.string('action', 40).notNullable().index();
    t.string('subject_type', 24).nullable();
    t.string('subject_id', 40).nullable();
    t.text('details').notNullable();
    t.string('prev_hash', 64).notNullable();
    t.string('hash', 64).notNullable();
  });
  await knex.raw('CREATE INDEX audit_log_subject_idx ON audit_log (subject_type, subject_id)');
  await knex.raw('CREATE INDEX audit_log_at_idx ON audit_log (at)');
  await knex.schema.createTable('audit_head', (t) => {
    t.integer('id').primary();
    t.integer('last_id').notNullable();
    t.string('last_hash', 64).notNullable();
  });
  await knex('audit_head').insert({ id: 1, last_id: 0, last_hash: '0'.repeat(64) });
  await createAppendOnlyTriggers(knex, 'audit_log');
}

export async function down(knex: Knex): Promise<void> {
  await dropAppendOnlyTriggers(knex, 'audit_log');
  await knex.schema.dropTable('audit_head');
  await knex.schema.dropTable('audit_log');
}
