import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { connect, writeTransaction } from '../../src-main/db/connection';
import { insertStation, markStationRetired } from '../../src-main/db/stations.repo';
import { recoverSupervisor, runSetup } from '../../src-main/services/setup.service';
import { SUPERVISOR, setUpBranch, useTestApp } from '../helpers/app';

const RECOVERY_CODE = /^[A-HJ-NP-Z2-9]{5}(-[A-HJ-NP-Z2-9]{5}){3}$/;

describe('first-run setup: branch, station, first supervisor', () => {
  const testApp = useTestApp();

  async function branchId(code = '1001'): Promise<number> {
    const app = testApp();
    const [b] = await app.ok(app.staffSession(), 'reference:branches', { query: code });
    expect(b?.code).toBe(code);
    return b!.id;
  }
  const setupInput = async (over: Record<string, unknown> = {}) => ({
    branchId: await branchId(),
    stationNumber: 7,
    username: SUPERVISOR.username,
    displayName: 'سارا محمدی',
    password: SUPERVISOR.password,
    passwordRepeat: SUPERVISOR.password,
    ...over,
  });
  const staffCount = async () => Number((await testApp().ctx.db('staff').count({ n: '*' }))[0]!.n);

  it('before setup there is nobody to log in as: staff:login answers SETUP_REQUIRED, even for "admin"/"admin"', async () => {
    const app = testApp();
    const s = app.staffSession();
    expect(await app.ok(s, 'setup:state', {})).toEqual({ done: false, branch: null, stationNumber: null, station: 'none', freeStation: null });
    expect(await staffCount()).toBe(0);
    for (const creds of [{ username: 'admin', password: 'admin' }, SUPERVISOR]) {
      const r = await app.call(s, 'staff:login', creds);
      expect(r).toMatchObject({ ok: false, error: { code: 'SETUP_REQUIRED' } });
    }
    expect(await app.call(app.kioskSession(), 'setup:run', await setupInput())).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('no default password: a weak or mismatched choice is refused and writes nothing; the chosen one works', async () => {
    const app = testApp();
    const s = app.staffSession();
    const weak: Array<[string, string, string]> = [
      ['password1', 'password1', 'WEAK_STAFF_PASSWORD'], // a common password
      ['Ab1-xyz', 'Ab1-xyz', 'WEAK_STAFF_PASSWORD'], // too short
      [SUPERVISOR.username, SUPERVISOR.username, 'WEAK_STAFF_PASSWORD'], // the username itself
      [SUPERVISOR.password, SUPERVISOR.password + 'x', 'PASSWORD_MISMATCH'],
    ];
    for (const [password, passwordRepeat, code] of weak) {
      const r = await app.call(s, 'setup:run', await setupInput({ password, passwordRepeat }));
      expect(r, password).toMatchObject({ ok: false, error: { code } });
      // At setup there is no current password: the refusal names it only for a change (outside probe 2026-12-07).
      if (code === 'WEAK_STAFF_PASSWORD' && !r.ok) expect(r.error.message).toMatch(/در تغییر رمز، غیر از رمز فعلی/);
    }
    expect(await staffCount()).toBe(0);
    expect((await app.ok(s, 'setup:state', {})).done).toBe(false);

    const { recoveryCode } = await app.ok(s, 'setup:run', await setupInput());
    expect(recoveryCode).toMatch(RECOVERY_CODE);
    const state = await app.ok(s, 'setup:state', {});
    expect(state).toMatchObject({ done: true, stationNumber: 7, branch: { code: '1001' } });
    expect(await app.call(s, 'staff:login', { username: 'admin', password: 'admin' })).toMatchObject({ ok: false, error: { code: 'INVALID_CREDENTIALS' } });
    const me = await app.ok(s, 'staff:login', SUPERVISOR);
    expect(me).toMatchObject({ username: SUPERVISOR.username, role: 'supervisor', mustChangePassword: false });
    // Only a hash is stored, never the password or the recovery code.
    const dump = JSON.stringify(await app.ctx.db('settings').select('*')) + JSON.stringify(await app.ctx.db('staff').select('*'));
    expect(dump).not.toContain(SUPERVISOR.password);
    expect(dump).not.toContain(recoveryCode);
    expect(dump).toContain('$argon2id$');
  });

  it('setup:run refuses a second run with SETUP_DONE (even with another station and username)', async () => {
    const app = testApp();
    const s = app.staffSession();
    await app.ok(s, 'setup:run', await setupInput());
    const again = await app.call(s, 'setup:run', await setupInput({ stationNumber: 8, username: 'other.boss' }));
    expect(again).toMatchObject({ ok: false, error: { code: 'SETUP_DONE' } });
    expect(await staffCount()).toBe(1);
    expect((await app.ok(s, 'setup:state', {})).stationNumber).toBe(7);
  });

  it('a station number this database already used (retired) is refused with STATION_TAKEN; a new one works', async () => {
    const app = testApp();
    const id = await branchId();
    await writeTransaction(app.ctx.db, async (tx) => {
      const old = await insertStation(tx, id, 7, '2025-01-01T00:00:00.000Z');
      await markStationRetired(tx, old, 'reinstalled', '2025-06-01T00:00:00.000Z');
    });
    const s = app.staffSession();
    expect(await app.call(s, 'setup:run', await setupInput())).toMatchObject({ ok: false, error: { code: 'STATION_TAKEN' } });
    expect(await staffCount()).toBe(0);
    expect((await app.ok(s, 'setup:state', {})).done).toBe(false);
    // The number belongs to that branch's identifiers only (the branch code is in them).
    const elsewhere = await app.call(s, 'setup:run', await setupInput({ branchId: await branchId('1002') }));
    expect(elsewhere.ok).toBe(true);
  });

  it('an unknown branch is refused with UNKNOWN_BRANCH', async () => {
    const app = testApp();
    const r = await app.call(app.staffSession(), 'setup:run', await setupInput({ branchId: 99999 }));
    expect(r).toMatchObject({ ok: false, error: { code: 'UNKNOWN_BRANCH' } });
    expect(await staffCount()).toBe(0);
  });

  it('two first runs racing on two connections: one setup, the other hears SETUP_DONE', async () => {
    const app = testApp();
    const second = connect({ url: null, sqliteFile: `${app.dataDir}/desk.sqlite` });
    try {
      const input = { ...(await setupInput()), password: SUPERVISOR.password, passwordRepeat: SUPERVISOR.password } as Parameters<typeof runSetup>[1];
      const r = await Promise.allSettled([
        runSetup(app.ctx.env, input),
        runSetup({ ...app.ctx.env, db: second }, { ...input, stationNumber: 8, username: 'other.boss' }),
      ]);
      const codes = r.map((x) => (x.status === 'fulfilled' ? 'ok' : (x.reason as AppError).code)).sort();
      expect(codes).toEqual(['SETUP_DONE', 'ok']);
      expect(await staffCount()).toBe(1);
    } finally {
      await second.destroy();
    }
  });

  it('the recovery code works once and gives a temporary password that must be changed', async () => {
    const app = testApp();
    const { recoveryCode } = await setUpBranch(app);
    // Locked out and forgotten: five wrong passwords.
    for (let i = 0; i < 5; i++) await app.call(app.staffSession(), 'staff:login', { username: SUPERVISOR.username, password: 'Wrong-Guess-77' });
    expect(await app.call(app.staffSession(), 'staff:login', SUPERVISOR)).toMatchObject({ ok: false, error: { code: 'ACCOUNT_LOCKED' } });

    await expect(recoverSupervisor(app.ctx.env, SUPERVISOR.username, 'AAAAA-BBBBB-CCCCC-DDDDD')).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    await expect(recoverSupervisor(app.ctx.env, 'reza.clerk', recoveryCode)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // Typed in lower case without dashes, it is still the code.
    const typed = recoveryCode.replace(/-/g, '').toLowerCase();
    const r = await recoverSupervisor(app.ctx.env, SUPERVISOR.username, typed);
    expect(r.recoveryCode).toMatch(RECOVERY_CODE);
    expect(r.recoveryCode).not.toBe(recoveryCode);
    await expect(recoverSupervisor(app.ctx.env, SUPERVISOR.username, recoveryCode)).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });

    expect(await app.call(app.staffSession(), 'staff:login', SUPERVISOR)).toMatchObject({ ok: false, error: { code: 'INVALID_CREDENTIALS' } });
    const s = app.staffSession();
    const me = await app.ok(s, 'staff:login', { username: SUPERVISOR.username, password: r.temporaryPassword });
    expect(me.mustChangePassword).toBe(true);
    expect(await app.call(s, 'staff:list', {})).toMatchObject({ ok: false, error: { code: 'PASSWORD_CHANGE_REQUIRED' } });
    const fresh = 'New-Branch-Pass-1405';
    await app.ok(s, 'staff:change-password', { current: r.temporaryPassword, next: fresh, repeat: fresh });
    expect((await app.ok(s, 'staff:list', {})).length).toBe(2);
    // The new code works in its turn.
    await recoverSupervisor(app.ctx.env, SUPERVISOR.username, r.recoveryCode);
    const audited = await app.ctx.db('audit_log').where({ action: 'staff.recovered' }).select('actor_type', 'actor_name');
    expect(audited).toEqual([
      { actor_type: 'system', actor_name: 'cli' },
      { actor_type: 'system', actor_name: 'cli' },
    ]);
  });
});
