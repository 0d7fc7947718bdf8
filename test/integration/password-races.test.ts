import { describe, expect, it, vi } from 'vitest';
import { CLERK_PASSWORD, type TestApp } from '../helpers/app';
import { branchDesk, parseResetSms, registerCitizen, type Desk } from '../helpers/desk-flow';
import { ENGINES, useEngine } from '../helpers/engines';

/**
 * BR-3 and REC-4 when a counter reset (or a supervisor's staff reset) lands while a password is
 * being checked elsewhere (outside probe, 2026-12-07: a kiosk login with the previous SMS
 * password, a kiosk password change and a clerk's own password change each finished after a
 * reset committed, and undid it). The check of a password runs outside the write transaction (an
 * argon2id verify, ~20 ms); here it is held at a gate until the reset has committed, so the race
 * is the same on every run: the write must find that what it verified no longer holds, and refuse.
 */
const gate = vi.hoisted(() => ({
  /** The hash whose verify is held (once), and what to do when it is reached. */
  onHash: null as string | null,
  reached: null as (() => void) | null,
  release: null as Promise<void> | null,
}));

vi.mock('../../src-main/services/passwords', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src-main/services/passwords')>();
  return {
    ...real,
    verifyPassword: async (hash: string, password: string) => {
      const ok = await real.verifyPassword(hash, password);
      if (gate.onHash !== null && hash === gate.onHash) {
        gate.onHash = null;
        gate.reached?.();
        await gate.release;
      }
      return ok;
    },
  };
});

/** Holds the next verify of `hash` after it has run; `reached` resolves when it is held. */
function holdVerifyOf(hash: string): { reached: Promise<void>; release: () => void } {
  let release!: () => void;
  gate.release = new Promise<void>((r) => (release = r));
  const reached = new Promise<void>((r) => (gate.reached = r));
  gate.onHash = hash;
  return { reached, release };
}

const NEW_PORTAL_PASSWORD = 'Moon-Light-1405';
const OWN_STAFF_PASSWORD = 'Own-Choice-2026!';

describe.each(ENGINES)('a password checked while a reset commits, on %s (BR-3, REC-4)', (_name, postgres) => {
  const { start, skipHere } = useEngine(postgres);

  async function citizen(): Promise<Desk & { app: TestApp; accountId: number; code: string }> {
    const desk = await branchDesk(await start());
    const { accountId, code } = await registerCitizen(desk, '001234567');
    return { ...desk, accountId, code };
  }
  const account = (app: TestApp, id: number) => app.ctx.db('accounts').where({ id }).first<{ password_hash: string; password_revoked_at: string | null; must_change_password: unknown }>();
  const resetAtCounter = (d: Desk, accountId: number, code: string) => d.app.ok(d.clerk, 'resets:at-counter', { accountId, idDocument: { type: 'national_card', number: code } });

  it.skipIf(skipHere)('REC-4 a kiosk login with the previous SMS password, checked while a newer reset commits, is refused and brings nothing back', async () => {
    const d = await citizen();
    const { app, accountId, code } = d;
    await app.ok(d.supervisor, 'settings:update', { resetCooldownSeconds: 0 });
    // The first reset's SMS goes out: its password is the one the person holds.
    const first = await resetAtCounter(d, accountId, code);
    expect((await app.ctx.dispatcher.runOnce()).sent).toBe(1);
    const { password } = parseResetSms(app.sentSms().at(-1)!.text);
    const firstReset = (await app.ctx.db('password_resets').where({ id: first.resetId }).first<{ password_hash: string; state: string }>())!;
    expect(firstReset.state).toBe('sent');
    const held = holdVerifyOf(firstReset.password_hash);
    const kiosk = app.kioskSession();
    const login = app.call(kiosk, 'portal:login', { username: code, password });
    await held.reached;
    const second = await resetAtCounter(d, accountId, code);
    held.release();
    const r = await login;
    expect(r.ok ? 'signed in' : r.error.code).toBe('INVALID_CREDENTIALS');
    expect(await app.ok(kiosk, 'portal:me', {})).toBeNull();
    const resets = await app.ctx.db('password_resets').where({ account_id: accountId }).orderBy('id').select<Array<{ id: number; state: string }>>('id', 'state');
    expect(resets).toEqual([
      { id: first.resetId, state: 'superseded' },
      { id: second.resetId, state: 'pending' },
    ]);
    const after = (await account(app, accountId))!;
    expect(after.password_revoked_at).not.toBeNull();
    expect(after.password_hash).not.toBe(firstReset.password_hash);
    // And the old SMS password does not open the account afterwards either.
    const again = await app.call(app.kioskSession(), 'portal:login', { username: code, password });
    expect(again.ok ? 'signed in' : again.error.code).toBe('INVALID_CREDENTIALS');
  });

  it.skipIf(skipHere)('BR-3 a kiosk password change checked while a counter reset commits is refused: the chosen password does not work, the session ends', async () => {
    const d = await citizen();
    const { app, accountId, code } = d;
    const kiosk = app.kioskSession();
    await app.ok(kiosk, 'portal:login', { username: code, password: code });
    const held = holdVerifyOf((await account(app, accountId))!.password_hash);
    const change = app.call(kiosk, 'portal:change-password', { current: code, next: NEW_PORTAL_PASSWORD, repeat: NEW_PORTAL_PASSWORD });
    await held.reached;
    await resetAtCounter(d, accountId, code);
    held.release();
    const r = await change;
    expect(r.ok ? 'changed' : r.error.code).toBe('PASSWORD_CHANGED_MEANWHILE');
    expect((await account(app, accountId))!.password_revoked_at).not.toBeNull();
    expect(await app.ok(kiosk, 'portal:me', {})).toBeNull();
    const login = await app.call(app.kioskSession(), 'portal:login', { username: code, password: NEW_PORTAL_PASSWORD });
    expect(login.ok ? 'signed in' : login.error.code).toBe('INVALID_CREDENTIALS');
  });

  it.skipIf(skipHere)("a clerk's own password change checked while a supervisor resets it is refused: the supervisor's temporary password stands", async () => {
    const d = await citizen();
    const { app } = d;
    const clerkId = d.clerk.staff!.staffId;
    const held = holdVerifyOf((await app.ctx.db('staff').where({ id: clerkId }).first<{ password_hash: string }>())!.password_hash);
    const change = app.call(d.clerk, 'staff:change-password', { current: CLERK_PASSWORD, next: OWN_STAFF_PASSWORD, repeat: OWN_STAFF_PASSWORD });
    await held.reached;
    await app.ok(d.supervisor, 'staff:reset-password', { staffId: clerkId, temporaryPassword: 'Super-Temp-1405' });
    held.release();
    const r = await change;
    expect(r.ok ? 'changed' : r.error.code).toBe('PASSWORD_CHANGED_MEANWHILE');
    const row = (await app.ctx.db('staff').where({ id: clerkId }).first<{ must_change_password: unknown }>())!;
    expect(Boolean(row.must_change_password)).toBe(true);
    const own = await app.call(app.staffSession(), 'staff:login', { username: 'reza.clerk', password: OWN_STAFF_PASSWORD });
    expect(own.ok ? 'signed in' : own.error.code).toBe('INVALID_CREDENTIALS');
    const temporary = await app.ok(app.staffSession(), 'staff:login', { username: 'reza.clerk', password: 'Super-Temp-1405' });
    expect(temporary.mustChangePassword).toBe(true);
    const racing = await app.call(d.clerk, 'accounts:search', { query: 'رضا' });
    expect(racing.ok ? 'answered' : racing.error.code).toBe('UNAUTHENTICATED');
  });
});
