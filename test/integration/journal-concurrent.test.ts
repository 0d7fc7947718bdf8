import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLERK_PASSWORD, SUPERVISOR, nationalCode, setUpBranch, useAppStarter } from '../helpers/app';
import { registrationInput } from '../helpers/desk-flow';
import { expectContiguous, journalRows } from '../helpers/journal-flow';
import { pgSkipReason, startPg, type PgCluster } from '../helpers/pg';

/**
 * Issue 8 item 1 under load: two counters (two service environments, each with its own connection
 * pool and sealed station) on one shared PostgreSQL, each with two clerks registering at once.
 * Every station's journal stays gapless (1, 2, 3, …) with no sequence taken twice, and every
 * registration is journaled exactly once, in the station of the counter that made it.
 */
const skip = pgSkipReason();
const PER_CLERK = 8;

describe.skipIf(skip !== null)('the journal with counters registering at once on PostgreSQL', () => {
  let cluster: PgCluster;
  beforeAll(async () => {
    cluster = await startPg();
  });
  afterAll(async () => {
    await cluster?.stop();
  });
  const start = useAppStarter();

  it('two counters, two clerks each, registering at once: gapless per station, no duplicate sequence, each registration journaled once', async () => {
    const first = await start({ databaseUrl: await cluster.createDatabase() });
    const desk = await setUpBranch(first);
    const second = await start({ sameDatabaseAs: first });
    await second.ok(second.staffSession(), 'setup:join', { ...SUPERVISOR, stationNumber: 8 });
    const clerkOn = async (app: typeof first) => {
      const s = app.staffSession();
      await app.ok(s, 'staff:login', { username: 'reza.clerk', password: CLERK_PASSWORD });
      return s;
    };
    const clerks = [
      { app: first, clerk: desk.clerk },
      { app: first, clerk: await clerkOn(first) },
      { app: second, clerk: await clerkOn(second) },
      { app: second, clerk: await clerkOn(second) },
    ];
    const input = await registrationInput({ app: first, clerk: desk.clerk, branchId: desk.branchId }, { nationalCode: nationalCode('300000000') });
    const before = await journalRows(first.ctx.db);

    // All four clerks at once, each registering PER_CLERK people one after another.
    const made = await Promise.all(
      clerks.map(async ({ app, clerk }, c) => {
        const codes: string[] = [];
        for (let i = 0; i < PER_CLERK; i++) {
          const code = nationalCode(String(310_000_000 + c * 1000 + i));
          await app.ok(clerk, 'accounts:register', { ...input, nationalCode: code, idDocument: { type: 'national_card', number: code } });
          codes.push(code);
        }
        return { station: app === first ? 7 : 8, codes };
      }),
    );

    await expectContiguous(first.ctx.db);
    const rows = await journalRows(first.ctx.db);
    const keys = rows.map((r) => `${r.stationId}/${r.seq}`);
    expect(new Set(keys).size).toBe(keys.length);
    const registered = rows.filter((r) => r.kind === 'account.registered');
    expect(registered).toHaveLength(before.filter((r) => r.kind === 'account.registered').length + 4 * PER_CLERK);
    for (const { station, codes } of made) {
      for (const code of codes) {
        const mine = registered.filter((r) => r.recordId === code);
        expect(mine.map((r) => r.stationNumber)).toEqual([station]);
      }
    }
    // Both stations really took numbers while the other did: neither journal is empty of them.
    expect(new Set(registered.map((r) => r.stationNumber))).toEqual(new Set([7, 8]));
  });
});
