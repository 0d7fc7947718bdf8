import type { Knex } from 'knex';
import { isPostgres } from './dialect';

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
  if (isPostgres(knex)) {
    await knex.raw(`CREATE FUNCTION audit_log_append_only() RETURNS trigger AS $$
      BEGIN RAISE EXCEPTION 'audit_log is append-only'; END; $$ LANGUAGE plpgsql`);
    await knex.raw(`CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);
    // Row triggers do not see TRUNCATE; SQLite has no TRUNCATE (its DELETE trigger covers it).
    await knex.raw(`CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`);
  } else {
    await knex.raw(`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`);
    await knex.raw(`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`);
  }
}

export async function down(knex: Knex): Promise<void> {
  if (isPostgres(knex)) {
    await knex.raw('DROP TRIGGER IF EXISTS audit_log_no_update ON audit_log');
    await knex.raw('DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log');
    await knex.raw('DROP FUNCTION IF EXISTS audit_log_append_only()');
  }
  await knex.schema.dropTable('audit_head');
  await knex.schema.dropTable('audit_log');
}
