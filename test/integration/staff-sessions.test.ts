import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app';
import { branchDesk } from '../helpers/desk-flow';

describe('staff sessions follow the database and the clock', () => {
  const desk = useTestApp(branchDesk);

  it('a clerk disabled elsewhere (another counter on the shared database) loses the session at the next call', async () => {
    const { app, clerk } = desk();
    expect((await app.call(clerk, 'reference:groups', {})).ok).toBe(true);
    await app.ctx.db('staff').where({ username: 'reza.clerk' }).update({ disabled_at: app.clock.now().toISOString() });
    const r = await app.call(clerk, 'reference:groups', {});
    expect(r.ok ? null : r.error.code).toBe('UNAUTHENTICATED');
    expect(await app.ok(clerk, 'staff:me', {})).toBeNull();
  });

  it('a password reset elsewhere restricts the live session to the password change', async () => {
    const { app, clerk } = desk();
    await app.ctx.db('staff').where({ username: 'reza.clerk' }).update({ must_change_password: true });
    const r = await app.call(clerk, 'reference:groups', {});
    expect(r.ok ? null : r.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
  });

  it('staff:me reports the idle lock as soon as the idle time has passed', async () => {
    const { app, clerk } = desk();
    expect((await app.ok(clerk, 'staff:me', {}))!.locked).toBe(false);
    app.clock.advance(10 * 60_000 + 1000);
    expect((await app.ok(clerk, 'staff:me', {}))!.locked).toBe(true);
  });

  it('a new idle-lock time applies at once, not at the next re-read', async () => {
    const { app, clerk, supervisor } = desk();
    await app.ok(supervisor, 'settings:update', { idleLockMinutes: 2 });
    app.clock.advance(2 * 60_000 + 1000);
    const r = await app.call(clerk, 'reference:groups', {});
    expect(r.ok ? null : r.error.code).toBe('SESSION_LOCKED');
  });
});
