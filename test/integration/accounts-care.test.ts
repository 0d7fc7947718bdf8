import { describe, expect, it } from 'vitest';
import { nationalCode, useTestApp } from '../helpers/app';
import { branchDesk, FOREIGN_HOLDER, registerCitizen, registerForeign, type RegisterOptions } from '../helpers/desk-flow';

const FIRST9 = '001234567';
const OTHER_FIRST9 = '004567891';
const CODE = nationalCode(FIRST9);
// A document whose number the desk cannot compare (a national card must be the person's own: id-document-holder.test.ts).
const DOC = { type: 'birth_certificate', number: 'BC-5566' };

describe('account care: search, view, void, disable, unlock', () => {
  const desk = useTestApp(branchDesk);

  const register = (first9: string, opts: RegisterOptions = {}) => registerCitizen(desk(), first9, { idDocument: DOC, ...opts });
  const row = (id: number) => desk().app.ctx.db('accounts').where({ id }).first();
  const audits = (action: string) => desk().app.ctx.db('audit_log').where({ action }).orderBy('id');
  const staffId = async (username: string) => ((await desk().app.ctx.db('staff').where({ username }).first()) as { id: number }).id;
  const login = (code: string, password = code) => desk().app.call(desk().app.kioskSession(), 'portal:login', { username: code, password });

  it('finds an account by national code, identifier, mobile, insurance number and a name typed with Arabic ي/ك; each search is audited', async () => {
    const { app, supervisor, clerk } = desk();
    const citizen = await register(FIRST9, { firstName: 'یاسر', lastName: 'کاظمی', insuranceNumber: '1234567890', mobile: '09121234567' });
    await register(OTHER_FIRST9, { firstName: 'مریم', lastName: 'احمدی', insuranceNumber: '2345678901', mobile: '09351112233' });
    const id = await app.ok(supervisor, 'identifiers:issue', FOREIGN_HOLDER);
    const foreign = await registerForeign(desk(), id.identifier, { insuranceNumber: '3456789012', mobile: null });

    const cases: Array<[string, string, number]> = [
      [CODE, 'nationalCode', citizen.accountId],
      [id.identifier, 'foreignId', foreign.accountId],
      ['+98 912 123 4567', 'mobile', citizen.accountId],
      ['۱۲۳۴۵۶۷۸۹۰', 'insuranceNumber', citizen.accountId],
      ['ياسر كاظمي', 'name', citizen.accountId],
      ['ياسر', 'name', citizen.accountId],
    ];
    for (const [query, kind, accountId] of cases) {
      const before = (await audits('account.search')).length;
      const r = await app.ok(clerk, 'accounts:search', { query });
      expect(r.kind, query).toBe(kind);
      expect(r.items.map((a) => a.id), query).toEqual([accountId]);
      await app.ctx.env.lookupAudits!.flush(); // group-committed (issue 11 item 4)
      const entries = await audits('account.search');
      expect(entries, query).toHaveLength(before + 1);
      const e = entries.at(-1)!;
      expect(e.actor_name).toBe('reza.clerk');
      expect(JSON.parse(e.details)).toMatchObject({ kind, results: 1, accountIds: String(accountId) });
    }
    const [hit] = (await app.ok(clerk, 'accounts:search', { query: 'ياسر كاظمي' })).items;
    expect(hit).toMatchObject({ username: CODE, fullName: 'یاسر کاظمی', mobileMasked: '0912***4567', status: 'active' });
    expect(JSON.stringify(hit)).not.toContain('09121234567');
    const none = await app.ok(clerk, 'accounts:search', { query: 'ناشناس' });
    expect(none.items).toEqual([]);
  });

  it('finds an account by the surname alone, typed with Arabic letters', async () => {
    const { app, clerk } = desk();
    const reg = await register('004455667', { firstName: 'مهدی', lastName: 'کاظمی‌نیا' });
    await register('004455668', { firstName: 'کاظم', lastName: 'رضایی' });
    const found = await app.ok(clerk, 'accounts:search', { query: 'كاظمي' });
    expect(found.kind).toBe('name');
    // The surname «کاظمی‌نیا» and nothing whose first name merely starts alike.
    expect(found.items.map((i) => i.id)).toEqual([reg.accountId]);
  });

  it('treats LIKE wildcards typed into the search box as text, not as "everything"', async () => {
    const { app, clerk } = desk();
    await register(FIRST9, { firstName: 'یاسر', lastName: 'کاظمی' });
    await register(OTHER_FIRST9, { firstName: 'مریم', lastName: 'احمدی', insuranceNumber: '2345678901' });
    for (const query of ['%%', '__', '%ی']) {
      const r = await app.ok(clerk, 'accounts:search', { query });
      expect(r.kind, query).toBe('name');
      expect(r.items, query).toEqual([]);
    }
  });

  it('refuses a query that is nothing once normalised (ZWNJ, kashida, harakat): it does not list every account (outside probe)', async () => {
    const { app, clerk } = desk();
    await register(FIRST9, { firstName: 'یاسر', lastName: 'کاظمی' });
    for (const query of ['\u200c\u200c', 'ــ', '\u064b\u064b', 'ی\u200c']) {
      const r = await app.call(clerk, 'accounts:search', { query });
      expect(r.ok ? `answered ${r.data.items.length}` : r.error.code, JSON.stringify(query)).toBe('VALIDATION');
      if (!r.ok) expect(JSON.stringify(r.error)).toContain('SEARCH_TOO_SHORT');
    }
    // Two letters that stay letters still search.
    expect((await app.ok(clerk, 'accounts:search', { query: 'يا' })).items).toHaveLength(1);
  });

  it('answers every search shape from an index, never by scanning the accounts table', async () => {
    const { app, clerk } = desk();
    await register(FIRST9, { firstName: 'یاسر', lastName: 'کاظمی' });
    const seen: Array<{ sql: string; bindings: unknown[] }> = [];
    const listen = (q: { sql: string; bindings?: unknown[] }) => {
      if (/from [`"]accounts[`"] as [`"]a[`"]/.test(q.sql)) seen.push({ sql: q.sql, bindings: q.bindings ?? [] });
    };
    app.ctx.db.on('query', listen);
    try {
      for (const query of [CODE, '۰۹۱۲۱۲۳۴۵۶۷', '1234567890', 'ياسر']) await app.ok(clerk, 'accounts:search', { query });
    } finally {
      app.ctx.db.removeListener('query', listen);
    }
    expect(seen).toHaveLength(4);
    for (const q of seen) {
      const plan = (await app.ctx.db.raw(`explain query plan ${q.sql}`, q.bindings as never)) as Array<{ detail: string }>;
      const details = plan.map((p) => p.detail);
      const onAccounts = details.filter((d) => /^(SCAN|SEARCH) (a|accounts)\b/.test(d));
      // Indexed searches only (for a name: one ordered walk per name column, then the page by id).
      expect(onAccounts.length, q.sql).toBeGreaterThanOrEqual(1);
      for (const d of onAccounts) {
        expect(d, q.sql).toMatch(
          /^SEARCH (a|accounts) USING ((COVERING )?INDEX accounts_(username|mobile|insurance_number|name_search|last_name_search)_index |INTEGER PRIMARY KEY)/,
        );
      }
    }
  });

  it('accounts:get shows the account page and audits the lookup as account.viewed', async () => {
    const { app, clerk } = desk();
    const reg = await register(FIRST9, { firstName: 'یاسر', lastName: 'کاظمی' });
    const d = await app.ok(clerk, 'accounts:get', { accountId: reg.accountId });
    expect(d).toMatchObject({
      id: reg.accountId,
      username: CODE,
      kind: 'citizen',
      status: 'active',
      fullName: 'یاسر کاظمی',
      mobileMasked: '0912***4567',
      mustChangePassword: true,
      registeredBy: 'reza.clerk',
      termsVersion: '1',
      lockedForSeconds: 0,
      permissions: [],
      resets: [],
      voidReason: null,
    });
    expect(JSON.stringify(d)).not.toMatch(/argon2|09121234567/);
    const viewed = await audits('account.viewed');
    expect(viewed).toHaveLength(1);
    expect(viewed[0]).toMatchObject({ actor_name: 'reza.clerk', subject_type: 'account', subject_id: String(reg.accountId) });
    const missing = await app.call(clerk, 'accounts:get', { accountId: 9999 });
    expect(missing.ok === false && missing.error.code).toBe('ACCOUNT_NOT_FOUND');
  });

  it('a supervisor voids a registration made in error: the real owner can then register, the old row stays with its reason', async () => {
    const { app, supervisor, clerk } = desk();
    const wrong = await register(FIRST9, { insuranceNumber: '9999999999' });
    const byClerk = await app.call(clerk, 'accounts:void', { accountId: wrong.accountId, reason: 'کد ملی اشتباه تایپ شده' });
    expect(byClerk.ok === false && byClerk.error.code).toBe('FORBIDDEN');
    expect((await row(wrong.accountId)).status).toBe('active');
    const noReason = await app.call(supervisor, 'accounts:void', { accountId: wrong.accountId, reason: ' ' });
    expect(noReason.ok === false && noReason.error.issues).toContainEqual(expect.objectContaining({ path: ['reason'], code: 'REASON_REQUIRED' }));

    const voided = await app.ok(supervisor, 'accounts:void', { accountId: wrong.accountId, reason: 'کد ملی اشتباه تایپ شده' });
    expect(voided.status).toBe('voided');
    expect(voided.voidReason).toBe('کد ملی اشتباه تایپ شده');
    const old = await row(wrong.accountId);
    expect(old).toMatchObject({ status: 'voided', username: CODE, live_username: null, void_reason: 'کد ملی اشتباه تایپ شده' });
    expect(old.voided_by).toBe(await staffId('sara.supervisor'));
    expect(old.voided_at).toBe(app.clock.now().toISOString());
    const [entry] = await audits('account.voided');
    expect(entry).toMatchObject({ actor_name: 'sara.supervisor', subject_id: String(wrong.accountId) });
    expect(JSON.parse(entry.details)).toEqual({ reason: 'کد ملی اشتباه تایپ شده' });

    const owner = await register(FIRST9);
    expect(owner.accountId).not.toBe(wrong.accountId);
    expect(await app.ctx.db('accounts').where({ username: CODE }).orderBy('id').pluck('status')).toEqual(['voided', 'active']);
    const twice = await app.call(supervisor, 'accounts:void', { accountId: wrong.accountId, reason: 'دوباره' });
    expect(twice.ok === false && twice.error.code).toBe('ACCOUNT_VOIDED');
    const enable = await app.call(supervisor, 'accounts:set-disabled', { accountId: wrong.accountId, disabled: false, reason: 'بازگردانی' });
    expect(enable.ok === false && enable.error.code).toBe('ACCOUNT_VOIDED');
  });

  it('voiding cancels the voided account\'s pending reset: its SMS is never sent', async () => {
    const { app, supervisor, clerk } = desk();
    const reg = await register(FIRST9);
    await app.ok(clerk, 'resets:at-counter', { accountId: reg.accountId, idDocument: DOC });
    await app.ok(supervisor, 'accounts:void', { accountId: reg.accountId, reason: 'ثبت نام تکراری' });
    expect(await app.ctx.db('sms_outbox').pluck('status')).toEqual(['cancelled']);
    expect(await app.ctx.db('password_resets').pluck('state')).toEqual(['superseded']);
    await app.ctx.dispatcher.runOnce();
    expect(app.sentSms()).toEqual([]);
  });

  it('REG-4 voiding a foreign registration lets the same identifier register again', async () => {
    const { app, supervisor } = desk();
    const id = await app.ok(supervisor, 'identifiers:issue', FOREIGN_HOLDER);
    const first = await registerForeign(desk(), id.identifier, { insuranceNumber: '1111111111', mobile: null });
    await app.ok(supervisor, 'accounts:void', { accountId: first.accountId, reason: 'شمارهٔ بیمه اشتباه' });
    const ident = await app.ctx.db('foreign_identifiers').where({ identifier: id.identifier }).first();
    expect(ident.status).toBe('issued');
    const second = await registerForeign(desk(), id.identifier, { insuranceNumber: '2222222222', mobile: null });
    expect((await row(second.accountId)).foreign_identifier_id).toBe(ident.id);
    expect((await row(first.accountId)).username).toBe(id.identifier);
    expect((await app.ctx.db('foreign_identifiers').where({ id: ident.id }).first()).status).toBe('registered');
  });

  it('a supervisor disables an account: portal login answers ACCOUNT_DISABLED until it is enabled again', async () => {
    const { app, supervisor, clerk } = desk();
    const reg = await register(FIRST9);
    const kiosk = app.kioskSession();
    await app.ok(kiosk, 'portal:login', { username: CODE, password: CODE });

    const byClerk = await app.call(clerk, 'accounts:set-disabled', { accountId: reg.accountId, disabled: true, reason: 'درخواست بیمه‌شده' });
    expect(byClerk.ok === false && byClerk.error.code).toBe('FORBIDDEN');
    const d = await app.ok(supervisor, 'accounts:set-disabled', { accountId: reg.accountId, disabled: true, reason: 'درخواست بیمه‌شده' });
    expect(d.status).toBe('disabled');
    expect((await row(reg.accountId)).disabled_at).toBe(app.clock.now().toISOString());
    const [entry] = await audits('account.disabled');
    expect(entry).toMatchObject({ actor_name: 'sara.supervisor', subject_id: String(reg.accountId) });

    const r = await login(CODE);
    expect(r.ok === false && r.error.code).toBe('ACCOUNT_DISABLED');
    // A wrong password says nothing about the account's state.
    const wrong = await login(CODE, 'not-the-code');
    expect(wrong.ok === false && wrong.error.code).toBe('INVALID_CREDENTIALS');
    // A kiosk session opened before the disable is no longer anyone's.
    expect(await app.ok(kiosk, 'portal:me', {})).toBeNull();

    await app.ok(supervisor, 'accounts:set-disabled', { accountId: reg.accountId, disabled: false, reason: 'رفع مشکل' });
    expect(await audits('account.enabled')).toHaveLength(1);
    const back = await login(CODE);
    expect(back.ok && back.data.username).toBe(CODE);
  });

  it('a clerk unlocks a portal account locked by failed logins, for the person present', async () => {
    const { app, clerk } = desk();
    const reg = await register(FIRST9);
    for (let i = 0; i < 4; i++) expect(await login(CODE, `wrong-${i}`)).toMatchObject({ ok: false, error: { code: 'INVALID_CREDENTIALS' } });
    const fifth = await login(CODE, 'wrong-5');
    expect(fifth.ok === false && fifth.error.code).toBe('ACCOUNT_LOCKED');
    const right = await login(CODE);
    expect(right.ok === false && right.error.code).toBe('ACCOUNT_LOCKED');
    expect((await app.ok(clerk, 'accounts:get', { accountId: reg.accountId })).lockedForSeconds).toBe(60);

    const kiosk = await app.call(app.kioskSession(), 'accounts:unlock', { accountId: reg.accountId, idDocument: DOC });
    expect(kiosk.ok === false && kiosk.error.code).toBe('FORBIDDEN');
    const d = await app.ok(clerk, 'accounts:unlock', { accountId: reg.accountId, idDocument: DOC });
    expect(d.lockedForSeconds).toBe(0);
    const [entry] = await audits('account.unlocked');
    expect(entry).toMatchObject({ actor_name: 'reza.clerk', subject_id: String(reg.accountId) });
    expect(JSON.parse(entry.details)).toEqual({ idDocumentType: 'birth_certificate' });
    const after = await login(CODE);
    expect(after.ok).toBe(true);
  });
});
