import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel, Input, Output } from '../../shared/contract';
import type { Envelope } from '../../shared/envelope';
import { startBridge, type Bridge } from '../../src-main/ipc/http-bridge';
import { CLERK_PASSWORD, nationalCode, SUPERVISOR, startTestApp, TEMPORARY_PASSWORD, type TestApp } from '../helpers/app';
import { FOREIGN_HOLDER } from '../helpers/desk-flow';

/** A browser stand-in: exchanges a launch code for the cookie, then posts JSON to the API. */
class Client {
  cookie = '';
  constructor(
    private readonly bridge: Bridge,
    private readonly kind: 'staff' | 'kiosk',
  ) {}
  async launch(): Promise<void> {
    const code = this.bridge.mintLaunchUrl(this.kind).split('#launch=')[1];
    const res = await fetch(`${this.bridge.origin}/session/launch`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ code }),
    });
    expect(res.status).toBe(200);
    this.cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  }
  async call<C extends Channel>(channel: C, input: Input<C> | Record<string, unknown>): Promise<Envelope<Output<C>>> {
    const prefix = this.kind === 'staff' ? '/api/' : '/kiosk-api/';
    const res = await fetch(`${this.bridge.origin}${prefix}${channel}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: this.cookie },
      body: JSON.stringify(input),
    });
    return (await res.json()) as Envelope<Output<C>>;
  }
  async ok<C extends Channel>(channel: C, input: Input<C> | Record<string, unknown>): Promise<Output<C>> {
    const r = await this.call(channel, input);
    if (!r.ok) throw new Error(`${channel}: ${JSON.stringify(r.error)}`);
    return r.data;
  }
}

describe('the counter flow through the loopback bridge (browser mode)', () => {
  let app: TestApp;
  let bridge: Bridge;
  beforeAll(async () => {
    app = await startTestApp();
    bridge = await startBridge({ router: app.ctx.router, sessions: app.ctx.sessions, clock: app.clock, staticRoot: null });
  });
  afterAll(async () => {
    await bridge.close();
    await app.close();
  });

  it('BR-1 BR-2 BR-3 REG-4 REG-7 REC-2 REC-5 LOG-2 LOG-5: setup → register → identifier → reset → SMS file → kiosk login → change → permissions', async () => {
    const desk = new Client(bridge, 'staff');
    await desk.launch();
    expect((await desk.ok('app:status', {})).setupDone).toBe(false);
    const [branch] = await desk.ok('reference:branches', { query: 'تهران' });
    await desk.ok('setup:run', {
      branchId: branch!.id,
      stationNumber: '۱۲',
      username: SUPERVISOR.username,
      displayName: 'سارا محمدی',
      password: SUPERVISOR.password,
      passwordRepeat: SUPERVISOR.password,
    });
    await desk.ok('staff:login', SUPERVISOR);
    const temporaryPassword = TEMPORARY_PASSWORD;
    const created = await desk.ok('staff:create', { username: 'reza.clerk', displayName: 'رضا احمدی', role: 'clerk', temporaryPassword });
    expect(JSON.stringify(created)).not.toContain(temporaryPassword); // the renderer never gets a password back
    const ident = await desk.ok('identifiers:issue', { ...FOREIGN_HOLDER, documentNumber: 'p 123-4567' });
    expect(ident.identifier).toMatch(new RegExp(`^${branch!.code}12\\d{6}$`));

    const clerk = new Client(bridge, 'staff');
    await clerk.launch();
    await clerk.ok('staff:login', { username: 'reza.clerk', password: temporaryPassword });
    expect(await clerk.call('accounts:search', { query: 'رحیمی' })).toMatchObject({ ok: false, error: { code: 'PASSWORD_CHANGE_REQUIRED' } }); // must change first
    await clerk.ok('staff:change-password', { current: temporaryPassword, next: CLERK_PASSWORD, repeat: CLERK_PASSWORD });
    const group = (await clerk.ok('reference:groups', {})).find((g) => g.registrationOpen)!;
    const terms = await clerk.ok('settings:terms', {});
    const common = { termsAccepted: true, termsVersion: terms.version, branchId: branch!.id, insuranceGroupId: group.id };
    const code = nationalCode('008765432');
    const citizen = await clerk.ok('accounts:register', {
      kind: 'citizen',
      nationalCode: code,
      idDocument: { type: 'national_card', number: code },
      insuranceNumber: '۱۲۳۴۵۶۷۸۹۰',
      mobile: '+98 912 765 4321',
      ...common,
    });
    expect(citizen.message).toBe('ثبت نام با موفقیت انجام شد');
    const foreign = await clerk.ok('accounts:register', {
      kind: 'foreign',
      foreignId: ident.identifier,
      idDocument: { type: 'passport', number: 'P1234567' },
      insuranceNumber: '2234567890',
      ...common,
    });
    expect(foreign.warnings).toEqual(['NO_RECOVERY_CHANNEL']);

    const reset = await clerk.ok('resets:at-counter', { accountId: citizen.accountId, idDocument: { type: 'national_card', number: code } });
    expect(Object.keys(reset).sort()).toEqual(['createdAt', 'mobileMasked', 'resetId', 'smsState', 'trackingCode']);
    await app.ctx.dispatcher.runOnce();
    const sms = app.sentSms().find((m) => m.to === '09127654321')!;
    const password = /رمز (\d{8})/.exec(sms.text)![1]!;

    const kiosk = new Client(bridge, 'kiosk');
    await kiosk.launch();
    expect(await kiosk.call('staff:login', SUPERVISOR)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const me = await kiosk.ok('portal:login', { username: code, password });
    expect(me.mustChangePassword).toBe(true);
    const done = await kiosk.ok('portal:change-password', { current: password, next: 'Blue-Lake-7731', repeat: 'Blue-Lake-7731' });
    expect(done.permissions).toEqual(['issue_payment_slip', 'receive_payment_receipt']);

    // The foreign national's first login: identifier as username and password (LOG-1).
    const first = await kiosk.ok('portal:login', { username: ident.identifier, password: ident.identifier });
    expect(first.mustChangePassword).toBe(true);
    expect((await desk.ok('audit:verify', {})).ok).toBe(true);
  });
});
