import type { Knex } from 'knex';
import { normalizeNameForSearch } from '../shared/text/persian';
import { reportProgress } from './progress';

const NAME = '0010_account_last_name_search';
/** Rows per UPDATE: large enough to be set-based, small enough to report progress often. */
const CHUNK = 50_000;

/**
 * Clerks search by surname as often as by full name: a second normalised, indexed column for the
 * last name lets one search box find «رحیمی» as well as «احمد رحیمی» without scanning.
 *
 * The backfill is set-based (issue 11): the key is computed once per distinct surname (the
 * normalisation lives in TypeScript, not SQL) into a temporary table, and one UPDATE … FROM per
 * id range joins it in; the index is built after the column is filled. Progress is reported per range.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('accounts', (t) => {
    t.string('last_name_search', 80).nullable();
  });
  await knex.raw('CREATE TEMPORARY TABLE name_keys_0010 (last_name varchar(80) PRIMARY KEY, search_key varchar(80) NOT NULL)');
  const [{ lo, hi }] = (await knex('accounts').min({ lo: 'id' }).max({ hi: 'id' })) as [{ lo: unknown; hi: unknown }];
  const first = Number(lo ?? 0);
  const last = Number(hi ?? 0);
  const known = new Set<string>();
  for (let from = first - 1; from < last; from += CHUNK) {
    const to = Math.min(from + CHUNK, last);
    const names = (await knex('accounts').where('id', '>', from).where('id', '<=', to).whereNotNull('last_name').distinct('last_name').pluck('last_name')) as string[];
    const fresh = names.filter((n) => !known.has(n)).map((n) => ({ last_name: n, search_key: normalizeNameForSearch(n) }));
    for (const f of fresh) known.add(f.last_name);
    for (let i = 0; i < fresh.length; i += 500) await knex('name_keys_0010').insert(fresh.slice(i, i + 500));
    await knex.raw(
      'UPDATE accounts SET last_name_search = k.search_key FROM name_keys_0010 AS k WHERE k.last_name = accounts.last_name AND accounts.id > ? AND accounts.id <= ?',
      [from, to],
    );
    reportProgress({ migration: NAME, done: to - first + 1, total: last - first + 1 });
  }
  await knex.raw('DROP TABLE name_keys_0010');
  await knex.schema.alterTable('accounts', (t) => {
    t.index(['last_name_search'], 'accounts_last_name_search_index');
  });
}

export async function down(knex: Knex): Promise<void> {
  // Native DROP COLUMN on both engines: knex would rebuild the SQLite table, which the foreign
  // keys pointing at accounts refuse.
  await knex.raw('DROP INDEX accounts_last_name_search_index');
  await knex.raw('ALTER TABLE accounts DROP COLUMN last_name_search');
}
