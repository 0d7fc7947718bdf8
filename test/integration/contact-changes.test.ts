import { describe, expect, it } from 'vitest';
import { MOBILE_CHANGED_NOTICE } from '../../src-main/services/outbox.service';
import { CLERK_PASSWORD, nationalCode, persianDigits, SUPERVISOR, useAppStarter } from '../helpers/app';
import { citizenDesk, type CitizenDesk as Desk } from '../helpers/desk-flow';

const CODE = nationalCode('001234567');
const OLD_MOBILE = '09121234567';
const NEW_MOBILE = '09351112233';
const DOC = { type: 'national_card', number: CODE } as const;
const HOUR_MS = 3600_000;

const start = useAppStarter();

/** A branch with one registered citizen (mobile OLD_MOBILE). */
const desk = async (opts: { trainingMode?: boolean } = {}): Promise<Desk> =>
  citizenDesk(await start({ trainingMode: opts.trainingMode ?? true }), { insuranceNumber: '4820193756', mobile: OLD_MOBILE });

const errorOf = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error!.code);
const account = (d: Desk) => d.app.ctx.db('accounts').where({ id: d.accountId }).first<{ mobile: string; email: string | null; mobile_changed_at: string | null }>();
const audits = async (d: Desk, action: string) =>
  (await d.app.ctx.db('audit_log').where({ action, subject_id: String(d.accountId) }).orderBy('id')).map((r: { actor_name: string; details: string }) => ({
    actor: r.actor_name,
    details: JSON.parse(r.details) as Record<string, unknown>,
  }));
const requestChange = (d: Desk) => d.app.ok(d.clerk, 'accounts:request-mobile-change', { accountId: d.accountId, mobile: '+98 935 111 2233', idDocument: DOC });

/** Requests a change and reads the one-time code from the SMS the new number received. */
async function requestAndReadCode(d: Desk): Promise<{ verificationId: number; code: string }> {
  const { verificationId } = await requestChange(d);
  await d.app.ctx.dispatcher.runOnce();
  const sms = d.app.sentSms().filter((m) => m.to === NEW_MOBILE);
  expect(sms).toHaveLength(1);
  const code = /(\d{6})/.exec(sms[0]!.text)![1]!;
  return { verificationId, code };
}

async function changeMobile(d: Desk): Promise<void> {
  const { verificationId, code } = await requestAndReadCode(d);
  await d.app.ok(d.clerk, 'accounts:confirm-mobile-change', { verificationId, code });
}

