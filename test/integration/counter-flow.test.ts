import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nationalCode, setUpBranch, startTestApp, type TestApp } from '../helpers/app';

describe('the whole counter flow through the router', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await startTestApp();
  });
  afterEach(async () => {
    await app.close();
  });

  it('BR-1 BR-3 REC-2 REC-5 LOG-2 LOG-5: setup → register → reset → SMS → kiosk login → forced change → permissions', async () => {
    const { clerk, branchId } = await setUpBranch(app);
    const groups = await app.ok(clerk, 'reference:groups', {});
    const open = groups.find((g) => g.registrationOpen)!;
    const terms = await app.ok(clerk, 'settings:terms', {});
    const code = nationalCode('001234567');
    const reg = await app.ok(clerk, 'accounts:register', {
      kind: 'citizen',
      nationalCode: code,
      termsAccepted: true,
      termsVersion: terms.version,
      idDocument: { type: 'national_card', number: code },
      branchId,
      insuranceGroupId: open.id,
      insuranceNumber: '1234567890',
      mobile: '09121234567',
    });
    expect(reg.message).toBe('ثبت نام با موفقیت انجام شد');
    const reset = await app.ok(clerk, 'resets:at-counter', { accountId: reg.accountId, idDocument: { type: 'national_card', number: code } });
    expect(reset.trackingCode).toMatch(/^\d{8}$/);
    expect(JSON.stringify(reset)).not.toMatch(/رمز/);
    await app.ctx.dispatcher.runOnce();
    const [sms] = app.sentSms();
    const m = /کد رهگیری (\d{8}) رمز (\d{8}) تخصیص داده شد\.$/.exec(sms!.text)!;
    expect(m[1]).toBe(reset.trackingCode);
    const kiosk = app.kioskSession();
    const me = await app.ok(kiosk, 'portal:login', { username: code, password: m[2]! });
    expect(me.mustChangePassword).toBe(true);
    const after = await app.ok(kiosk, 'portal:change-password', { current: m[2]!, next: 'Sun-Rise-1405', repeat: 'Sun-Rise-1405' });
    expect(after.permissions).toEqual(['issue_payment_slip', 'receive_payment_receipt']);
  });
});
