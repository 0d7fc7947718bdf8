import { afterEach, describe, expect, it, vi } from 'vitest';
import { contract, type Channel } from '../../shared/contract';
import type { Session } from '../../src-main/ipc/sessions';
import { CLERK_PASSWORD, SUPERVISOR, setUpBranch, useAppStarter, useTestApp, type TestApp } from '../helpers/app';
import { branchDesk } from '../helpers/desk-flow';

const MIN = 60_000;
const CLERK = { username: 'reza.clerk', password: CLERK_PASSWORD };

/** Every channel that needs a logged-in staff member who is neither idle-locked nor due a change. */
const GUARDED = (Object.keys(contract) as Channel[]).filter((c) => {
  const def = contract[c] as { role: string; allowWhileRestricted?: boolean };
  return (def.role === 'staff' || def.role === 'supervisor') && !def.allowWhileRestricted;
});

async function codesOf(app: TestApp, s: Session, channels: Channel[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const c of channels) {
    const r = await app.call(s, c, {});
    out[c] = r.ok ? 'ok' : r.error.code;
  }
  return out;
}
const all = (channels: Channel[], code: string) => Object.fromEntries(channels.map((c) => [c, code]));

describe('staff: login, lockout, disable, reset, idle lock', () => {
  // The clerk's id is kept: a session that lost its login no longer knows it.
  const desk = useTestApp(async (app) => {
    const d = await branchDesk(app);
    return { ...d, clerkStaffId: d.clerk.staff!.staffId };
  });
  const start = useAppStarter();
  afterEach(() => {
    vi.useRealTimers();
  });

  const login = (username: string, password: string) => desk().app.call(desk().app.staffSession(), 'staff:login', { username, password });
  const clerkId = () => desk().clerkStaffId;

  it('an unknown username is counted like a known one and gets the very same answers', async () => {
    const { app } = desk();
    const known: unknown[] = [];
    const unknown: unknown[] = [];
    for (let i = 0; i < 5; i++) {
      known.push(await login(SUPERVISOR.username, 'Wrong-Guess-77'));
      unknown.push(await login('nobody.here', 'Wrong-Guess-77'));
    }
    expect(unknown).toEqual(known);
    expect(known.slice(0, 4)).toEqual(Array(4).fill({ ok: false, error: expect.objectContaining({ code: 'INVALID_CREDENTIALS' }) }));
    expect(known[4]).toMatchObject({ ok: false, error: { code: 'ACCOUNT_LOCKED', details: { retryAfterSeconds: 60 } } });
    const row = await app.ctx.db('login_failures').where({ scope: 'staff', username: 'nobody.here' }).first();
    expect(Number(row.lock_level)).toBe(1);
    // Per typed username: the clerk is not locked; the same name typed differently is.
    expect((await login(CLERK.username, CLERK.password)).ok).toBe(true);
    expect(await login('  SARA.Supervisor ', SUPERVISOR.password)).toMatchObject({ ok: false, error: { code: 'ACCOUNT_LOCKED' } });
  });

  it('the lockout grows (60 s, 120 s, … ) and is capped at an hour; a success resets it', async () => {
    const { app } = desk();
    const expected = [60, 120, 240, 480, 960, 1920, 3600, 3600];
    for (const secs of expected) {
      for (let i = 0; i < 4; i++) expect(await login(SUPERVISOR.username, 'Wrong-Guess-77')).toMatchObject({ error: { code: 'INVALID_CREDENTIALS' } });
      expect(await login(SUPERVISOR.username, 'Wrong-Guess-77')).toMatchObject({ error: { code: 'ACCOUNT_LOCKED', details: { retryAfterSeconds: secs } } });
      app.clock.advance(secs * 1000 - 1000);
      // Even the right password waits for the lock to end.
      expect(await login(SUPERVISOR.username, SUPERVISOR.password)).toMatchObject({ error: { code: 'ACCOUNT_LOCKED', details: { retryAfterSeconds: 1 } } });
      app.clock.advance(1000);
    }
    expect((await login(SUPERVISOR.username, SUPERVISOR.password)).ok).toBe(true);
    for (let i = 0; i < 4; i++) await login(SUPERVISOR.username, 'Wrong-Guess-77');
    expect(await login(SUPERVISOR.username, 'Wrong-Guess-77')).toMatchObject({ error: { details: { retryAfterSeconds: 60 } } });
  }, 90_000); // 45 real argon2 verifications

  it('a burst of parallel guesses cannot clear the lock it sets', async () => {
    const { app } = desk();
    for (let round = 0; round < 3; round++) {
      const r = await Promise.all(Array.from({ length: 8 }, () => login(SUPERVISOR.username, 'Wrong-Guess-77')));
      const codes = r.map((x) => (x.ok ? 'ok' : x.error.code));
      // Round 0: five guesses are verified; which of them answers INVALID_CREDENTIALS and which
      // the lock depends on when each verdict lands, but at most four can be told "wrong".
      expect(codes.filter((c) => c !== 'ACCOUNT_LOCKED' && c !== 'INVALID_CREDENTIALS')).toEqual([]);
      const wrong = codes.filter((c) => c === 'INVALID_CREDENTIALS').length;
      if (round === 0) expect(wrong).toBeLessThan(5);
      else expect(wrong).toBe(0);
      expect(await app.ctx.db('audit_log').where({ action: 'staff.login-failed' })).toHaveLength(5);
      const row = await app.ctx.db('login_failures').where({ scope: 'staff', username: SUPERVISOR.username }).first();
      expect({ level: Number(row.lock_level), locked: row.locked_until !== null }).toEqual({ level: 1, locked: true });
    }
    expect(await login(SUPERVISOR.username, SUPERVISOR.password)).toMatchObject({ error: { code: 'ACCOUNT_LOCKED', details: { retryAfterSeconds: 60 } } });
  });

  it('a supervisor sees a locked clerk and unlocks them', async () => {
    const { app, supervisor, clerk } = desk();
    for (let i = 0; i < 5; i++) await login(CLERK.username, 'Wrong-Guess-77');
    const locked = (await app.ok(supervisor, 'staff:list', {})).find((s) => s.username === CLERK.username)!;
    expect(locked.locked).toBe(true);
    expect(await login(CLERK.username, CLERK.password)).toMatchObject({ error: { code: 'ACCOUNT_LOCKED' } });
    expect(await app.call(clerk, 'staff:unlock', { staffId: clerkId() })).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect((await app.ok(supervisor, 'staff:unlock', { staffId: clerkId() })).locked).toBe(false);
    expect((await login(CLERK.username, CLERK.password)).ok).toBe(true);
  });

  it('a disabled staff member cannot log in, and their live session loses its login', async () => {
    const { app, supervisor, clerk } = desk();
    expect((await app.ok(clerk, 'reference:groups', {})).length).toBeGreaterThan(0);
    const r = await app.ok(supervisor, 'staff:set-disabled', { staffId: clerkId(), disabled: true });
    expect(r.disabled).toBe(true);
    expect(await app.ok(clerk, 'staff:me', {})).toBeNull();
    expect(await app.call(clerk, 'reference:groups', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await login(CLERK.username, CLERK.password)).toMatchObject({ ok: false, error: { code: 'STAFF_DISABLED' } });
    expect(await login(CLERK.username, 'Wrong-Guess-77')).toMatchObject({ ok: false, error: { code: 'INVALID_CREDENTIALS' } });
    await app.ok(supervisor, 'staff:set-disabled', { staffId: clerkId(), disabled: false });
    expect((await login(CLERK.username, CLERK.password)).ok).toBe(true);
  });

  it('LAST_SUPERVISOR: the only active supervisor cannot be disabled', async () => {
    const { app, supervisor } = desk();
    const me = supervisor.staff!.staffId;
    expect(await app.call(supervisor, 'staff:set-disabled', { staffId: me, disabled: true })).toMatchObject({ ok: false, error: { code: 'LAST_SUPERVISOR' } });
    const second = await app.ok(supervisor, 'staff:create', { username: 'maryam.sup', displayName: 'مریم رضایی', role: 'supervisor', temporaryPassword: 'Hand-Over-1405' });
    expect(await app.call(supervisor, 'staff:create', { username: 'MARYAM.SUP', displayName: 'دیگری', role: 'clerk', temporaryPassword: 'Hand-Over-1405' })).toMatchObject({
      ok: false,
      error: { code: 'STAFF_EXISTS' },
    });
    expect((await app.ok(supervisor, 'staff:set-disabled', { staffId: second.staff.id, disabled: true })).disabled).toBe(true);
    expect(await app.call(supervisor, 'staff:set-disabled', { staffId: me, disabled: true })).toMatchObject({ error: { code: 'LAST_SUPERVISOR' } });
    await app.ok(supervisor, 'staff:set-disabled', { staffId: second.staff.id, disabled: false });
    expect((await app.ok(supervisor, 'staff:set-disabled', { staffId: me, disabled: true })).disabled).toBe(true);
    // Disabling oneself ends one's own session too.
    expect(await app.ok(supervisor, 'staff:me', {})).toBeNull();
  });

  it('staff:reset-password forces a change at the next login: every other staff channel answers PASSWORD_CHANGE_REQUIRED', async () => {
    const { app, supervisor, clerk } = desk();
    const temporaryPassword = 'New-Start-1405';
    expect(await app.call(supervisor, 'staff:reset-password', { staffId: clerkId(), temporaryPassword: 'password' })).toMatchObject({ error: { code: 'WEAK_STAFF_PASSWORD' } });
    const summary = await app.ok(supervisor, 'staff:reset-password', { staffId: clerkId(), temporaryPassword });
    expect(summary).toMatchObject({ username: CLERK.username, mustChangePassword: true });
    expect(JSON.stringify(summary)).not.toContain(temporaryPassword);
    expect(await app.ok(clerk, 'staff:me', {})).toBeNull();
    expect(await login(CLERK.username, CLERK.password)).toMatchObject({ error: { code: 'INVALID_CREDENTIALS' } });
    const s = app.staffSession();
    expect((await app.ok(s, 'staff:login', { username: CLERK.username, password: temporaryPassword })).mustChangePassword).toBe(true);
    expect(await codesOf(app, s, GUARDED)).toEqual(all(GUARDED, 'PASSWORD_CHANGE_REQUIRED'));
    expect(await app.call(s, 'staff:change-password', { current: 'Wrong-Guess-77', next: 'Fresh-Clerk-1405', repeat: 'Fresh-Clerk-1405' })).toMatchObject({
      error: { code: 'WRONG_CURRENT_PASSWORD' },
    });
    expect(await app.call(s, 'staff:change-password', { current: temporaryPassword, next: CLERK.username, repeat: CLERK.username })).toMatchObject({
      error: { code: 'WEAK_STAFF_PASSWORD' },
    });
    const me = await app.ok(s, 'staff:change-password', { current: temporaryPassword, next: 'Fresh-Clerk-1405', repeat: 'Fresh-Clerk-1405' });
    expect(me.mustChangePassword).toBe(false);
    expect((await app.call(s, 'reference:groups', {})).ok).toBe(true);
    expect(await app.call(s, 'staff:list', {})).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect((await login(CLERK.username, 'Fresh-Clerk-1405')).ok).toBe(true);
  });

  it('the idle lock: after 10 minutes without a staff call every staff call answers SESSION_LOCKED until the password', async () => {
    const { app, supervisor, clerk } = desk();
    app.clock.advance(10 * MIN);
    expect((await app.call(supervisor, 'reference:groups', {})).ok).toBe(true); // exactly 10 minutes: not yet
    app.clock.advance(10 * MIN + 1000);
    expect(await codesOf(app, supervisor, GUARDED)).toEqual(all(GUARDED, 'SESSION_LOCKED'));
    expect(await app.ok(supervisor, 'staff:me', {})).toMatchObject({ username: SUPERVISOR.username, locked: true });
    const change = { current: SUPERVISOR.password, next: 'Another-Pass-1405', repeat: 'Another-Pass-1405' };
    expect(await app.call(supervisor, 'staff:change-password', change)).toMatchObject({ error: { code: 'SESSION_LOCKED' } });
    expect(await app.call(supervisor, 'staff:unlock-session', { password: 'Wrong-Guess-77' })).toMatchObject({ error: { code: 'INVALID_CREDENTIALS' } });
    // Someone else's password does not open it either.
    expect(await app.call(supervisor, 'staff:unlock-session', { password: CLERK.password })).toMatchObject({ error: { code: 'INVALID_CREDENTIALS' } });
    expect(await app.call(supervisor, 'staff:list', {})).toMatchObject({ error: { code: 'SESSION_LOCKED' } });
    expect((await app.ok(supervisor, 'staff:unlock-session', { password: SUPERVISOR.password })).locked).toBe(false);
    expect((await app.ok(supervisor, 'staff:list', {})).length).toBe(2);
    // The clerk's session, idle just as long, is locked on its own.
    expect(await app.call(clerk, 'reference:groups', {})).toMatchObject({ error: { code: 'SESSION_LOCKED' } });
  });

  it('settings:update idleLockMinutes is honoured by the running app', async () => {
    await desk().app.close();
    // app-context re-reads the setting on a 30 s interval: fake only that timer, so the test
    // decides when it runs (the database and the clock stay real / manual).
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const app = await start();
    const { supervisor } = await setUpBranch(app);
    expect((await app.ok(supervisor, 'settings:update', { idleLockMinutes: 2 })).idleLockMinutes).toBe(2);
    vi.advanceTimersByTime(30_000);
    // Three minutes idle now locks; poll while the re-read reaches the database (each unlocked
    // call restarts the idle time, so only the new threshold can ever lock).
    let code = 'ok';
    for (let i = 0; i < 50 && code === 'ok'; i++) {
      app.clock.advance(3 * MIN);
      const r = await app.call(supervisor, 'reference:groups', {});
      code = r.ok ? 'ok' : r.error.code;
      if (code === 'ok') await new Promise((res) => setTimeout(res, 20));
    }
    expect(code).toBe('SESSION_LOCKED');
    await app.ok(supervisor, 'staff:unlock-session', { password: SUPERVISOR.password });
    app.clock.advance(2 * MIN);
    expect((await app.call(supervisor, 'reference:groups', {})).ok).toBe(true);
  });
});
