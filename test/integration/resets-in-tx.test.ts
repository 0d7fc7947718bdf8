import { describe, expect, it, vi } from 'vitest';
import { useTestApp } from '../helpers/app';
import { citizenDesk, type CitizenDesk } from '../helpers/desk-flow';

/**
 * A change committed by someone else while a reset is on its way (after the request arrived,
 * before its transaction reads): the reset must decide on what is in the database when it
 * writes. The argon2 hash of the new password starts first (a counter reset overlaps it with its
 * transaction, issue 11 item 4; self-service awaits it before); the hook runs as it starts, and
 * the hash waits for the hook's commit.
 */
let duringHash: (() => Promise<void>) | null = null;
vi.mock('../../src-main/services/passwords', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src-main/services/passwords')>();
  const hooked = async (plain: string) => {
    const hook = duringHash;
    duringHash = null;
    if (hook) await hook();
    return real.hashPassword(plain);
  };
  return {
    ...real,
    hashPassword: hooked,
    hashStarted: (plain: string) => {
      const hash = hooked(plain);
      hash.catch(() => undefined);
      return hash;
    },
  };
});

const NEW_MOBILE = '09359876543';

describe('resets read the account and the mobile-change guard inside their transaction (issue 10 item 10)', () => {
  const desk = useTestApp((app) => citizenDesk(app, { mobile: '09121234567' }));
  const counterReset = (d: CitizenDesk) => d.app.call(d.clerk, 'resets:at-counter', { accountId: d.accountId, idDocument: { type: 'national_card', number: d.code } });
  const resets = (d: CitizenDesk) => d.app.ctx.db('password_resets').where({ account_id: d.accountId });
  const outbox = (d: CitizenDesk) => d.app.ctx.db('sms_outbox').where({ account_id: d.accountId, purpose: 'reset' });

  it('a mobile change committed meanwhile puts the counter reset under the guard (supervisor approval), and no SMS goes to the old number', async () => {
    const d = desk();
    duringHash = async () => {
      await d.app.ctx.db('accounts').where({ id: d.accountId }).update({ mobile: NEW_MOBILE, mobile_changed_at: d.app.clock.now().toISOString() });
    };
    const r = await counterReset(d);
    expect(duringHash).toBeNull(); // the hook ran
    expect(r.ok === false && r.error.code).toBe('SUPERVISOR_APPROVAL_REQUIRED');
    expect(await resets(d)).toHaveLength(0);
    expect(await outbox(d)).toHaveLength(0);
  });

  it('an account disabled meanwhile gets no counter reset (ACCOUNT_DISABLED)', async () => {
    const d = desk();
    duringHash = async () => {
      await d.app.ctx.db('accounts').where({ id: d.accountId }).update({ status: 'disabled' });
    };
    const r = await counterReset(d);
    expect(r.ok === false && r.error.code).toBe('ACCOUNT_DISABLED');
    expect(await resets(d)).toHaveLength(0);
  });

  it('self-service recovery: an account disabled meanwhile gets no reset (refused silently, as the kiosk answers)', async () => {
    const d = desk();
    duringHash = async () => {
      await d.app.ctx.db('accounts').where({ id: d.accountId }).update({ status: 'disabled' });
    };
    await d.app.ok(d.kiosk, 'portal:captcha', {});
    const r = await d.app.call(d.kiosk, 'portal:recover', { username: d.code, mobile: '09121234567', captcha: d.kiosk.captcha!.answer });
    expect(r).toEqual({ ok: true, data: { accepted: true } });
    expect(await resets(d)).toHaveLength(0);
    expect(await d.app.ctx.db('audit_log').where({ action: 'reset.self-refused' })).toHaveLength(1);
  });
});
