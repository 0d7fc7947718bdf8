import type { Knex } from 'knex';
import { deferSurnameKeys, SURNAME_KEYS_KEY } from './deferred-upgrade';
import { isPostgres } from './dialect';
import { reportProgress } from './progress';

const NAME = '0010_account_last_name_search';

/**
 * Clerks search by surname as often as by full name: a second normalised, indexed column for the
 * last name lets one search box find «رحیمی» as well as «احمد رحیمی» without scanning.
 *
 * The keys of the accounts that exist at the upgrade are filled after the app has started, by the
 * upgrade's background job (migrations/deferred-upgrade.ts, issue 11 item 3): the normalisation
 * lives in TypeScript, not SQL, and writing every account row took 3.4 s on SQLite and 15 s on
 * PostgreSQL at 1,000,000 accounts (an UPDATE of every row, 20 s there). Accounts registered from
 * now on get their key at insert. Until the job is done, a name search says that surnames of older
 * accounts may be missing (accounts.service). The schema is the same as the first body left, and
 * so are the keys once the job has finished.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('accounts', (t) => {
    t.string('last_name_search', 80).nullable();
  });
  // Built over an empty column: no sort of a million keys here. Not on PostgreSQL: 0013, which
  // runs in the same upgrade (the app migrates to the latest before it serves), drops this index
  // and builds (last_name_search, id) COLLATE "C" instead; a sort of a million NULLs thrown away
  // was 0.5–0.9 s of the first start there (issue 11).
  if (!isPostgres(knex)) {
    await knex.schema.alterTable('accounts', (t) => {
      t.index(['last_name_search'], 'accounts_last_name_search_index');
    });
  }
  await deferSurnameKeys(knex);
  reportProgress({ migration: NAME, done: 1, total: 1 });
}

export async function down(knex: Knex): Promise<void> {
  await knex('settings').where({ key: SURNAME_KEYS_KEY }).delete();
  // Native DROP COLUMN on both engines: knex would rebuild the SQLite table, which the foreign
  // keys pointing at accounts refuse.
  await knex.raw('DROP INDEX IF EXISTS accounts_last_name_search_index');
  await knex.raw('ALTER TABLE accounts DROP COLUMN last_name_search');
}
