import argon2 from 'argon2';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RegisterInputSchema } from '../../shared/contract/accounts.contract';
import { isAppError } from '../../shared/errors';
import { connect } from '../../src-main/db/connection';
import type { Actor } from '../../src-main/services/env';
import { registerAccount } from '../../src-main/services/registration.service';
import { nationalCode, persianDigits, useTestApp } from '../helpers/app';
import { branchDesk } from '../helpers/desk-flow';

const DAY_MS = 24 * 3600_000;
const CODE = nationalCode('001234567');

describe('registration at the counter (REG-1..REG-11, BR-1)', () => {
  const desk = useTestApp(async (app) => {
    const d = await branchDesk(app);
    const groups = await app.ok(d.clerk, 'reference:groups', {});
    return { ...d, openGroupId: groups.find((g) => g.registrationOpen)!.id, closedGroupId: groups.find((g) => !g.registrationOpen)!.id };
  });

  /** A citizen's registration as the clerk's form sends it; the document is not the national code. */
  function citizen(code: string, over: Record<string, unknown> = {}) {
    return {
      kind: 'citizen',
      nationalCode: code,
      termsAccepted: true,
      termsVersion: '1',
      idDocument: { type: 'birth_certificate', number: 'BC778812' },
      branchId: desk().branchId,
      insuranceGroupId: desk().openGroupId,
      insuranceNumber: '1234567890',
      mobile: '09121234567',
      ...over,
    };
  }
  const accountRows = () => desk().app.ctx.db('accounts').select('*');
  const staffId = async (username: string) => ((await desk().app.ctx.db('staff').where({ username }).first()) as { id: number }).id;
  /** The clerk's registration with `over` is refused with `code`, and no account is written. */
  async function expectRefused(over: Record<string, unknown>, code: string): Promise<void> {
    const r = await desk().app.call(desk().clerk, 'accounts:register', citizen(CODE, over));
    expect(r.ok === false && r.error.code).toBe(code);
    expect(await accountRows()).toHaveLength(0);
  }

  it('REG-1 refuses a group closed for registration until a supervisor opens it', async () => {
    const { app, supervisor, clerk, closedGroupId } = desk();
    await expectRefused({ insuranceGroupId: closedGroupId }, 'GROUP_CLOSED');

    const byClerk = await app.call(clerk, 'reference:set-group-open', { groupId: closedGroupId, open: true });
    expect(byClerk.ok === false && byClerk.error.code).toBe('FORBIDDEN');
    const opened = await app.ok(supervisor, 'reference:set-group-open', { groupId: closedGroupId, open: true });
    expect(opened.registrationOpen).toBe(true);
    expect(await app.ctx.db('audit_log').where({ action: 'group.registration', subject_id: String(closedGroupId) })).toHaveLength(1);

    const reg = await app.ok(clerk, 'accounts:register', citizen(CODE, { insuranceGroupId: closedGroupId }));
    const row = await app.ctx.db('accounts').where({ id: reg.accountId }).first();
    expect(row.insurance_group_id).toBe(closedGroupId);
  });

  it('REG-1 refuses an insurance group that does not exist', async () => {
    await expectRefused({ insuranceGroupId: 9999 }, 'UNKNOWN_GROUP');
  });

  it('REG-2 requires the terms accepted, in the current version, and records version and time', async () => {
    const { app, supervisor, clerk } = desk();
    const notAccepted = await app.call(clerk, 'accounts:register', citizen(CODE, { termsAccepted: false }));
    expect(notAccepted.ok).toBe(false);
    if (notAccepted.ok) return;
    expect(notAccepted.error.code).toBe('VALIDATION');
    expect(notAccepted.error.issues).toContainEqual(expect.objectContaining({ path: ['termsAccepted'], code: 'TERMS_NOT_ACCEPTED' }));

    await app.ok(supervisor, 'settings:update', { termsVersion: '2' });
    const outdated = await app.call(clerk, 'accounts:register', citizen(CODE, { termsVersion: '1' }));
    expect(outdated.ok === false && outdated.error.code).toBe('TERMS_NOT_ACCEPTED');
    expect(outdated.ok === false && outdated.error.details).toEqual({ currentVersion: '2' });
    expect(await accountRows()).toHaveLength(0);

    app.clock.advance(90_000);
    const reg = await app.ok(clerk, 'accounts:register', citizen(CODE, { termsVersion: '2' }));
    const row = await app.ctx.db('accounts').where({ id: reg.accountId }).first();
    expect(row.terms_version).toBe('2');
    expect(row.terms_accepted_at).toBe(app.clock.now().toISOString());
  });

  it('REG-3 LOG-1 LOG-2 makes the code the username and the initial password, hashed with argon2id, to be changed within 14 days', async () => {
    const { app, clerk } = desk();
    const reg = await app.ok(clerk, 'accounts:register', citizen(CODE));
    expect(reg.username).toBe(CODE);
    const row = (await app.ctx.db('accounts').where({ id: reg.accountId }).first()) as Record<string, unknown>;
    expect(row.username).toBe(CODE);
    const hash = row.password_hash as string;
    const phc = /^\$argon2id\$v=19\$([^$]+)\$[^$]+\$[^$]+$/.exec(hash);
    expect(phc).not.toBeNull();
    expect(Object.fromEntries(phc![1]!.split(',').map((kv) => kv.split('=')))).toEqual({ m: '19456', t: '2', p: '1' });
    expect(await argon2.verify(hash, CODE)).toBe(true);
    // The plain code is the username and nothing else: not in the hash, not in any other column.
    const holding = Object.entries(row)
      .filter(([, v]) => String(v).includes(CODE))
      .map(([k]) => k)
      .sort();
    expect(holding).toEqual(['live_username', 'username']);

    // LOG-2: the change is mandatory, and the initial password expires after the default 14 days.
    expect(row.must_change_password).toBe(1);
    const expires = new Date(app.clock.now().getTime() + 14 * DAY_MS).toISOString();
    expect(row.initial_password_expires_at).toBe(expires);
    expect(reg.initialPasswordExpiresAt).toBe(expires);

    // LOG-1: the person logs in with the code as username and password, and must change it.
    const kiosk = app.kioskSession();
    const me = await app.ok(kiosk, 'portal:login', { username: CODE, password: CODE });
    expect(me).toEqual({ username: CODE, mustChangePassword: true, permissions: [] });
  });

  it('REG-4 REG-7 needs kind foreign with a 12-digit identifier: a national code in foreignId is refused', async () => {
    const { app, clerk } = desk();
    const wrong = await app.call(clerk, 'accounts:register', { ...citizen(CODE), kind: 'foreign', nationalCode: undefined, foreignId: CODE });
    expect(wrong.ok).toBe(false);
    if (wrong.ok) return;
    expect(wrong.error.code).toBe('VALIDATION');
    expect(wrong.error.issues).toContainEqual(expect.objectContaining({ path: ['foreignId'], code: 'FOREIGN_ID_FORMAT' }));
    const mixed = await app.call(clerk, 'accounts:register', { ...citizen(CODE), kind: 'foreign' });
    expect(mixed.ok === false && mixed.error.code).toBe('VALIDATION');
    expect(await accountRows()).toHaveLength(0);
  });

  it('REG-5 refuses a second account for the same national code, also typed in Persian digits', async () => {
    const { app, supervisor, clerk } = desk();
    await app.ok(clerk, 'accounts:register', citizen(CODE));
    const again = await app.call(supervisor, 'accounts:register', citizen(CODE, { insuranceNumber: '5555555555' }));
    expect(again.ok === false && again.error.code).toBe('DUPLICATE_ACCOUNT');
    const persian = persianDigits(CODE);
    const typed = await app.call(clerk, 'accounts:register', citizen(persian));
    expect(typed.ok === false && typed.error.code).toBe('DUPLICATE_ACCOUNT');
    expect(await accountRows()).toHaveLength(1);
  });

  it('REG-5 lets exactly one of two counters racing on independent connections register the same code', async () => {
    const { app } = desk();
    const second = connect({ url: null, sqliteFile: path.join(app.dataDir, 'desk.sqlite') });
    try {
      const envA = { db: app.ctx.db, clock: app.clock, keys: app.ctx.env.keys };
      const envB = { db: second, clock: app.clock, keys: app.ctx.env.keys };
      const clerkActor: Actor = { type: 'staff', id: await staffId('reza.clerk'), name: 'reza.clerk' };
      const supActor: Actor = { type: 'staff', id: await staffId('sara.supervisor'), name: 'sara.supervisor' };
      for (const first9 of ['001234567', '002345678', '003456789']) {
        const code = nationalCode(first9);
        const input = RegisterInputSchema.parse(citizen(code));
        const results = await Promise.allSettled([registerAccount(envA, clerkActor, input), registerAccount(envB, supActor, input)]);
        const won = results.filter((r) => r.status === 'fulfilled');
        const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(1);
        expect(isAppError(lost[0]!.reason) && lost[0]!.reason.code).toBe('DUPLICATE_ACCOUNT');
        expect(await app.ctx.db('accounts').where({ username: code })).toHaveLength(1);
        expect(await app.ctx.db('audit_log').where({ action: 'account.registered' })).toHaveLength(['001234567', '002345678', '003456789'].indexOf(first9) + 1);
      }
    } finally {
      await second.destroy();
    }
  });

  it('REG-6 records who registered, when, and on what document', async () => {
    const { app, clerk } = desk();
    app.clock.advance(5 * 60_000);
    const reg = await app.ok(clerk, 'accounts:register', citizen(CODE));
    const clerkId = await staffId('reza.clerk');
    const row = await app.ctx.db('accounts').where({ id: reg.accountId }).first();
    expect(row.registered_by).toBe(clerkId);
    expect(row.registered_at).toBe(app.clock.now().toISOString());
    expect(row.id_document_type).toBe('birth_certificate');
    expect(row.id_document_number).toBe('BC778812');
    const entries = await app.ctx.db('audit_log').where({ action: 'account.registered' });
    expect(entries).toHaveLength(1);
    const e = entries[0];
    expect(e.actor_type).toBe('staff');
    expect(e.actor_id).toBe(clerkId);
    expect(e.actor_name).toBe('reza.clerk');
    expect(e.subject_type).toBe('account');
    expect(e.subject_id).toBe(String(reg.accountId));
    expect(e.at).toBe(app.clock.now().toISOString());
    expect(JSON.parse(e.details)).toMatchObject({ kind: 'citizen', idDocumentType: 'birth_certificate', termsVersion: '1' });
    expect(e.details).not.toContain(CODE);
  });

  it('REG-8 refuses a branch that is not in the list', async () => {
    await expectRefused({ branchId: 9999 }, 'UNKNOWN_BRANCH');
  });

  it('REG-8 registers under another branch of the list and names it', async () => {
    const { app, clerk, branchId } = desk();
    const [other] = await app.ok(clerk, 'reference:branches', { query: 'مشهد' });
    expect(other!.id).not.toBe(branchId);
    const reg = await app.ok(clerk, 'accounts:register', citizen(CODE, { branchId: other!.id }));
    expect(reg.branchName).toBe(other!.name);
    expect((await app.ctx.db('accounts').where({ id: reg.accountId }).first()).branch_id).toBe(other!.id);
  });

  it('REG-9 refuses an insurance number that is not 10 digits, at the field, and writes nothing', async () => {
    const { app, clerk } = desk();
    for (const bad of ['123456789', '12345678901', '12345abcde']) {
      const r = await app.call(clerk, 'accounts:register', citizen(CODE, { insuranceNumber: bad }));
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error.code).toBe('VALIDATION');
      expect(r.error.issues).toEqual([expect.objectContaining({ path: ['insuranceNumber'], code: 'INSURANCE_NUMBER_FORMAT' })]);
    }
    expect(await accountRows()).toHaveLength(0);
    expect(await app.ctx.db('audit_log').where({ action: 'account.registered' })).toHaveLength(0);
    // Persian digits and a stray dash are normalised, then accepted.
    const reg = await app.ok(clerk, 'accounts:register', citizen(CODE, { insuranceNumber: '۱۲۳۴۵-۶۷۸۹۰' }));
    expect((await app.ctx.db('accounts').where({ id: reg.accountId }).first()).insurance_number).toBe('1234567890');
  });

  it('REG-10 registers without a mobile with a warning, and self-service recovery then sends nothing', async () => {
    const { app, clerk } = desk();
    const reg = await app.ok(clerk, 'accounts:register', citizen(CODE, { mobile: undefined, email: undefined }));
    expect(reg.warnings).toEqual(['NO_RECOVERY_CHANNEL']);
    const row = await app.ctx.db('accounts').where({ id: reg.accountId }).first();
    expect(row.mobile).toBeNull();
    expect(row.email).toBeNull();

    const kiosk = app.kioskSession();
    await app.ok(kiosk, 'portal:captcha', {});
    const answer = kiosk.captcha!.answer;
    const r = await app.ok(kiosk, 'portal:recover', { username: CODE, mobile: '09121234567', captcha: answer });
    expect(r).toEqual({ accepted: true });
    await app.ctx.dispatcher.runOnce();
    expect(app.sentSms()).toEqual([]);
    expect(await app.ctx.db('sms_outbox')).toHaveLength(0);
    expect(await app.ctx.db('password_resets')).toHaveLength(0);
    const refused = await app.ctx.db('audit_log').where({ action: 'reset.self-refused' });
    expect(refused).toHaveLength(1);
  });

  it('REG-10 gives no warning when a mobile is entered, and stores it normalised', async () => {
    const { app, clerk } = desk();
    const reg = await app.ok(clerk, 'accounts:register', citizen(CODE, { mobile: '+98 912 123 4567', email: 'Ali@Example.COM' }));
    expect(reg.warnings).toEqual([]);
    const row = await app.ctx.db('accounts').where({ id: reg.accountId }).first();
    expect(row.mobile).toBe('09121234567');
    expect(row.email).toBe('Ali@example.com');
  });

  it('REG-11 answers with the success message of the guide', async () => {
    const { app, clerk } = desk();
    const reg = await app.ok(clerk, 'accounts:register', citizen(CODE));
    expect(reg.messageCode).toBe('REGISTRATION_COMPLETED');
    expect(reg.message).toBe('ثبت نام با موفقیت انجام شد');
    expect(reg.registeredAt).toBe(app.clock.now().toISOString());
  });

  it('BR-1 lets a clerk register, and refuses a kiosk session or a staff session nobody logged into', async () => {
    const { app, clerk } = desk();
    const kiosk = await app.call(app.kioskSession(), 'accounts:register', citizen(CODE));
    expect(kiosk.ok === false && kiosk.error.code).toBe('FORBIDDEN');
    const anonymous = await app.call(app.staffSession(), 'accounts:register', citizen(CODE));
    expect(anonymous.ok === false && anonymous.error.code).toBe('UNAUTHENTICATED');
    expect(await accountRows()).toHaveLength(0);

    const reg = await app.ok(clerk, 'accounts:register', citizen(CODE));
    const rows = await accountRows();
    expect(rows).toHaveLength(1);
    expect(rows[0].id).toBe(reg.accountId);
    expect(rows[0].registered_by).toBe(await staffId('reza.clerk'));
    expect(rows[0].status).toBe('active');
    expect(rows[0].kind).toBe('citizen');
  });
});