describe('changing the mobile at the counter', () => {
  it('a one-time code goes to the new number; a wrong code is refused; the right one changes the mobile and tells the old number', async () => {
    const d = await desk();
    const req = await requestChange(d);
    expect(req.newMobileMasked).toBe('0935***2233');
    await d.app.ctx.dispatcher.runOnce();
    const [codeSms] = d.app.sentSms();
    expect(codeSms!.to).toBe(NEW_MOBILE);
    const code = /(\d{6})/.exec(codeSms!.text)![1]!;
    expect(codeSms!.text.match(/\d+/g)).toEqual([code]);
    expect(await d.app.ctx.db('mobile_verifications').where({ id: req.verificationId }).first()).toMatchObject({
      state: 'pending',
      id_document_type: 'national_card',
      id_document_number: CODE,
    });

    const wrong = await d.app.call(d.clerk, 'accounts:confirm-mobile-change', { verificationId: req.verificationId, code: code === '000000' ? '111111' : '000000' });
    expect(errorOf(wrong)).toBe('VERIFICATION_FAILED');
    expect((await account(d))!.mobile).toBe(OLD_MOBILE);
    expect(await d.app.ctx.db('mobile_verifications').where({ id: req.verificationId }).first()).toMatchObject({ attempts: 1, state: 'pending' });
    expect(await audits(d, 'mobile.code-wrong')).toHaveLength(1);

    const page = await d.app.ok(d.clerk, 'accounts:confirm-mobile-change', { verificationId: req.verificationId, code: persianDigits(code) });
    expect(page.mobileMasked).toBe('0935***2233');
    expect(page.resetNeedsApprovalUntil).toBe(new Date(d.app.clock.now().getTime() + 24 * HOUR_MS).toISOString());
    expect(await account(d)).toMatchObject({ mobile: NEW_MOBILE, mobile_changed_at: d.app.clock.now().toISOString() });
    expect(await d.app.ctx.db('mobile_verifications').where({ id: req.verificationId }).first()).toMatchObject({ state: 'confirmed' });
    expect(await audits(d, 'mobile.change-requested')).toEqual([{ actor: 'reza.clerk', details: { idDocumentType: 'national_card', newMobile: '0935***2233' } }]);
    expect(await audits(d, 'mobile.changed')).toEqual([
      { actor: 'reza.clerk', details: { how: 'code', approvedBy: null, oldMobile: '0912***4567', newMobile: '0935***2233' } },
    ]);

    await d.app.ctx.dispatcher.runOnce();
    const notice = d.app.sentSms()[1]!;
    expect(notice).toMatchObject({ to: OLD_MOBILE, text: MOBILE_CHANGED_NOTICE });
    // The code cannot be used twice.
    const again = await d.app.call(d.clerk, 'accounts:confirm-mobile-change', { verificationId: req.verificationId, code });
    expect(errorOf(again)).toBe('NOT_FOUND');
  });

  it('the code dies after five wrong tries, and after its time', async () => {
    const d = await desk();
    const { verificationId, code } = await requestAndReadCode(d);
    const wrongCode = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) {
      expect(errorOf(await d.app.call(d.clerk, 'accounts:confirm-mobile-change', { verificationId, code: wrongCode }))).toBe('VERIFICATION_FAILED');
    }
    expect(errorOf(await d.app.call(d.clerk, 'accounts:confirm-mobile-change', { verificationId, code }))).toBe('VERIFICATION_EXPIRED');
    const second = await requestChange(d);
    // The new request cancelled the old one.
    expect(await d.app.ctx.db('mobile_verifications').where({ id: verificationId }).first()).toMatchObject({ state: 'cancelled' });
    d.app.clock.advance(15 * 60_000);
    await d.app.ok(d.clerk, 'staff:unlock-session', { password: CLERK_PASSWORD });
    expect(errorOf(await d.app.call(d.clerk, 'accounts:confirm-mobile-change', { verificationId: second.verificationId, code }))).toBe('VERIFICATION_EXPIRED');
    expect((await account(d))!.mobile).toBe(OLD_MOBILE);
  });

  it('REC-1 after the change, recovery works with the mobile the branch registered, not the old one', async () => {
    const d = await desk();
    await changeMobile(d);
    const kiosk = d.app.kioskSession();
    const recover = async (mobile: string) => {
      await d.app.ok(kiosk, 'portal:captcha', {});
      return d.app.ok(kiosk, 'portal:recover', { username: CODE, mobile, captcha: kiosk.captcha!.answer });
    };
    expect(await recover(OLD_MOBILE)).toEqual({ accepted: true });
    expect(await d.app.ctx.db('password_resets')).toEqual([]);
    expect(await recover(NEW_MOBILE)).toEqual({ accepted: true });
    expect(await d.app.ctx.db('sms_outbox').where({ purpose: 'reset' }).select('to_mobile')).toEqual([{ to_mobile: NEW_MOBILE }]);
  });

  it("BR-3 a clerk's reset within 24 h after a mobile change needs a supervisor's approval", async () => {
    const d = await desk();
    await changeMobile(d);
    const reset = (approval?: { username: string; password: string }) =>
      d.app.call(d.clerk, 'resets:at-counter', { accountId: d.accountId, idDocument: DOC, ...(approval ? { approval } : {}) });
    expect(errorOf(await reset())).toBe('SUPERVISOR_APPROVAL_REQUIRED');
    expect(errorOf(await reset({ username: 'reza.clerk', password: CLERK_PASSWORD }))).toBe('SUPERVISOR_APPROVAL_REQUIRED');
    expect(errorOf(await reset({ username: SUPERVISOR.username, password: 'Not-The-Password-1' }))).toBe('SUPERVISOR_APPROVAL_REQUIRED');
    expect(await d.app.ctx.db('password_resets')).toEqual([]);

    const ok = await reset(SUPERVISOR);
    expect(errorOf(ok)).toBe('ok');
    const supervisorId = (await d.app.ctx.db('staff').where({ username: SUPERVISOR.username }).first<{ id: number }>())!.id;
    const [row] = await d.app.ctx.db('password_resets');
    expect(row).toMatchObject({ approved_by: supervisorId, channel: 'counter' });
    expect((await audits(d, 'reset.counter'))[0]).toMatchObject({ actor: 'reza.clerk', details: { approvedBy: supervisorId } });

    // A day after the change the clerk needs no one.
    d.app.clock.advance(24 * HOUR_MS);
    await d.app.ok(d.clerk, 'staff:unlock-session', { password: CLERK_PASSWORD });
    expect(errorOf(await reset())).toBe('ok');
    expect((await d.app.ctx.db('password_resets').orderBy('id'))[1]).toMatchObject({ approved_by: null });
  });

  it('with the gateway offline a supervisor approves the change with their own password', async () => {
    const d = await desk({ trainingMode: false });
    expect(d.app.ctx.dispatcher.state()).toBe('offline');
    const req = await requestChange(d);
    const byClerk = await d.app.call(d.clerk, 'accounts:approve-mobile-change', {
      verificationId: req.verificationId,
      approval: { username: 'reza.clerk', password: CLERK_PASSWORD },
    });
    expect(errorOf(byClerk)).toBe('SUPERVISOR_APPROVAL_REQUIRED');
    expect((await account(d))!.mobile).toBe(OLD_MOBILE);

    const page = await d.app.ok(d.clerk, 'accounts:approve-mobile-change', { verificationId: req.verificationId, approval: SUPERVISOR });
    expect(page.mobileMasked).toBe('0935***2233');
    const supervisorId = (await d.app.ctx.db('staff').where({ username: SUPERVISOR.username }).first<{ id: number }>())!.id;
    expect(await d.app.ctx.db('mobile_verifications').where({ id: req.verificationId }).first()).toMatchObject({ state: 'approved', approved_by: supervisorId });
    expect(await audits(d, 'mobile.changed')).toEqual([
      { actor: 'reza.clerk', details: { how: 'supervisor', approvedBy: supervisorId, oldMobile: '0912***4567', newMobile: '0935***2233' } },
    ]);
    const sms = await d.app.ctx.db('sms_outbox').orderBy('id').select('purpose', 'to_mobile', 'status', 'secret_enc');
    expect(sms).toEqual([
      { purpose: 'mobile-code', to_mobile: NEW_MOBILE, status: 'cancelled', secret_enc: null },
      { purpose: 'notice', to_mobile: OLD_MOBILE, status: 'queued', secret_enc: null },
    ]);
  });

  it('with the gateway online the supervisor path is refused (the code must be typed)', async () => {
    const d = await desk();
    const req = await requestChange(d);
    await d.app.ctx.dispatcher.runOnce();
    expect(d.app.ctx.dispatcher.state()).toBe('online');
    const r = await d.app.call(d.clerk, 'accounts:approve-mobile-change', { verificationId: req.verificationId, approval: SUPERVISOR });
    expect(errorOf(r)).toBe('GATEWAY_ONLINE');
    expect((await account(d))!.mobile).toBe(OLD_MOBILE);
    expect(await d.app.ctx.db('mobile_verifications').where({ id: req.verificationId }).first()).toMatchObject({ state: 'pending', approved_by: null });
  });

  it('REG-10 an e-mail change is recorded with the document seen, and audited', async () => {
    const d = await desk();
    const page = await d.app.ok(d.clerk, 'accounts:update-email', { accountId: d.accountId, email: 'Ali.Rezaei@Example.IR', idDocument: DOC });
    expect(page.email).toBe('Ali.Rezaei@example.ir');
    expect((await account(d))!.email).toBe('Ali.Rezaei@example.ir');
    await d.app.ok(d.clerk, 'accounts:update-email', { accountId: d.accountId, email: '', idDocument: { type: 'passport', number: 'K1234567' } });
    expect((await account(d))!.email).toBeNull();
    expect(await audits(d, 'email.changed')).toEqual([
      { actor: 'reza.clerk', details: { idDocumentType: 'national_card', cleared: false } },
      { actor: 'reza.clerk', details: { idDocumentType: 'passport', cleared: true } },
    ]);
  });
});
