import { describe, expect, it } from 'vitest';
import { up } from '../../migrations/0021_search_statistics';
import { setUpBranch } from '../helpers/app';
import { registerCitizen } from '../helpers/desk-flow';
import { useEngine } from '../helpers/engines';

/**
 * Migration 0021 (issue 11 item 1): on PostgreSQL the search columns get their statistics back
 * after 0013 changed their type, so the planner walks the name index to the page from the first
 * search after an upgrade (the 1M bench measured 200–425 ms for «رضا» until autovacuum analyzed).
 */
describe('0021_search_statistics on PostgreSQL', () => {
  const { start, skipHere } = useEngine(true);

  it.skipIf(skipHere)('analyzes accounts: the name search columns have statistics afterwards (none before, as after 0013)', async () => {
    const app = await start();
    const desk = await setUpBranch(app);
    for (const first9 of ['001234567', '002345678', '003456789']) await registerCitizen({ app, ...desk }, first9, { firstName: 'رضا', lastName: 'محمدی' });
    const stats = async () =>
      (await app.ctx.db('pg_stats').where({ tablename: 'accounts' }).whereIn('attname', ['name_search', 'last_name_search']).orderBy('attname').pluck('attname')) as string[];
    expect(await stats()).toEqual([]);
    await up(app.ctx.db);
    expect(await stats()).toEqual(['last_name_search', 'name_search']);
  });
});
