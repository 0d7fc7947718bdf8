import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalJson, verifyAudit } from '../../src-main/services/audit.service';
import { CLERK_PASSWORD, SUPERVISOR, nationalCode, useTestApp } from '../helpers/app';
import { blockNextAuditEntry } from '../helpers/audit-block';
import { branchDesk, parseResetSms, registerCitizen } from '../helpers/desk-flow';

interface Row {
  id: number;
  action: string;
  [k: string]: unknown;
}

describe('the audit trail: REG-6 and the HMAC chain', () => {
  const desk = useTestApp(branchDesk);

  const rows = () => desk().app.ctx.db('audit_log').orderBy('id').select<Row[]>('*');
  const count = async () => (await rows()).length;
  const newest = async () => (await rows()).at(-1)!;
  const verify = () => desk().app.ok(desk().supervisor, 'audit:verify', {});

  /** A few actions of every kind, so the chain has something to break. */
  async function someActions(): Promise<void> {
    const { app, clerk } = desk();
    const a = await registerCitizen(desk(), '001234567');
    await registerCitizen(desk(), '002345678');
    await app.ok(clerk, 'accounts:get', { accountId: a.accountId });
    await app.ok(clerk, 'resets:at-counter', { accountId: a.accountId, idDocument: { type: 'national_card', number: a.code } });
    await app.ctx.dispatcher.runOnce();
  }

  it('REG-6 records who registered whom, on what document, under which terms, and when', async () => {
    const { app } = desk();
    app.clock.advance(5 * 60_000); // within the idle lock, so the clerk stays signed in
    const { accountId } = await registerCitizen(desk(), '001234567');
    const [entry] = await app.ctx.db('audit_log').where({ action: 'account.registered' }).select<Row[]>('*');
    expect(entry).toMatchObject({
      at: app.clock.now().toISOString(),
      actor_type: 'staff',
      actor_name: 'reza.clerk',
      subject_type: 'account',
      subject_id: String(accountId),
    });
    expect(JSON.parse(String(entry!.details))).toMatchObject({ kind: 'citizen', idDocumentType: 'national_card', termsVersion: '1', hasMobile: true });
  });

  it('REG-6 every change and every lookup writes exactly its own entry', async () => {
    const { app, supervisor, clerk } = desk();
    const groups = await app.ok(supervisor, 'reference:groups', {});
    const code = nationalCode('001234567');
    const doc = { type: 'national_card' as const, number: code };
    const steps: Array<[string, () => Promise<unknown>]> = [
      ['account.registered', () => registerCitizen(desk(), '001234567')],
      // A search's entry is group-committed (issue 11 item 4): written by the next flush.
      ['account.search', () => app.ok(clerk, 'accounts:search', { query: '09121234567' }).then(() => app.ctx.env.lookupAudits!.flush())],
      ['account.viewed', () => app.ok(clerk, 'accounts:get', { accountId: 1 })],
      ['reset.counter', () => app.ok(clerk, 'resets:at-counter', { accountId: 1, idDocument: doc })],
      ['sms.sent', () => app.ctx.dispatcher.runOnce()],
      ['email.changed', () => app.ok(clerk, 'accounts:update-email', { accountId: 1, email: 'a@example.org', idDocument: doc })],
      ['account.disabled', () => app.ok(supervisor, 'accounts:set-disabled', { accountId: 1, disabled: true, reason: 'به درخواست بیمه‌شده' })],
      ['group.registration', () => app.ok(supervisor, 'reference:set-group-open', { groupId: groups[0]!.id, open: !groups[0]!.registrationOpen })],
      ['settings.updated', () => app.ok(supervisor, 'settings:update', { idleLockMinutes: 15 })],
      ['staff.created', () => app.ok(supervisor, 'staff:create', { username: 'nima.clerk', displayName: 'نیما رضایی', role: 'clerk', temporaryPassword: 'Hand-Over-1405' })],
    ];
    for (const [action, step] of steps) {
      const before = await count();
      await step();
      expect(await count(), action).toBe(before + 1);
      expect((await newest()).action).toBe(action);
    }
    expect(await verify()).toMatchObject({ ok: true, entries: await count() });
  });

  it('REG-5 REG-6 a refused registration (DUPLICATE_ACCOUNT) leaves no entry', async () => {
    await registerCitizen(desk(), '001234567');
    const before = await rows();
    await expect(registerCitizen(desk(), '001234567')).rejects.toThrow(/DUPLICATE_ACCOUNT/);
    expect(await rows()).toEqual(before);
  });

  it('REG-6 the entry is written in the same transaction: when it cannot be written, the change is rolled back', async () => {
    const { app } = desk();
    await blockNextAuditEntry(app);
    const accounts = await app.ctx.db('accounts').count({ n: '*' });
    await expect(registerCitizen(desk(), '001234567')).rejects.toThrow(/INTERNAL/);
    expect(await app.ctx.db('accounts').count({ n: '*' })).toEqual(accounts);
    expect(await app.ctx.db('audit_log').where({ action: 'account.registered' }).count({ n: '*' })).toEqual([{ n: 0 }]);
  });

  it('audit:verify is ok on an intact chain, counts every row, and reports the last hash as the head', async () => {
    await someActions();
    const all = await rows();
    expect(all.length).toBeGreaterThan(5);
    expect(await verify()).toEqual({
      ok: true,
      entries: all.length,
      head: all.at(-1)!.hash,
      firstBrokenId: null,
      reason: null,
      missingFrom: null,
      missingTo: null,
      anchoredId: all.length,
    });
  });

  it('the chain is keyed: the same rows do not verify under another key', async () => {
    const { app } = desk();
    await someActions();
    expect(await verifyAudit(app.ctx.db, randomBytes(32))).toEqual({ ok: false, entries: 0, firstBrokenId: 1, reason: 'hash' });
  });

  it('the application itself cannot UPDATE or DELETE audit_log: the triggers raise', async () => {
    const { app } = desk();
    await someActions();
    const before = await rows();
    await expect(app.ctx.db('audit_log').where({ id: 2 }).update({ details: '{}' })).rejects.toThrow(/append-only/);
    await expect(app.ctx.db('audit_log').where({ id: 2 }).del()).rejects.toThrow(/append-only/);
    await expect(app.ctx.db('audit_log').del()).rejects.toThrow(/append-only/);
    expect(await rows()).toEqual(before);
    expect((await verify()).ok).toBe(true);
  });

  describe('an attacker with file access (triggers dropped first)', () => {
    const EDITS: Array<[string, string, 'hash' | 'link']> = [
      ['details', '{"tampered":true}', 'hash'],
      ['actor_name', 'someone.else', 'hash'],
      ['at', '2020-01-01T00:00:00.000Z', 'hash'],
      ['action', 'account.viewed', 'hash'],
      ['subject_id', '999', 'hash'],
      ['hash', 'f'.repeat(64), 'hash'],
      ['prev_hash', 'e'.repeat(64), 'link'],
    ];

    it.each(EDITS)('an EDITED %s of a middle row is named by id', async (column, value, reason) => {
      const { app } = desk();
      await someActions();
      const n = await count();
      const target = Math.floor(n / 2);
      await app.ctx.db.raw('DROP TRIGGER audit_log_no_update');
      await app.ctx.db('audit_log').where({ id: target }).update({ [column]: value });
      expect(await verify()).toMatchObject({ ok: false, firstBrokenId: target, reason, entries: target - 1 });
    });

    it('a DELETED middle row: verify names the first broken id', async () => {
      const { app } = desk();
      await someActions();
      const n = await count();
      const target = Math.floor(n / 2);
      await app.ctx.db.raw('DROP TRIGGER audit_log_no_delete');
      await app.ctx.db('audit_log').where({ id: target }).del();
      const r = await verify();
      expect(r.ok).toBe(false);
      expect(r.firstBrokenId).toBe(target);
      expect(['gap', 'link']).toContain(r.reason);
    });

    it('a DELETED last row: verify says the chain was truncated', async () => {
      const { app } = desk();
      await someActions();
      const n = await count();
      await app.ctx.db.raw('DROP TRIGGER audit_log_no_delete');
      await app.ctx.db('audit_log').where({ id: n }).del();
      expect(await verify()).toMatchObject({ ok: false, entries: n - 1, firstBrokenId: n, reason: 'truncated' });
    });
  });

  it('the HMAC key is not in the database: an owner-only key file, whose bytes appear in no table and nowhere in the file', async () => {
    const { app } = desk();
    await someActions();
    const keyDir = path.join(app.dataDir, 'keys');
    const keyFile = path.join(keyDir, 'audit.key');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(statSync(keyDir).mode & 0o777).toBe(0o700);
    const raw = readFileSync(keyFile);
    expect(raw.length).toBe(32);
    const forms = [raw.toString('hex'), raw.toString('hex').toUpperCase(), raw.toString('base64'), raw.toString('base64url')];

    const tables = (await app.ctx.db('sqlite_master').where({ type: 'table' }).pluck('name')) as string[];
    expect(tables).toContain('audit_log');
    let cells = 0;
    for (const t of tables) {
      for (const row of (await app.ctx.db(t).select('*')) as Array<Record<string, unknown>>) {
        for (const v of Object.values(row)) {
          cells++;
          if (Buffer.isBuffer(v)) expect(v.includes(raw), `${t} holds the key`).toBe(false);
          else for (const f of forms) expect(String(v).includes(f), `${t} holds the key`).toBe(false);
        }
      }
    }
    expect(cells).toBeGreaterThan(100);

    await app.ctx.db.raw('PRAGMA wal_checkpoint(TRUNCATE)');
    const dbFile = path.join(app.dataDir, 'desk.sqlite');
    for (const f of [dbFile, `${dbFile}-wal`].filter(existsSync)) {
      const bytes = readFileSync(f);
      expect(bytes.includes(raw), f).toBe(false);
      for (const form of forms) expect(bytes.includes(Buffer.from(form)), f).toBe(false);
    }
  });

  it('canonicalJson is independent of key order, has no whitespace, and round-trips', () => {
    expect(canonicalJson({ b: 1, a: 'x', c: null })).toBe('{"a":"x","b":1,"c":null}');
    expect(canonicalJson({ a: 1, gone: undefined })).toBe(canonicalJson({ a: 1 }));
    const value = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null));
    const entries = fc.uniqueArray(fc.tuple(fc.string(), value), { selector: (e) => e[0], maxLength: 12 });
    fc.assert(
      fc.property(
        entries.chain((es) => fc.tuple(fc.constant(es), fc.shuffledSubarray(es, { minLength: es.length, maxLength: es.length }))),
        ([es, shuffled]) => {
          const a = canonicalJson(Object.fromEntries(es));
          expect(canonicalJson(Object.fromEntries(shuffled))).toBe(a);
          expect(JSON.parse(a)).toEqual(Object.fromEntries(es));
        },
      ),
    );
  });

  it('REG-6 audit:list filters by action and by subject, and pages newest first', async () => {
    const { app, supervisor, clerk } = desk();
    const ids: number[] = [];
    for (const first9 of ['001234567', '002345678', '003456789']) ids.push((await registerCitizen(desk(), first9)).accountId);
    await app.ok(clerk, 'accounts:get', { accountId: ids[1]! });

    const p0 = await app.ok(supervisor, 'audit:list', { action: 'account.registered', pageSize: 2, page: 0 });
    const p1 = await app.ok(supervisor, 'audit:list', { action: 'account.registered', pageSize: 2, page: 1 });
    expect(p0.total).toBe(3);
    expect(p1.total).toBe(3);
    expect(p0.items).toHaveLength(2);
    expect(p1.items).toHaveLength(1);
    const listed = [...p0.items, ...p1.items];
    expect(listed.every((e) => e.action === 'account.registered')).toBe(true);
    expect(listed.map((e) => e.subjectId)).toEqual(ids.map(String).reverse());
    expect(listed.map((e) => e.id)).toEqual([...listed.map((e) => e.id)].sort((x, y) => y - x));

    const about = await app.ok(supervisor, 'audit:list', { subjectType: 'account', subjectId: String(ids[1]) });
    expect(about.items.map((e) => e.action).sort()).toEqual(['account.registered', 'account.viewed']);
    expect(about.items.every((e) => e.actorName === 'reza.clerk')).toBe(true);
    expect((await app.ok(supervisor, 'audit:list', { action: 'no.such.action' })).total).toBe(0);
    expect(await app.call(clerk, 'audit:list', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    // The period's ends are instants: text that is not one is refused beside the field (outside
    // probe: «2026-13-45» listed nothing, «1405/09/16» everything), and an instant written without
    // milliseconds still includes an entry made exactly then.
    for (const bad of ['2026-13-45', '1405/09/16', 'x', '2026-02-30T00:00:00Z', '2026-12-07T24:00:00Z']) {
      const r = await app.call(supervisor, 'audit:list', { from: bad });
      expect(r.ok ? 'listed' : r.error.code, bad).toBe('VALIDATION');
      if (!r.ok) expect(JSON.stringify(r.error), bad).toContain('DATE_FORMAT');
    }
    const last = (await app.ctx.db('audit_log').orderBy('id', 'desc').first<{ id: number; at: string }>())!;
    expect(last.at).toMatch(/:\d{2}\.000Z$/); // the test clock stands on a whole second
    const since = await app.ok(supervisor, 'audit:list', { from: last.at.replace('.000Z', 'Z'), pageSize: 200 });
    expect(since.items.map((e) => e.id)).toContain(Number(last.id));
    expect((await app.ok(supervisor, 'audit:list', { from: '2020-01-01T00:00:00.000Z', to: '2020-01-02T00:00:00.000Z' })).total).toBe(0);
  });

  it('REG-6 audit entries never contain a password: register, reset, SMS, portal login, change, failed logins', async () => {
    const { app, clerk } = desk();
    const { accountId, code } = await registerCitizen(desk(), '001234567');
    await app.ok(clerk, 'resets:at-counter', { accountId, idDocument: { type: 'national_card', number: code } });
    await app.ctx.dispatcher.runOnce();
    const { password: smsPassword } = parseResetSms(app.sentSms()[0]!.text);
    const kiosk = app.kioskSession();
    const wrong = 'Wrong-Guess-1405';
    expect(await app.call(kiosk, 'portal:login', { username: code, password: wrong })).toMatchObject({ ok: false, error: { code: 'INVALID_CREDENTIALS' } });
    await app.ok(kiosk, 'portal:login', { username: code, password: smsPassword });
    const next = 'Sun-Rise-1405';
    await app.ok(kiosk, 'portal:change-password', { current: smsPassword, next, repeat: next });
    expect(await app.call(app.staffSession(), 'staff:login', { username: SUPERVISOR.username, password: wrong })).toMatchObject({ ok: false, error: { code: 'INVALID_CREDENTIALS' } });

    const all = await rows();
    expect(all.map((r) => r.action)).toEqual(
      expect.arrayContaining(['account.registered', 'reset.counter', 'sms.sent', 'portal.login-failed', 'portal.login', 'portal.password-changed', 'staff.login-failed']),
    );
    const text = JSON.stringify(all);
    for (const secret of [smsPassword, next, wrong, SUPERVISOR.password, CLERK_PASSWORD]) expect(text).not.toContain(secret);
    expect((await verify()).ok).toBe(true);
  });
});
