import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setUpBranch, startTestApp, type TestApp } from '../helpers/app';

describe('staff sessions follow the database and the clock', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await startTestApp();
  });
  afterEach(async () => {
    await app.close();
  });

  it('a clerk disabled elsewhere (another counter on the shared database) loses the session at the next call', async () => {
    const { clerk } = await setUpBranch(app);
    expect((await app.call(clerk, 'reference:groups', {})).ok).toBe(true);
    await app.ctx.db('staff').where({ username: 'reza.clerk' }).update({ disabled_at: app.clock.now().toISOString() });
    const r = await app.call(clerk, 'reference:groups', {});
    expect(r.ok ? null : r.error.code).toBe('UNAUTHENTICATED');
    expect(await app.ok(clerk, 'staff:me', {})).toBeNull();
  });

  it('a password reset elsewhere restricts the live session to the password change', async () => {
    const { clerk } = await setUpBranch(app);
    await app.ctx.db('staff').where({ username: 'reza.clerk' }).update({ must_change_password: true });
    const r = await app.call(clerk, 'reference:groups', {});
    expect(r.ok ? null : r.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
  });

  it('staff:me reports the idle lock as soon as the idle time has passed', async () => {
    const { clerk } = await setUpBranch(app);
    expect((await app.ok(clerk, 'staff:me', {}))!.locked).toBe(false);
    app.clock.advance(10 * 60_000 + 1000);
    expect((await app.ok(clerk, 'staff:me', {}))!.locked).toBe(true);
  });

  it('a new idle-lock time applies at once, not at the next re-read', async () => {
    const { clerk, supervisor } = await setUpBranch(app);
    await app.ok(supervisor, 'settings:update', { idleLockMinutes: 2 });
    app.clock.advance(2 * 60_000 + 1000);
    const r = await app.call(clerk, 'reference:groups', {});
    expect(r.ok ? null : r.error.code).toBe('SESSION_LOCKED');
  });
});
