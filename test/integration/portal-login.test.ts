import argon2 from 'argon2';
import { maskId } from '../../shared/text/mask';
import { describe, expect, it, vi } from 'vitest';
import { CLERK_PASSWORD, nationalCode, persianDigits, useTestApp } from '../helpers/app';
import { citizenDesk } from '../helpers/desk-flow';

const CODE = nationalCode('001234567');
const INSURANCE = '4820193756';
const MOBILE = '09121234567';
const DOC = { type: 'national_card', number: CODE } as const;
const NEW_PASSWORD = 'Sun-Rise-1405';
const DAY_MS = 24 * 3600_000;

describe('portal login and the mandatory password change (LOG-1..LOG-5)', () => {
  const desk = useTestApp((app) => citizenDesk(app, { insuranceNumber: INSURANCE, mobile: MOBILE }));

  const failures = (username: string) => desk().app.ctx.db('login_failures').where({ scope: 'portal', username }).first();
  const permissionRows = () => desk().app.ctx.db('account_permissions').where({ account_id: desk().accountId }).orderBy('permission');
  const login = (password: string, username = CODE) => desk().app.call(desk().kiosk, 'portal:login', { username, password });
  const change = (next: string, repeat = next, current = CODE) => desk().app.call(desk().kiosk, 'portal:change-password', { current, next, repeat });

  it('LOG-1 first login: username = password = the national code, also typed with Persian digits', async () => {
    const { app, accountId, kiosk } = desk();
    const me = await app.ok(kiosk, 'portal:login', { username: CODE, password: CODE });
    expect(me).toEqual({ username: CODE, mustChangePassword: true, permissions: [] });
    const other = app.kioskSession();
    const fa = await app.ok(other, 'portal:login', { username: persianDigits(CODE), password: persianDigits(CODE) });
    expect(fa).toEqual({ username: CODE, mustChangePassword: true, permissions: [] });
    const logins = await app.ctx.db('audit_log').where({ action: 'portal.login', subject_id: String(accountId) });
    expect(logins).toHaveLength(2);
    expect(await failures(CODE)).toBeUndefined();
  });

  it('LOG-2 while the change is pending the session shows the flag and no permissions', async () => {
    const { app, kiosk } = desk();
    await app.ok(kiosk, 'portal:login', { username: CODE, password: CODE });
    expect(await app.ok(kiosk, 'portal:me', {})).toEqual({ username: CODE, mustChangePassword: true, permissions: [] });
    expect(await permissionRows()).toEqual([]);
    const stranger = app.kioskSession();
    expect(await app.ok(stranger, 'portal:me', {})).toBeNull();
    const r = await app.call(stranger, 'portal:change-password', { current: CODE, next: NEW_PASSWORD, repeat: NEW_PASSWORD });
    expect(r.ok ? null : r.error.code).toBe('UNAUTHENTICATED');
  });

  it('LOG-2 LOG-3 refuses a new password that is an identifier, common, short, mistyped, or given with a wrong current one', async () => {
    const { app, accountId, kiosk } = desk();
    await app.ok(kiosk, 'portal:login', { username: CODE, password: CODE });
    const before = await app.ctx.db('accounts').where({ id: accountId }).first<{ password_hash: string }>();
    const refusals: Array<[string, Awaited<ReturnType<typeof change>>, string, string | undefined]> = [
      ['username', await change(CODE), 'WEAK_PASSWORD', 'identifier'],
      ['insurance number', await change(INSURANCE), 'WEAK_PASSWORD', 'identifier'],
      ['mobile', await change(MOBILE), 'WEAK_PASSWORD', 'identifier'],
      ['common', await change('password123'), 'WEAK_PASSWORD', 'common'],
      ['short', await change('Ab1-xyz'), 'WEAK_PASSWORD', 'length'],
      ['repeat differs', await change(NEW_PASSWORD, 'Sun-Rise-1406'), 'PASSWORD_MISMATCH', undefined],
      ['wrong current', await change(NEW_PASSWORD, NEW_PASSWORD, nationalCode('001234568')), 'WRONG_CURRENT_PASSWORD', undefined],
    ];
    for (const [what, r, code, reason] of refusals) {
      expect(r.ok, what).toBe(false);
      if (r.ok) continue;
      expect(r.error.code, what).toBe(code);
      expect(r.error.details?.reason, what).toBe(reason);
    }
    const after = await app.ctx.db('accounts').where({ id: accountId }).first<{ password_hash: string; must_change_password: unknown }>();
    expect(after!.password_hash).toBe(before!.password_hash);
    expect(Boolean(after!.must_change_password)).toBe(true);
    expect(await permissionRows()).toEqual([]);
    expect(await app.ok(kiosk, 'portal:me', {})).toEqual({ username: CODE, mustChangePassword: true, permissions: [] });
  });

  it('LOG-3 Persian letters in a password are refused (switch the keyboard to English)', async () => {
    const { app, kiosk } = desk();
    await app.ok(kiosk, 'portal:login', { username: CODE, password: CODE });
    const fa = 'سلام-دنیا-۱۴۰۵';
    const r = await change(fa);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('VALIDATION');
    expect(r.error.issues).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: ['next'], code: 'NON_ASCII_PASSWORD' }), expect.objectContaining({ path: ['repeat'], code: 'NON_ASCII_PASSWORD' })]),
    );
    const l = await login(fa);
    expect(l.ok ? null : l.error.issues?.[0]).toMatchObject({ path: ['password'], code: 'NON_ASCII_PASSWORD' });
    expect(await permissionRows()).toEqual([]);
  });

  it('LOG-3 LOG-4 passwords are case-sensitive and the national code stops working after the change', async () => {
    const { app, kiosk } = desk();
    await app.ok(kiosk, 'portal:login', { username: CODE, password: CODE });
    await app.ok(kiosk, 'portal:change-password', { current: CODE, next: NEW_PASSWORD, repeat: NEW_PASSWORD });
    // Four refusals: one fewer than the lockout threshold.
    for (const wrongCase of [NEW_PASSWORD.toLowerCase(), NEW_PASSWORD.toUpperCase()]) {
      const r = await login(wrongCase);
      expect(r.ok ? null : r.error.code, wrongCase).toBe('INVALID_CREDENTIALS');
    }
    const old = await login(CODE);
    expect(old.ok ? null : old.error.code).toBe('INVALID_CREDENTIALS');
    const oldFa = await login(persianDigits(CODE));
    expect(oldFa.ok ? null : oldFa.error.code).toBe('INVALID_CREDENTIALS');
    const me = await app.ok(kiosk, 'portal:login', { username: CODE, password: NEW_PASSWORD });
    expect(me.mustChangePassword).toBe(false);
  });

  it('LOG-5 after the change the general permissions are granted, in the database too', async () => {
    const { app, clerk, accountId, kiosk } = desk();
    await app.ok(kiosk, 'portal:login', { username: CODE, password: CODE });
    const me = await app.ok(kiosk, 'portal:change-password', { current: CODE, next: NEW_PASSWORD, repeat: NEW_PASSWORD });
    expect(me).toEqual({ username: CODE, mustChangePassword: false, permissions: ['issue_payment_slip', 'receive_payment_receipt'] });
    expect((await permissionRows()).map((r: { permission: string }) => r.permission)).toEqual(['issue_payment_slip', 'receive_payment_receipt']);
    expect(await app.ok(kiosk, 'portal:me', {})).toEqual(me);
    const row = await app.ctx.db('accounts').where({ id: accountId }).first<{ must_change_password: unknown; initial_password_expires_at: string | null }>();
    expect(Boolean(row!.must_change_password)).toBe(false);
    expect(row!.initial_password_expires_at).toBeNull();
    expect(await app.ctx.db('audit_log').where({ action: 'portal.password-changed', subject_id: String(accountId) })).toHaveLength(1);
    const detail = await app.ok(clerk, 'accounts:get', { accountId });
    expect(detail.permissions).toEqual(['issue_payment_slip', 'receive_payment_receipt']);
  });

  it('an unknown username and a wrong password get the same answer, and both are counted', async () => {
    const { app } = desk();
    const unknown = nationalCode('009876543');
    const a = await login('Wrong-Pass-11', unknown);
    const b = await login('Wrong-Pass-11');
    expect(a.ok).toBe(false);
    expect(a).toEqual(b);
    expect(b.ok ? null : b.error.code).toBe('INVALID_CREDENTIALS');
    expect(await failures(unknown)).toMatchObject({ failures: 1, lock_level: 0, locked_until: null });
    expect(await failures(CODE)).toMatchObject({ failures: 1, lock_level: 0, locked_until: null });
    // Audited with the typed username masked (it could be a password typed in the wrong field).
    expect(await app.ctx.db('audit_log').where({ action: 'portal.login-failed' }).whereIn('subject_id', [maskId(unknown), maskId(CODE)])).toHaveLength(2);
    expect(await app.ctx.db('audit_log').whereIn('subject_id', [unknown, CODE])).toHaveLength(0);
    await login('Wrong-Pass-11', 'my secret password');
    expect(await app.ctx.db('audit_log').where({ action: 'portal.login-failed' }).orderBy('id', 'desc').first()).toMatchObject({ subject_id: '(not a username)' });
    // Locking out an unknown username looks exactly like locking out a real one.
    let lastA = a;
    let lastB = b;
    for (let i = 0; i < 4; i++) {
      lastA = await login('Wrong-Pass-11', unknown);
      lastB = await login('Wrong-Pass-11');
    }
    expect(lastA).toEqual(lastB);
    expect(lastB.ok ? null : lastB.error).toMatchObject({ code: 'ACCOUNT_LOCKED', details: { retryAfterSeconds: 60 } });
  });

  it('every refusal costs the same two hashes, whatever the username holds (no timing oracle)', async () => {
    const { app, clerk, accountId } = desk();
    // A pass-through spy: the real argon2 runs, the spy only counts the verifications.
    const verify = vi.spyOn(argon2, 'verify');
    const cost = async (username: string) => {
      verify.mockClear();
      const r = await login('Wrong-Pass-11', username);
      expect(r.ok ? null : r.error.code).toBe('INVALID_CREDENTIALS');
      return verify.mock.calls.length;
    };
    try {
      const unknown = await cost(nationalCode('009876543'));
      const plain = await cost(CODE);
      await app.ok(clerk, 'resets:at-counter', { accountId, idDocument: DOC });
      const revokedResetPending = await cost(CODE);
      await app.ctx.dispatcher.runOnce();
      const revokedResetLive = await cost(CODE);
      expect([unknown, plain, revokedResetPending, revokedResetLive]).toEqual([2, 2, 2, 2]);
    } finally {
      verify.mockRestore();
    }
  });

  it('five failures lock the username; each further lock lasts longer, up to an hour', async () => {
    const { app, kiosk } = desk();
    for (let i = 1; i <= 4; i++) {
      const r = await login('Wrong-Pass-11');
      expect(r.ok ? null : r.error.code).toBe('INVALID_CREDENTIALS');
    }
    const fifth = await login('Wrong-Pass-11');
    expect(fifth.ok ? null : fifth.error).toMatchObject({ code: 'ACCOUNT_LOCKED', details: { retryAfterSeconds: 60 } });
    expect(await failures(CODE)).toMatchObject({ lock_level: 1 });
    // While locked even the right password is refused, and the answer counts down.
    const right = await login(CODE);
    expect(right.ok ? null : right.error).toMatchObject({ code: 'ACCOUNT_LOCKED', details: { retryAfterSeconds: 60 } });
    app.clock.advance(45_000);
    const later = await login(CODE);
    expect(later.ok ? null : later.error).toMatchObject({ code: 'ACCOUNT_LOCKED', details: { retryAfterSeconds: 15 } });

    let lockMs = 60_000;
    for (const expected of [120, 240, 480, 960, 1920, 3600, 3600]) {
      app.clock.advance(lockMs);
      for (let i = 1; i <= 4; i++) {
        const r = await login('Wrong-Pass-11');
        expect(r.ok ? null : r.error.code).toBe('INVALID_CREDENTIALS');
      }
      const r = await login('Wrong-Pass-11');
      expect(r.ok ? null : r.error).toMatchObject({ code: 'ACCOUNT_LOCKED', details: { retryAfterSeconds: expected } });
      lockMs = expected * 1000;
    }
    app.clock.advance(lockMs);
    expect((await app.ok(kiosk, 'portal:login', { username: CODE, password: CODE })).username).toBe(CODE);
    expect(await failures(CODE)).toBeUndefined();
  });

  it("a clerk's accounts:unlock lifts the lock for the person present", async () => {
    const { app, clerk, accountId, kiosk } = desk();
    for (let i = 0; i < 5; i++) await login('Wrong-Pass-11');
    expect((await app.ok(clerk, 'accounts:get', { accountId })).lockedForSeconds).toBe(60);
    const detail = await app.ok(clerk, 'accounts:unlock', { accountId, idDocument: DOC });
    expect(detail.lockedForSeconds).toBe(0);
    expect(await failures(CODE)).toBeUndefined();
    const entry = await app.ctx.db('audit_log').where({ action: 'account.unlocked', subject_id: String(accountId) }).first();
    expect(entry).toMatchObject({ actor_type: 'staff', actor_name: 'reza.clerk' });
    expect((await app.ok(kiosk, 'portal:login', { username: CODE, password: CODE })).username).toBe(CODE);
    // The unlock is a counter channel: a kiosk session cannot reach it.
    const fromKiosk = await app.call(kiosk, 'accounts:unlock', { accountId, idDocument: DOC });
    expect(fromKiosk.ok ? null : fromKiosk.error.code).toBe('FORBIDDEN');
  });

  it('LOG-1 the initial password expires after 14 days unused (only the right password learns it)', async () => {
    const { app, clerk, accountId, kiosk } = desk();
    app.clock.advance(14 * DAY_MS - 60_000);
    expect((await app.ok(kiosk, 'portal:login', { username: CODE, password: CODE })).mustChangePassword).toBe(true);
    app.clock.advance(60_000);
    const right = await login(CODE);
    expect(right.ok ? null : right.error.code).toBe('INITIAL_PASSWORD_EXPIRED');
    expect(await failures(CODE)).toBeUndefined();
    const wrong = await login('Wrong-Pass-11');
    expect(wrong.ok ? null : wrong.error.code).toBe('INVALID_CREDENTIALS');
    expect(await failures(CODE)).toMatchObject({ failures: 1 });
    // The way out is a reset at the branch (BR-3); its SMS password works.
    await app.ok(clerk, 'staff:unlock-session', { password: CLERK_PASSWORD });
    await app.ok(clerk, 'resets:at-counter', { accountId, idDocument: DOC });
    await app.ctx.dispatcher.runOnce();
    const password = /رمز (\d{8})/.exec(app.sentSms()[0]!.text)![1]!;
    expect((await app.ok(kiosk, 'portal:login', { username: CODE, password })).mustChangePassword).toBe(true);
  });
});
