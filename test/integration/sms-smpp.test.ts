import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app';
import { advanceUntilDue, branchDesk, parseResetSms, queueCounterReset, readOutboxRow, type OutboxRow } from '../helpers/desk-flow';
import { isPermanentStatus } from '../../src-main/sms/smpp-status';
import { partCount, splitUcs2 } from '../../src-main/sms/ucs2';
import { smppSettingsFor, startSmppPeer, type SmppPeer } from '../helpers/smpp-peer';

const SYSTEM_ID = 'desk01';
const SMPP_PASSWORD = 'Gw7-pass';

describe('BR-4: splitting and classification rules', () => {
  it('70 UCS-2 characters fit one SMS; above that, parts of 67, never splitting a surrogate pair', () => {
    const fa = (n: number) => 'س'.repeat(n);
    expect([70, 71, 134, 135].map((n) => partCount(fa(n)))).toEqual([1, 2, 2, 3]);
    expect(splitUcs2(fa(78)).map((p) => p.length)).toEqual([67, 11]);
    const withEmoji = fa(66) + '😀' + fa(10); // the pair would straddle unit 67
    const parts = splitUcs2(withEmoji);
    expect(parts.map((p) => p.length)).toEqual([66, 12]);
    expect(parts.join('')).toBe(withEmoji);
  });

  it('command_status: invalid destination and refused content are permanent; throttling, system errors, bind refusals and vendor codes are transient', () => {
    for (const s of [0x0b, 0x0a, 0x01, 0x66, 0x104]) expect(isPermanentStatus(s), s.toString(16)).toBe(true);
    for (const s of [0x58, 0x14, 0x08, 0x0e, 0x0f, 0x0d, 0x45, 0xff, 0x400]) expect(isPermanentStatus(s), s.toString(16)).toBe(false);
  });
});

