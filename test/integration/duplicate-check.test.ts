import { describe, expect, it } from 'vitest';
import { nationalCode, useTestApp } from '../helpers/app';
import { blockNextAuditEntry } from '../helpers/audit-block';
import { branchDesk, FOREIGN_HOLDER, registerCitizen, registerForeign } from '../helpers/desk-flow';

/** Issue 12 item 5: REG-5 told while the form is filled, through one read-only, audited channel. */
describe('accounts:check-duplicate (REG-5 early)', () => {
  const desk = useTestApp(branchDesk);
  const entries = () => desk().app.ctx.db('audit_log').where({ action: 'account.duplicate-check' }).orderBy('id');
  const errorOf = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error!.code);

  it('REG-5 a registered national code is reported with its date and branch only; a free one is free', async () => {
    const { app, clerk } = desk();
    const reg = await registerCitizen(desk(), '001234567', { firstName: 'مریم', lastName: 'کریمی' });
    const found = await app.ok(clerk, 'accounts:check-duplicate', { username: reg.code });
    expect(found).toEqual({ state: 'registered', registeredAt: reg.registeredAt, branchName: reg.branchName });
    // Persian digits and stray spaces are the same code.
    const typed = reg.code.replace(/[0-9]/g, (d) => String.fromCharCode(0x06f0 + Number(d)));
    expect(await app.ok(clerk, 'accounts:check-duplicate', { username: ` ${typed} ` })).toEqual(found);
    expect(await app.ok(clerk, 'accounts:check-duplicate', { username: nationalCode('001234568') })).toEqual({ state: 'free' });
  });

  it('REG-5 a used identifier is reported; a voided registration frees its code', async () => {
    const { app, clerk, supervisor } = desk();
    const issued = await app.ok(supervisor, 'identifiers:issue', FOREIGN_HOLDER);
    expect(await app.ok(clerk, 'accounts:check-duplicate', { username: issued.identifier })).toEqual({ state: 'free' });
    const reg = await registerForeign(desk(), issued.identifier);
    expect(await app.ok(clerk, 'accounts:check-duplicate', { username: issued.identifier })).toMatchObject({ state: 'registered' });
    await app.ok(supervisor, 'accounts:void', { accountId: reg.accountId, reason: 'ثبت با کد اشتباه' });
    expect(await app.ok(clerk, 'accounts:check-duplicate', { username: issued.identifier })).toEqual({ state: 'free' });
  });

  it('REG-6 every check is audited like a lookup: who, which record, found or not — in the read’s own transaction', async () => {
    const { app, clerk } = desk();
    const reg = await registerCitizen(desk(), '001234567');
    const free = nationalCode('001234568');
    await app.ok(clerk, 'accounts:check-duplicate', { username: reg.code });
    await app.ok(clerk, 'accounts:check-duplicate', { username: free });
    const [hit, miss] = await entries();
    expect(hit).toMatchObject({ actor_name: 'reza.clerk', subject_type: 'account', subject_id: String(reg.accountId) });
    expect(JSON.parse(String(hit!.details))).toEqual({ kind: 'nationalCode', found: true });
    expect(miss).toMatchObject({ actor_name: 'reza.clerk', subject_type: null, subject_id: null });
    expect(JSON.parse(String(miss!.details))).toEqual({ kind: 'nationalCode', found: false });
    // Nothing personal in the entry: the code itself is not there either.
    expect(String(hit!.details) + String(miss!.details)).not.toContain(reg.code.slice(2, 8));

    // When the entry cannot be written, no answer is given (the read and its entry are one).
    await blockNextAuditEntry(app);
    expect(errorOf(await app.call(clerk, 'accounts:check-duplicate', { username: reg.code }))).toBe('INTERNAL');
    expect(await entries()).toHaveLength(2);
  });

  it('is for logged-in staff only, and refuses anything but one valid national code or identifier', async () => {
    const { app, clerk } = desk();
    const free = nationalCode('001234568');
    expect(errorOf(await app.call(app.kioskSession(), 'accounts:check-duplicate', { username: free }))).toBe('FORBIDDEN');
    expect(errorOf(await app.call(app.staffSession(), 'accounts:check-duplicate', { username: free }))).toBe('UNAUTHENTICATED');
    for (const bad of [{ username: '0012345678' }, { username: '1111111111' }, { username: '123' }, { username: free, extra: 1 }, {}, { username: 12 }]) {
      expect(errorOf(await app.call(clerk, 'accounts:check-duplicate', bad)), JSON.stringify(bad)).toBe('VALIDATION');
    }
    expect(await entries()).toHaveLength(0);
  });
});
