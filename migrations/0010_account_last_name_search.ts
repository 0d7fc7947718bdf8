import type { Knex } from 'knex';
import { normalizeNameForSearch } from '../shared/text/persian';
import { isPostgres } from './dialect';
import { reportProgress } from './progress';

const NAME = '0010_account_last_name_search';
/** Rows per UPDATE on SQLite: large enough to be set-based, small enough to report progress often. */
const CHUNK = 50_000;

/**
 * Clerks search by surname as often as by full name: a second normalised, indexed column for the
 * last name lets one search box find «رحیمی» as well as «احمد رحیمی» without scanning.
 *
 * The backfill is set-based (issue 11): the key is computed once per distinct surname (the
 * normalisation lives in TypeScript, not SQL) into a temporary table, and the index is built
 * after the column is filled. How the column is filled depends on the engine:
 * - SQLite: one UPDATE … FROM per id range joins the keys in, with a progress report per range;
 * - PostgreSQL: an UPDATE of every row is a non-HOT update that adds an entry to every index on
 *   accounts (and leaves a dead copy of each row). The table is rewritten once instead, by
 *   ALTER COLUMN … TYPE (the same type) USING a lookup of the key: PostgreSQL writes the new rows
 *   and rebuilds each index with a sorted build. Measured at 1,000,000 accounts, about a third
 *   of the UPDATE's time (README, the upgrade row). The schema it leaves is the same.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('accounts', (t) => {
    t.string('last_name_search', 80).nullable();
  });
  await knex.raw('CREATE TEMPORARY TABLE name_keys_0010 (last_name varchar(80) PRIMARY KEY, search_key varchar(80) NOT NULL)');
  if (isPostgres(knex)) await rewriteOnPostgres(knex);
  else await updateByRanges(knex);
  await knex.raw('DROP TABLE name_keys_0010');
  await knex.schema.alterTable('accounts', (t) => {
    t.index(['last_name_search'], 'accounts_last_name_search_index');
  });
  reportProgress({ migration: NAME, done: 1, total: 1 });
}

/** The keys of these surnames not yet in the temporary table go in, computed once each. */
async function addKeys(knex: Knex, names: string[], known: Set<string>): Promise<void> {
  const fresh = names.filter((n) => !known.has(n)).map((n) => ({ last_name: n, search_key: normalizeNameForSearch(n) }));
  for (const f of fresh) known.add(f.last_name);
  for (let i = 0; i < fresh.length; i += 500) await knex('name_keys_0010').insert(fresh.slice(i, i + 500));
}

async function updateByRanges(knex: Knex): Promise<void> {
  const [{ lo, hi }] = (await knex('accounts').min({ lo: 'id' }).max({ hi: 'id' })) as [{ lo: unknown; hi: unknown }];
  const first = Number(lo ?? 0);
  const last = Number(hi ?? 0);
  const known = new Set<string>();
  for (let from = first - 1; from < last; from += CHUNK) {
    const to = Math.min(from + CHUNK, last);
    const names = (await knex('accounts').where('id', '>', from).where('id', '<=', to).whereNotNull('last_name').distinct('last_name').pluck('last_name')) as string[];
    await addKeys(knex, names, known);
    await knex.raw(
      'UPDATE accounts SET last_name_search = k.search_key FROM name_keys_0010 AS k WHERE k.last_name = accounts.last_name AND accounts.id > ? AND accounts.id <= ?',
      [from, to],
    );
    // The last step (the index) is reported by up().
    if (to < last) reportProgress({ migration: NAME, done: to - first + 1, total: last - first + 1 });
  }
}

/** Steps of the PostgreSQL rewrite, as shares of the whole (measured at 1,000,000 accounts). */
const PG_STEPS = { keys: 10, rewritten: 90, total: 100 };

async function rewriteOnPostgres(knex: Knex): Promise<void> {
  reportProgress({ migration: NAME, done: 0, total: PG_STEPS.total });
  // The rewrite rebuilds every index of accounts: with room to sort in memory, each is one pass.
  await knex.raw("SET LOCAL maintenance_work_mem = '256MB'");
  const names = (await knex('accounts').whereNotNull('last_name').distinct('last_name').pluck('last_name')) as string[];
  await addKeys(knex, names, new Set());
  await knex.raw('ANALYZE name_keys_0010');
  reportProgress({ migration: NAME, done: PG_STEPS.keys, total: PG_STEPS.total });
  await knex.raw(`CREATE FUNCTION pg_temp.name_key_0010(text) RETURNS varchar(80) LANGUAGE sql STABLE
    AS $$ SELECT search_key FROM name_keys_0010 WHERE last_name = $1 $$`);
  await knex.raw('ALTER TABLE accounts ALTER COLUMN last_name_search TYPE varchar(80) USING pg_temp.name_key_0010(last_name)');
  await knex.raw('DROP FUNCTION pg_temp.name_key_0010(text)');
  reportProgress({ migration: NAME, done: PG_STEPS.rewritten, total: PG_STEPS.total });
}

export async function down(knex: Knex): Promise<void> {
  // Native DROP COLUMN on both engines: knex would rebuild the SQLite table, which the foreign
  // keys pointing at accounts refuse.
  await knex.raw('DROP INDEX accounts_last_name_search_index');
  await knex.raw('ALTER TABLE accounts DROP COLUMN last_name_search');
}
