import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrationSource } from '../../migrations';
import { connect, type Db } from '../../src-main/db/connection';
import { freshSqlite, type TempDb } from '../helpers/db';
import { atSchema0009, dataOf, finishUpgradeWork, FIRST_CHANGED, legacySource, rows, schemaOf, type Rows } from '../helpers/legacy-upgrade';
import { pgSkipReason, startPg, type PgCluster } from '../helpers/pg';

/**
 * Issue 11 item 3: migrations 0010, 0012 and 0013 were made faster after installed databases had
 * run them, which is allowed only if what they leave is exactly what the first bodies left. The
 * first bodies are kept verbatim in test/fixtures/legacy-migrations/. The same branch at schema
 * 0009 is upgraded twice, step by step — once with the first bodies, once with today's — and
 * after every step both schemas must be identical (tables, columns, types, collations, defaults,
 * indexes, constraints, triggers, functions). 0010 now leaves the surname keys of existing
 * accounts, and 0012 their snapshot entries, to the app's background job
 * (migrations/deferred-upgrade.ts): once that has finished, the data is
 * the same too: every account's surname key, the journal snapshot entry by entry (all but `at`,
 * the time of the upgrade), the stations' next journal number, and nothing left to do.
 */

/**
 * The one difference allowed between steps: on PostgreSQL, 0010 no longer builds the surname index
 * that 0013 drops and builds again as (last_name_search, id) COLLATE "C" in the same upgrade (a
 * sort of a million NULLs thrown away: 0.5–0.9 s of the first start at 1,000,000 accounts). The
 * app never runs on a schema between them: it migrates to the latest before it serves.
 */
function withoutInterimSurnameIndex(schema: Record<string, Rows>, pg: boolean, step: string): Record<string, Rows> {
  if (!pg || !['0010_account_last_name_search', '0011_station_lifecycle', '0012_journal'].includes(step)) return schema;
  return { ...schema, indexes: schema.indexes!.filter((i) => (i as { indexname: string }).indexname !== 'accounts_last_name_search_index') };
}

/** Both databases at 0009 with the same branch, then step by step to the latest, compared after each step. */
async function compareUpgrades(before: Db, after: Db, pg: boolean): Promise<void> {
  await atSchema0009(before, after);
  for (const [name] of MIGRATIONS.slice(FIRST_CHANGED)) {
    await before.migrate.up({ migrationSource: legacySource, name });
    await after.migrate.up({ migrationSource, name });
    expect(await schemaOf(after, pg), `schema after ${name}`).toEqual(withoutInterimSurnameIndex(await schemaOf(before, pg), pg, name));
  }
  // Right after the migrations: the stations' and identifiers' entries; the accounts' are left to the job.
  expect((await dataOf(after)).journal).toHaveLength(1 + 2 + 1);
  expect((await dataOf(after)).accounts.filter((a) => (a as { last_name_search: unknown }).last_name_search !== null)).toEqual([]);
  expect(await rows(after, "SELECT key FROM settings WHERE key LIKE 'internal.upgrade.%' ORDER BY key")).toEqual([
    { key: 'internal.upgrade.account_snapshot' },
    { key: 'internal.upgrade.surname_keys' },
  ]);
  // 240 accounts in batches of 50 ids, twice: ids 1–200, then the ones from 1007 on with their gaps.
  expect(await finishUpgradeWork(after, 50)).toBeGreaterThan(8);
  const [old, now] = [await dataOf(before), await dataOf(after)];
  expect(now.journal).toHaveLength(1 + 2 + 240 + 1); // two stations, two identifiers, the accounts
  expect(now.accounts.filter((a) => (a as { last_name_search: unknown }).last_name_search !== null)).toHaveLength(216);
  expect(now).toEqual(old);
  expect(await rows(after, "SELECT key FROM settings WHERE key LIKE 'internal.upgrade.%'")).toEqual([]);
  expect(await finishUpgradeWork(after, 50)).toBe(0);
}

describe('issue 11: the faster 0010/0012/0013 leave exactly what their first bodies left', () => {
  it('SQLite: the same schema after every step from 0009, and the same keys, snapshot and journal numbers', async () => {
    const dbs: TempDb[] = [await freshSqlite({ migrate: false }), await freshSqlite({ migrate: false })];
    try {
      await compareUpgrades(dbs[0]!.db, dbs[1]!.db, false);
    } finally {
      for (const t of dbs) await t.close();
    }
  });

  const skip = pgSkipReason();
  describe.skipIf(skip !== null)('PostgreSQL 15', () => {
    let cluster: PgCluster;
    const open: Db[] = [];
    beforeAll(async () => {
      cluster = await startPg();
    });
    afterAll(async () => {
      for (const d of open) await d.destroy();
      await cluster?.stop();
    });

    it('the same schema after every step from 0009 (columns, collations, indexes, constraints, triggers), and the same data', async () => {
      for (let i = 0; i < 2; i++) open.push(connect({ url: await cluster.createDatabase(), sqliteFile: '' }));
      await compareUpgrades(open[0]!, open[1]!, true);
    });
  });
});
