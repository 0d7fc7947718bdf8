import type { Knex } from 'knex';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readSettings } from '../../src-main/db/settings.repo';
import { inTx } from '../../src-main/services/env';
import { getSettings, updateSettings } from '../../src-main/services/settings.service';
import { useTestApp } from '../helpers/app';
import { branchDesk } from '../helpers/desk-flow';

/** Issue 11: settings and this station read from a copy in main, dropped when they change. */
describe('issue 11: settings cached in main', () => {
  const desk = useTestApp(branchDesk);
  afterEach(() => vi.useRealTimers());

  function settingsReads(run: () => Promise<unknown>): Promise<number> {
    const db = desk().app.ctx.db;
    let n = 0;
    const listen = (q: { sql: string }) => {
      if (/from [`"]settings[`"]/i.test(q.sql) && /^select/i.test(q.sql)) n++;
    };
    db.on('query', listen);
    return run().then(
      () => (db.removeListener('query', listen), n),
      (e: unknown) => {
        db.removeListener('query', listen);
        throw e;
      },
    );
  }

  it('repeated reads of settings (and of the internal keys beside them) cost no query on the settings table', async () => {
    const { app } = desk();
    await getSettings(app.ctx.db);
    expect(await settingsReads(async () => {
      for (let i = 0; i < 5; i++) await getSettings(app.ctx.db);
      await inTx(app.ctx.env, (tx) => getSettings(tx));
    })).toBe(0);
  });

  it('a change through settings:update is seen at once by the next read', async () => {
    const { app, supervisor } = desk();
    expect((await getSettings(app.ctx.db)).resetCooldownSeconds).toBe(120);
    await app.ok(supervisor, 'settings:update', { resetCooldownSeconds: 420 });
    expect((await getSettings(app.ctx.db)).resetCooldownSeconds).toBe(420);
  });

  it('a change that rolls back never reaches the copy, and its own transaction reads it', async () => {
    const { app } = desk();
    await getSettings(app.ctx.db);
    await expect(
      inTx(app.ctx.env, async (tx) => {
        await updateSettings(tx, { resetCooldownSeconds: 540 }, app.clock.now());
        expect((await getSettings(tx)).resetCooldownSeconds).toBe(540);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect((await getSettings(app.ctx.db)).resetCooldownSeconds).toBe(120);
  });

  /**
   * Found while tracing the CI failure of 2026-12-06: a read of the settings table whose answer was
   * read before a change committed but handled after it put the old copy back for its 5 s life
   * (on PostgreSQL's several connections a read can overlap another's write). The read is the real
   * database's; only its answer is held until after the commit.
   */
  it('a read answered before a change committed and handled after it does not bring the old copy back', async () => {
    const { app } = desk();
    const db = app.ctx.db;
    expect((await getSettings(db)).resetCooldownSeconds).toBe(120);
    // The copy expires (only the wall clock moves): the next read goes to the table.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 6_000);
    let handle = (): void => undefined;
    const held = new Promise<void>((r) => (handle = r));
    let answered = (): void => undefined;
    const readAnswered = new Promise<void>((r) => (answered = r));
    const slow = Object.assign(
      (table: string) => ({
        select: async (...cols: string[]) => {
          const rows: unknown = await db(table).select(...cols);
          answered();
          await held;
          return rows;
        },
      }),
      { client: db.client, isTransaction: false },
    ) as unknown as Knex;
    const lateRead = readSettings(slow);
    await readAnswered; // the old rows are read
    await app.ok(desk().supervisor, 'settings:update', { resetCooldownSeconds: 420 });
    handle();
    expect((await lateRead).resetCooldownSeconds).toBeUndefined(); // that caller saw the rows of its time (the default, not stored)
    expect((await getSettings(db)).resetCooldownSeconds).toBe(420);
  });
});
