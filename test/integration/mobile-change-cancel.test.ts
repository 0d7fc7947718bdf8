import { describe, expect, it } from 'vitest';
import { CLERK_PASSWORD } from '../helpers/app';
import { citizenDesk, type CitizenDesk as Desk } from '../helpers/desk-flow';
import { ENGINES, useEngine } from '../helpers/engines';

const OLD_MOBILE = '09121234567';
const NEW_MOBILE = '09351112233';

const errorOf = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error!.code);

/**
 * A pending mobile change can be withdrawn at the counter (the person changed their mind, or the
 * number was mistyped) instead of waiting out its 15 minutes: the code dies, its SMS is not sent if
 * it still waits, the old number stays, and the cancellation is audited — on both engines.
 */
describe.each(ENGINES)('cancelling a pending mobile change on %s', (_name, postgres) => {
  const { start, skipHere } = useEngine(postgres);
  const desk = async (): Promise<Desk> => citizenDesk(await start(), { insuranceNumber: '4820193756', mobile: OLD_MOBILE });
  const request = (d: Desk) => d.app.ok(d.clerk, 'accounts:request-mobile-change', { accountId: d.accountId, mobile: NEW_MOBILE, idDocument: { type: 'national_card', number: d.code } });
  const cancel = (d: Desk, verificationId: number) => d.app.call(d.clerk, 'accounts:cancel-mobile-change', { verificationId });
  const verification = (d: Desk, id: number) => d.app.ctx.db('mobile_verifications').where({ id }).first<{ state: string; sms_id: number }>();
  const mobileOf = async (d: Desk) => (await d.app.ctx.db('accounts').where({ id: d.accountId }).first<{ mobile: string }>())!.mobile;

  /** Requests a change and reads the one-time code from the SMS the new number received. */
  async function requestAndReadCode(d: Desk): Promise<{ verificationId: number; code: string }> {
    const { verificationId } = await request(d);
    await d.app.ctx.dispatcher.runOnce();
    const sms = d.app.sentSms().filter((m) => m.to === NEW_MOBILE);
    return { verificationId, code: /(\d{6})/.exec(sms.at(-1)!.text)![1]! };
  }

  it.skipIf(skipHere)('a cancelled request: its code no longer confirms, its waiting SMS is never sent, the old number stays; audited with the masked number', async () => {
    const d = await desk();
    const { verificationId } = await request(d);
    const r = await cancel(d, verificationId);
    expect(errorOf(r)).toBe('ok');
    expect(r.ok && r.data.pendingMobileChange).toBeNull();
    expect(await verification(d, verificationId)).toMatchObject({ state: 'cancelled' });
    const sms = await d.app.ctx.db('sms_outbox').where({ id: (await verification(d, verificationId))!.sms_id }).first<{ status: string; secret_enc: unknown }>();
    expect(sms).toMatchObject({ status: 'cancelled', secret_enc: null });
    await d.app.ctx.dispatcher.runOnce();
    expect(d.app.sentSms().filter((m) => m.to === NEW_MOBILE)).toEqual([]);
    expect(errorOf(await d.app.call(d.clerk, 'accounts:confirm-mobile-change', { verificationId, code: '123456' }))).toBe('NOT_FOUND');
    expect(await mobileOf(d)).toBe(OLD_MOBILE);
    const entries = await d.app.ctx.db('audit_log').where({ action: 'mobile.change-cancelled' }).select<{ actor_name: string; subject_id: string; details: string }[]>('actor_name', 'subject_id', 'details');
    expect(entries.map((e) => ({ ...e, details: JSON.parse(e.details) as unknown }))).toEqual([
      { actor_name: 'reza.clerk', subject_id: String(d.accountId), details: { newMobile: '0935***2233' } },
    ]);
  });

  it.skipIf(skipHere)('refusals by code: an unknown request NOT_FOUND; one already cancelled, confirmed, replaced or expired MOBILE_CHANGE_ENDED; a kiosk session may not', async () => {
    const d = await desk();
    expect(errorOf(await cancel(d, 999_999))).toBe('NOT_FOUND');

    const first = await request(d);
    expect(errorOf(await cancel(d, first.verificationId))).toBe('ok');
    expect(errorOf(await cancel(d, first.verificationId))).toBe('MOBILE_CHANGE_ENDED');

    const replaced = await request(d);
    const newer = await request(d);
    expect(errorOf(await cancel(d, replaced.verificationId))).toBe('MOBILE_CHANGE_ENDED');
    expect(await verification(d, newer.verificationId)).toMatchObject({ state: 'pending' });

    d.app.clock.advance(15 * 60_000 + 1);
    await d.app.ok(d.clerk, 'staff:unlock-session', { password: CLERK_PASSWORD }); // the idle lock (10 min) came first
    expect(errorOf(await cancel(d, newer.verificationId))).toBe('MOBILE_CHANGE_ENDED');
    expect(await verification(d, newer.verificationId)).toMatchObject({ state: 'pending' });

    const confirmed = await requestAndReadCode(d);
    await d.app.ok(d.clerk, 'accounts:confirm-mobile-change', confirmed);
    expect(errorOf(await cancel(d, confirmed.verificationId))).toBe('MOBILE_CHANGE_ENDED');
    expect(await mobileOf(d)).toBe(NEW_MOBILE);

    const kiosk = await d.app.call(d.kiosk, 'accounts:cancel-mobile-change', { verificationId: confirmed.verificationId });
    expect(errorOf(kiosk)).toBe('FORBIDDEN');
    expect(await d.app.ctx.db('audit_log').where({ action: 'mobile.change-cancelled' }).count({ n: '*' })).toEqual([{ n: postgres ? '1' : 1 }]);
  });

  it.skipIf(skipHere)('a cancellation racing the confirmation of the same request: exactly one wins, whole', async () => {
    const d = await desk();
    for (let round = 0; round < 3; round++) {
      const { verificationId, code } = await requestAndReadCode(d);
      const before = await mobileOf(d);
      const [confirmed, cancelled] = await Promise.all([d.app.call(d.clerk, 'accounts:confirm-mobile-change', { verificationId, code }), cancel(d, verificationId)]);
      const state = (await verification(d, verificationId))!.state;
      if (confirmed.ok) {
        expect(errorOf(cancelled), `round ${round}`).toBe('MOBILE_CHANGE_ENDED');
        expect(state).toBe('confirmed');
        expect(await mobileOf(d)).toBe(NEW_MOBILE);
      } else {
        expect(errorOf(confirmed), `round ${round}`).toBe('NOT_FOUND');
        expect(errorOf(cancelled)).toBe('ok');
        expect(state).toBe('cancelled');
        expect(await mobileOf(d)).toBe(before);
      }
      // The next round needs a change to make: back to the old number through the same path.
      if ((await mobileOf(d)) === NEW_MOBILE) {
        const back = await d.app.ok(d.clerk, 'accounts:request-mobile-change', { accountId: d.accountId, mobile: OLD_MOBILE, idDocument: { type: 'national_card', number: d.code } });
        await d.app.ctx.dispatcher.runOnce();
        const text = d.app.sentSms().filter((m) => m.to === OLD_MOBILE).at(-1)!.text;
        await d.app.ok(d.clerk, 'accounts:confirm-mobile-change', { verificationId: back.verificationId, code: /(\d{6})/.exec(text)![1]! });
      }
    }
  });
});
