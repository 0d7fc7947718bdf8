import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app';
import { branchDesk } from '../helpers/desk-flow';

describe('staff sessions follow the database and the clock', () => {
  const desk = useTestApp(branchDesk);

  it('a clerk disabled elsewhere (another counter on the shared database) loses the session once the staff versions refresh', async () => {
    const { app, clerk } = desk();
    expect((await app.call(clerk, 'reference:groups', {})).ok).toBe(true);
    // What setStaffDisabled writes on the other counter: the flag and a new session version.
    await app.ctx.db('staff').where({ username: 'reza.clerk' }).update({ disabled_at: app.clock.now().toISOString(), session_version: app.ctx.db.raw('session_version + 1') });
    // Main refreshes the versions every 30 s (issue 11 item 4: no staff query per call); here, now.
    await app.ctx.staffDirectory.refresh();
    const r = await app.call(clerk, 'reference:groups', {});
    expect(r.ok ? null : r.error.code).toBe('UNAUTHENTICATED');
    expect(await app.ok(clerk, 'staff:me', {})).toBeNull();
  });

  it('a password reset elsewhere ends the live session once the staff versions refresh (issue 10 item 6)', async () => {
    const { app, clerk } = desk();
    await app.ctx.db('staff').where({ username: 'reza.clerk' }).update({ must_change_password: true, session_version: app.ctx.db.raw('session_version + 1') });
    await app.ctx.staffDirectory.refresh();
    const r = await app.call(clerk, 'reference:groups', {});
    expect(r.ok ? null : r.error.code).toBe('UNAUTHENTICATED');
  });

  it('a change of the must-change flag elsewhere alone restricts the live session to the password change', async () => {
    const { app, clerk } = desk();
    await app.ctx.db('staff').where({ username: 'reza.clerk' }).update({ must_change_password: true });
    await app.ctx.staffDirectory.refresh();
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
