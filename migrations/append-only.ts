import type { Knex } from 'knex';
import { isPostgres } from './dialect';

/**
 * Triggers that refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL, whose row triggers do not
 * see it; SQLite has no TRUNCATE) on a table, so the application itself cannot rewrite history.
 */
export async function createAppendOnlyTriggers(knex: Knex, table: string): Promise<void> {
  if (isPostgres(knex)) {
    await knex.raw(`CREATE FUNCTION ${table}_append_only() RETURNS trigger AS $$
      BEGIN RAISE EXCEPTION '${table} is append-only'; END; $$ LANGUAGE plpgsql`);
    await knex.raw(`CREATE TRIGGER ${table}_no_update BEFORE UPDATE OR DELETE ON ${table}
      FOR EACH ROW EXECUTE FUNCTION ${table}_append_only()`);
    await knex.raw(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
      FOR EACH STATEMENT EXECUTE FUNCTION ${table}_append_only()`);
  } else {
    await knex.raw(`CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table}
      BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END`);
    await knex.raw(`CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table}
      BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END`);
  }
}

/** Before dropping the table: PostgreSQL's trigger function outlives it (SQLite's triggers do not). */
export async function dropAppendOnlyTriggers(knex: Knex, table: string): Promise<void> {
  if (isPostgres(knex)) {
    await knex.raw(`DROP TRIGGER IF EXISTS ${table}_no_update ON ${table}`);
    await knex.raw(`DROP TRIGGER IF EXISTS ${table}_no_truncate ON ${table}`);
    await knex.raw(`DROP FUNCTION IF EXISTS ${table}_append_only()`);
  }
}
