import type { Knex } from 'knex';
import { isPostgres } from './dialect';

/**
 * Issue 11 item 1 (found by the 1M bench): PostgreSQL drops a column's statistics when its type
 * changes, and 0013 changed the search columns to COLLATE "C". Until autovacuum analyzed the table
 * again (a minute or more after an upgrade), the planner guessed a prefix matched a handful of
 * rows and fetched and sorted every match instead of walking the (column, id) index to the page:
 * 200–425 ms for «رضا» at 1,000,000 accounts against 4–7 ms afterwards. ANALYZE samples a fixed
 * number of rows, whatever the table's size. SQLite keeps no statistics unless asked (its planner
 * walks the index by rule), so nothing is done there; the schema is unchanged on both engines.
 */
export async function up(knex: Knex): Promise<void> {
  // Only the two columns whose statistics 0013 dropped (the others are kept): half the time.
  if (isPostgres(knex)) await knex.raw('ANALYZE accounts (name_search, last_name_search)');
}

export async function down(): Promise<void> {
  // Statistics are not schema: nothing to undo.
}