describe('BR-4: the SMPP adapter against an SMPP server (smpp package) on 127.0.0.1', () => {
  let peer: SmppPeer;
  beforeEach(async () => {
    peer = await startSmppPeer({ systemId: SYSTEM_ID, password: SMPP_PASSWORD });
  });
  afterEach(async () => {
    await peer.stop();
  });
  const desk = useTestApp(branchDesk, { trainingMode: false });

  /** The password first, then the adapter: the first bind already has both. */
  async function useSmpp(overrides: Record<string, unknown> = {}, password = SMPP_PASSWORD): Promise<void> {
    const { app, supervisor } = desk();
    await app.ok(supervisor, 'sms:set-password', { gateway: 'smpp', password });
    await app.ok(supervisor, 'settings:update', { smsAdapter: 'smpp', smpp: smppSettingsFor(peer, { systemId: SYSTEM_ID, ...overrides }) });
  }
  const outboxRow = (id: number) => readOutboxRow(desk().app, id);
  const dispatcher = () => desk().app.ctx.dispatcher;
  const untilDue = () => advanceUntilDue(desk().app);
  const queuedReset = (first9?: string) => queueCounterReset(desk(), first9);

  it('BR-4 REC-2 a real reset goes out as two UCS-2 parts (UDH, 67 + 11) that reassemble to exactly the seed sentence', async () => {
    const { app, clerk } = desk();
    await useSmpp();
    const { smsId, trackingCode, password, code } = await queuedReset();
    expect(await dispatcher().runOnce()).toEqual({ sent: 1, retried: 0, failed: 0, expired: 0 });

    expect(peer.binds.length).toBeGreaterThan(0);
    for (const b of peer.binds) expect(b).toEqual({ command: 'bind_transmitter', systemId: SYSTEM_ID, status: 0 });
    const expected = `کاربر گرامی برای درخواست شما به کد رهگیری ${trackingCode} رمز ${password} تخصیص داده شد.`;
    expect(expected).toHaveLength(78);
    const messages = peer.messages();
    expect(messages).toHaveLength(1);
    const [msg] = messages;
    expect(msg!.text).toBe(expected);
    expect(parseResetSms(msg!.text)).toEqual({ tracking: trackingCode, password });
    expect(msg!.parts.map((p) => p.text.length)).toEqual([67, 11]);
    const ref = msg!.parts[0]!.udh![2]!;
    msg!.parts.forEach((p, i) => {
      expect(p.dataCoding).toBe(8);
      expect(p.esmClass & 0x40).toBe(0x40);
      expect([...p.udh!]).toEqual([0, 3, ref, 2, i + 1]);
      expect(p).toMatchObject({ destination: '989121234567', destTon: 1, sourceAddr: '1000' });
      expect(p.userMessageReference).toBe(msg!.parts[0]!.userMessageReference);
    });
    // UCS-2 is big-endian, two octets a character: «کا» is 06 A9 06 27.
    expect([...msg!.parts[0]!.bytes.subarray(0, 4)]).toEqual([0x06, 0xa9, 0x06, 0x27]);
    expect(Buffer.concat(msg!.parts.map((p) => p.bytes))).toEqual(Buffer.from(expected, 'utf16le').swap16());

    expect(await outboxRow(smsId)).toMatchObject({ status: 'sent', secret_enc: null, provider_message_id: 'smsc-1,smsc-2' });
    expect((await app.ok(clerk, 'app:status', {})).sms).toEqual({ adapter: 'smpp', state: 'online', queued: 0 });
    // REC-5: what reached the phone works at the kiosk.
    expect((await app.ok(app.kioskSession(), 'portal:login', { username: code, password })).mustChangePassword).toBe(true);
  });

  it.each([
    ['an unknown system_id', { systemId: 'intruder' }, SMPP_PASSWORD, 0x0f, /ESME_RINVSYSID/],
    ['a wrong password', {}, 'wrong-pw', 0x0e, /ESME_RINVPASWD/],
  ])('BR-4 a bind refused for %s keeps the message queued and shows offline; fixed settings send it once', async (_, overrides, password, status, error) => {
    const { app, clerk } = desk();
    await useSmpp(overrides, password);
    const { smsId, trackingCode } = await queuedReset();
    expect(await dispatcher().runOnce()).toEqual({ sent: 0, retried: 1, failed: 0, expired: 0 });
    expect(peer.binds.some((b) => b.status === status)).toBe(true);
    const row = (await outboxRow(smsId))!;
    expect(row.status).toBe('queued');
    expect(row.secret_enc).not.toBeNull();
    expect(row.last_error).toMatch(error);
    expect(row.last_error).not.toContain(password);
    expect(dispatcher().state()).toBe('offline');
    expect((await app.ok(clerk, 'app:status', {})).sms).toMatchObject({ adapter: 'smpp', state: 'offline', queued: 1 });
    expect(peer.parts).toEqual([]);

    await useSmpp();
    await untilDue();
    expect((await dispatcher().runOnce()).sent).toBe(1);
    expect(peer.messages().map((m) => parseResetSms(m.text).tracking)).toEqual([trackingCode]);
    expect(dispatcher().state()).toBe('online');
  });

  it('BR-4 gateway down for the first 3 attempts, then up: every message is delivered exactly once, with a stable reference', async () => {
    const { app, supervisor } = desk();
    await useSmpp();
    await expect.poll(() => dispatcher().state()).toBe('online');
    const states: string[] = [];
    app.ctx.onStatusChange(() => states.push(dispatcher().state()));
    await peer.stop();
    await expect.poll(() => dispatcher().state()).toBe('offline');

    const resets = [await queuedReset('001234567'), await queuedReset('002345678')];
    const test = await app.ok(supervisor, 'sms:test', { to: '09351234567' });
    for (let attempt = 1; attempt <= 3; attempt++) {
      expect(await dispatcher().runOnce()).toEqual({ sent: 0, retried: 3, failed: 0, expired: 0 });
      expect(dispatcher().state()).toBe('offline');
      const errors = (await app.ctx.db('sms_outbox').pluck('last_error')) as string[];
      for (const e of errors) expect(e).toMatch(/cannot reach 127\.0\.0\.1:\d+: ECONNREFUSED/);
      await untilDue();
    }
    await peer.start();
    expect(await dispatcher().runOnce()).toEqual({ sent: 3, retried: 0, failed: 0, expired: 0 });
    expect(dispatcher().state()).toBe('online');
    app.clock.advance(3600_000);
    expect((await dispatcher().runOnce()).sent).toBe(0);

    const texts = peer.messages().map((m) => m.text);
    expect(texts).toHaveLength(3);
    expect(new Set(texts).size).toBe(3);
    for (const r of resets) expect(texts.filter((t) => t.includes(r.trackingCode) && t.includes(r.password))).toHaveLength(1);
    expect(texts.filter((t) => t === test.bodyRedacted)).toHaveLength(1);
    for (const row of (await app.ctx.db('sms_outbox').select('status', 'attempts')) as OutboxRow[]) expect(row).toEqual({ status: 'sent', attempts: 4 });
    expect(states).toEqual(['offline', 'online']);
  });

  it('BR-4 invalid destination (0x0B) fails the message with its reason in outbox:list; throttling (0x58) is retried and keeps the link online', async () => {
    const { app, supervisor, clerk } = desk();
    await useSmpp();
    let throttled = 0;
    peer.answer = (p) => (p.destination === '989121110000' ? 0x0b : p.destination === '989125550000' && throttled++ === 0 ? 0x58 : 0);
    const bad = await app.ok(supervisor, 'sms:test', { to: '09121110000' });
    const slow = await app.ok(supervisor, 'sms:test', { to: '09125550000' });
    expect(await dispatcher().runOnce()).toEqual({ sent: 0, retried: 1, failed: 1, expired: 0 });
    expect(dispatcher().state()).toBe('online');

    const failed = await app.ok(clerk, 'outbox:list', { state: 'failed' });
    expect(failed.items.map((m) => m.id)).toEqual([bad.id]);
    expect(failed.items[0]!.lastError).toBe('SMPP submit_sm refused: ESME_RINVDSTADR (0x0000000B)');
    const queued = await app.ok(clerk, 'outbox:list', { state: 'queued' });
    expect(queued.items[0]).toMatchObject({ id: slow.id, lastError: 'SMPP submit_sm refused: ESME_RTHROTTLED (0x00000058)' });
    const entry = await app.ctx.db('audit_log').where({ action: 'sms.failed' }).first<{ subject_id: string }>();
    expect(entry!.subject_id).toBe(String(bad.id));

    await untilDue();
    expect((await dispatcher().runOnce()).sent).toBe(1);
    expect(peer.messages().map((m) => m.destination)).toEqual(['989125550000']);
  });

  it('REC-4 BR-4 a superseded reset never reaches the gateway; afterwards no password is in the database file, nor the gateway password', async () => {
    const { app, supervisor, clerk } = desk();
    await useSmpp();
    const first = await queuedReset();
    app.clock.advance(121_000);
    const again = await app.ok(clerk, 'resets:at-counter', { accountId: first.accountId, idDocument: { type: 'national_card', number: first.code } });
    expect((await dispatcher().runOnce()).sent).toBe(1);
    const texts = peer.messages().map((m) => m.text);
    expect(texts).toHaveLength(1);
    const { password, tracking } = parseResetSms(texts[0]!);
    expect(tracking).toBe(again.trackingCode);
    expect(texts[0]).not.toContain(first.trackingCode);
    expect(texts[0]).not.toContain(first.password);

    const settings = await app.ok(supervisor, 'settings:get', {});
    expect(settings.gatewayPasswordSet).toEqual({ smpp: true, kannel: false });
    expect(JSON.stringify(settings)).not.toContain(SMPP_PASSWORD);
    const outbox = JSON.stringify(await app.ctx.db('sms_outbox').select('*'));
    for (const secret of [password, first.password]) expect(outbox).not.toContain(secret);

    await app.ctx.db.raw('PRAGMA wal_checkpoint(TRUNCATE)');
    const dbFile = path.join(app.dataDir, 'desk.sqlite');
    const bytes = Buffer.concat([dbFile, `${dbFile}-wal`].filter(existsSync).map((f) => readFileSync(f)));
    expect(bytes.includes(Buffer.from(tracking))).toBe(true); // control: the search finds what is meant to be there
    for (const secret of [password, first.password, SMPP_PASSWORD]) {
      for (const enc of [Buffer.from(secret, 'utf8'), Buffer.from(secret, 'utf16le'), Buffer.from(secret, 'utf16le').swap16()]) {
        expect(bytes.includes(enc), secret).toBe(false);
      }
    }
    const audit = ((await app.ctx.db('audit_log').pluck('details')) as string[]).join('\n');
    expect(audit).toContain('"gateway":"smpp"');
    expect(audit).not.toContain(SMPP_PASSWORD);
  });

  it('BR-4 with delivery reports on: transceiver bind, registered_delivery 1, and a receipt becomes an audit entry on its message', async () => {
    const { app, supervisor } = desk();
    await useSmpp({ deliveryReports: true });
    const test = await app.ok(supervisor, 'sms:test', { to: '09121234567' });
    expect((await dispatcher().runOnce()).sent).toBe(1);
    expect(peer.binds.at(-1)).toEqual({ command: 'bind_transceiver', systemId: SYSTEM_ID, status: 0 });
    const [part] = peer.parts;
    expect(part).toMatchObject({ registeredDelivery: 1, esmClass: 0, udh: null, dataCoding: 8, text: test.bodyRedacted });
    peer.sendReceipt(part!.messageId, 'DELIVRD');
    await expect
      .poll(() => app.ctx.db('audit_log').where({ action: 'sms.delivery-report', subject_id: String(test.id) }).first<{ details: string }>())
      .toMatchObject({ details: expect.stringContaining('"state":"delivered"') });
  });

  it('BR-4 a lost link shows offline at once and is re-bound with backoff; both changes reach the status bar', async () => {
    const { app } = desk();
    await useSmpp();
    await expect.poll(() => dispatcher().state()).toBe('online');
    const states: string[] = [];
    app.ctx.onStatusChange(() => states.push(dispatcher().state()));
    peer.dropConnections();
    await expect.poll(() => states[0]).toBe('offline');
    await expect.poll(() => dispatcher().state(), { timeout: 5000 }).toBe('online');
    expect(states).toEqual(['offline', 'online']);
    expect(peer.binds.filter((b) => b.status === 0).length).toBeGreaterThanOrEqual(2);
  });

  it('BR-4 sms:test is supervisor-only and audited; settings refuse bad gateway values and an over-long SMPP password', async () => {
    const { app, supervisor, clerk } = desk();
    await useSmpp();
    expect(await app.call(clerk, 'sms:test', { to: '09121234567' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await app.call(clerk, 'sms:set-password', { gateway: 'smpp', password: 'x' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const test = await app.ok(supervisor, 'sms:test', { to: '۰۹۱۲۱۲۳۴۵۶۷' });
    expect(test).toMatchObject({ purpose: 'test', state: 'queued', toMasked: '0912***4567' });
    expect(test.bodyRedacted).toMatch(/^پیام آزمایشی .* کد آزمون \d{8}$/);
    const entry = await app.ctx.db('audit_log').orderBy('id', 'desc').first<{ action: string; actor_name: string; subject_id: string; details: string }>();
    expect(entry).toMatchObject({ action: 'sms.test', actor_name: 'sara.supervisor', subject_id: String(test.id) });
    expect(entry!.details).toContain('"adapter":"smpp"');
    expect(entry!.details).not.toContain('09121234567');
    expect((await dispatcher().runOnce()).sent).toBe(1);
    expect(peer.messages().map((m) => m.text)).toEqual([test.bodyRedacted]);

    for (const bad of [{ host: 'no such host!' }, { port: 0 }, { systemId: 'a-system-id-too-long' }, { sourceAddress: 'Too Long Sender' }, { maxParts: 0 }]) {
      const r = await app.call(supervisor, 'settings:update', { smpp: smppSettingsFor(peer, bad) });
      expect(r, JSON.stringify(bad)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    }
    expect(await app.call(supervisor, 'settings:update', { gatewayPasswordSet: { smpp: false, kannel: false } })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await app.call(supervisor, 'sms:set-password', { gateway: 'smpp', password: '123456789' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await app.ok(supervisor, 'sms:set-password', { gateway: 'smpp', password: null })).toEqual({ smpp: false, kannel: false });
  });
});
