import { describe, expect, it } from 'vitest';
import { inTx } from '../../src-main/services/env';
import { getSettings, updateSettings } from '../../src-main/services/settings.service';
import { useTestApp } from '../helpers/app';
import { branchDesk } from '../helpers/desk-flow';

/** Issue 11: settings and this station read from a copy in main, dropped when they change. */
describe('issue 11: settings cached in main', () => {
  const desk = useTestApp(branchDesk);

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
});
