import type { Knex } from 'knex';
import { normalizeNameForSearch } from '../shared/text/persian';

/**
 * Clerks search by surname as often as by full name: a second normalised, indexed column for the
 * last name lets one search box find «رحیمی» as well as «احمد رحیمی» without scanning.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('accounts', (t) => {
    t.string('last_name_search', 80).nullable().index();
  });
  const rows = await knex('accounts').whereNotNull('last_name').select<{ id: number; last_name: string }[]>('id', 'last_name');
  for (const r of rows) await knex('accounts').where({ id: r.id }).update({ last_name_search: normalizeNameForSearch(r.last_name) });
}

export async function down(knex: Knex): Promise<void> {
  // Native DROP COLUMN on both engines: knex would rebuild the SQLite table, which the foreign
  // keys pointing at accounts refuse.
  await knex.raw('DROP INDEX accounts_last_name_search_index');
  await knex.raw('ALTER TABLE accounts DROP COLUMN last_name_search');
}
