import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decryptSecret } from '../../src-main/core/secrets';
import { inTx } from '../../src-main/services/env';
import { OutboxDispatcher } from '../../src-main/services/outbox-dispatcher.service';
import { MOBILE_CHANGED_NOTICE, queueSms } from '../../src-main/services/outbox.service';
import type { SendResult, SmsAdapter, SmsMessage } from '../../src-main/sms/adapter';
import { fileAdapter } from '../../src-main/sms/file-adapter';
import { useAppStarter, type StartOptions } from '../helpers/app';
import { branchDesk, parseResetSms, queueCounterReset, readOutboxRow, registerCitizen, type Desk } from '../helpers/desk-flow';

/** A test double of the network: answers with the scripted results in turn, then succeeds. */
function scriptedGateway(script: SendResult[] = []): SmsAdapter & { calls: SmsMessage[]; delivered: SmsMessage[] } {
  const calls: SmsMessage[] = [];
  const delivered: SmsMessage[] = [];
  return {
    name: 'kannel',
    calls,
    delivered,
    send(m) {
      calls.push(m);
      const r = script.shift() ?? { ok: true, providerMessageId: `gw-${calls.length}` };
      if (r.ok) delivered.push(m);
      return Promise.resolve(r);
    },
    close: () => Promise.resolve(),
  };
}

describe('BR-4: the SMS outbox', () => {
  const startApp = useAppStarter();
  let desk: Desk;
  /** Starts this test's app, set up; the helpers below work on it. */
  async function start(opts: StartOptions = {}): Promise<Desk> {
    desk = await branchDesk(await startApp(opts));
    return desk;
  }

  const outboxRow = (id: number) => readOutboxRow(desk.app, id);
  const outboxKey = () => readFileSync(path.join(desk.app.dataDir, 'keys', 'outbox.key'));
  const resetRow = (id: number) => desk.app.ctx.db('password_resets').where({ id }).first<{ state: string; sms_id: number }>();
  const auditActions = async () => (await desk.app.ctx.db('audit_log').orderBy('id').pluck('action')) as string[];
  const queuedReset = (first9?: string) => queueCounterReset(desk, first9);

  it('BR-4 with no gateway the reset SMS stays queued, the status bar says offline, and the branch keeps working', async () => {
    const { app, clerk } = await start({ trainingMode: false });
    const { accountId, smsId } = await queuedReset();
    expect(await app.ctx.dispatcher.runOnce()).toEqual({ sent: 0, retried: 1, failed: 0, expired: 0 });
    app.clock.advance(60_000);
    await app.ctx.dispatcher.runOnce();

    expect((await app.ctx.status()).sms).toEqual({ adapter: 'none', state: 'offline', queued: 1 });
    expect((await app.ok(clerk, 'app:status', {})).sms).toEqual({ adapter: 'none', state: 'offline', queued: 1 });
    const row = (await outboxRow(smsId))!;
    expect(row.status).toBe('queued');
    expect(row.attempts).toBeGreaterThanOrEqual(1);
    expect(row.secret_enc).not.toBeNull();
    const list = await app.ok(clerk, 'outbox:list', { state: 'queued' });
    expect(list.items.map((m) => m.id)).toEqual([smsId]);
    expect(list.items[0]!.lastError).toMatch(/no SMS gateway/);
    const detail = await app.ok(clerk, 'accounts:get', { accountId });
    expect(detail.resets[0]).toMatchObject({ state: 'pending', smsState: 'queued' });

    // Offline is not out of order: registering and resetting go on, the queue grows.
    await queuedReset('002345678');
    expect((await app.ctx.status()).sms.queued).toBe(2);
    expect(existsSync(path.join(app.dataDir, 'sms-training.jsonl'))).toBe(false);
  });

  it('BR-4 an SMS not sent before its deadline expires, and the account page says the reset was not delivered', async () => {
    const { app } = await start({ trainingMode: false });
    const { resetId, smsId } = await queuedReset();
    app.clock.advance(24 * 3600_000 + 1000);
    expect((await app.ctx.dispatcher.runOnce()).expired).toBe(1);
    expect(await outboxRow(smsId)).toMatchObject({ status: 'expired', secret_enc: null });
    expect((await resetRow(resetId))!.state).toBe('undelivered');
    expect((await auditActions()).at(-1)).toBe('sms.expired');
  });

  it('BR-4 a pass puts back stale claims, expires and claims in one transaction: an idle counter commits once a pass (issue 11)', async () => {
    const { app } = await start({ trainingMode: false });
    const pass = async () => {
      const sql: Array<{ sql: string; bindings: unknown[] }> = [];
      const listen = (q: { sql: string; bindings?: unknown[] }) => sql.push({ sql: q.sql, bindings: q.bindings ?? [] });
      app.ctx.db.on('query', listen);
      try {
        const tally = await app.ctx.dispatcher.runOnce();
        const firstCommit = sql.findIndex((q) => /^commit/i.test(q.sql));
        return { tally, commits: sql.filter((q) => /^commit/i.test(q.sql)).length, firstTx: sql.slice(0, firstCommit) };
      } finally {
        app.ctx.db.off('query', listen);
      }
    };
    // Nothing queued: one commit, not one for the tidying and one for the claim.
    expect((await pass()).commits).toBe(1);
    // A message past its deadline and a fresh one: the expiry and the claim share the first commit.
    const { smsId: old } = await queuedReset();
    const { smsId: fresh } = await queuedReset('002345678');
    await app.ctx.db('sms_outbox').where({ id: old }).update({ expires_at: new Date(app.clock.now().getTime() - 1000).toISOString() });
    const { tally, firstTx } = await pass();
    expect(tally).toMatchObject({ expired: 1, retried: 1 }); // no gateway in this app: the fresh one waits
    const outboxUpdates = firstTx.filter((q) => /^update [`"]?sms_outbox[`"]?/i.test(q.sql));
    expect(outboxUpdates.some((q) => q.bindings.includes('expired'))).toBe(true);
    expect(outboxUpdates.some((q) => q.bindings.includes('sending'))).toBe(true);
    expect(await outboxRow(old)).toMatchObject({ status: 'expired' });
    expect(await outboxRow(fresh)).toMatchObject({ status: 'queued' });
  });

  it('BR-4 REC-2 the waiting password is only in secret_enc, sealed with keys/outbox.key; after sending only a redacted copy stays', async () => {
    const { app, clerk } = await start();
    const { smsId, trackingCode, resetId } = await queuedReset();
    const row = (await outboxRow(smsId))!;
    expect(row.body_template).toContain(trackingCode);
    expect(row.body_template).toContain('{secret}');
    const password = decryptSecret(outboxKey(), row.secret_enc!);
    expect(password).toMatch(/^\d{8}$/);
    expect(row.body_template).not.toContain(password);
    expect(row.secret_enc).not.toContain(password);
    expect(() => decryptSecret(readFileSync(path.join(app.dataDir, 'keys', 'audit.key')), row.secret_enc!)).toThrow();

    expect((await app.ctx.dispatcher.runOnce()).sent).toBe(1);
    const [sms] = app.sentSms();
    expect(parseResetSms(sms!.text)).toEqual({ tracking: trackingCode, password });
    expect(sms!.text).toBe(row.body_template.replace('{secret}', password));

    const after = (await outboxRow(smsId))!;
    expect(after).toMatchObject({ status: 'sent', secret_enc: null, attempts: 1, last_error: null });
    const list = await app.ok(clerk, 'outbox:list', {});
    const item = list.items.find((m) => m.id === smsId)!;
    expect(item.state).toBe('sent');
    expect(item.bodyRedacted).toBe(row.body_template.replace('{secret}', '********'));
    expect(JSON.stringify(list)).not.toContain(password);
    expect((await resetRow(resetId))!.state).toBe('sent');
  });

  it('BR-4 a transient failure is retried with growing backoff and the message is delivered exactly once', async () => {
    const { app } = await start();
    const { smsId, code } = await queuedReset();
    const fail = (i: number): SendResult => ({ ok: false, permanent: false, error: `timeout ${i}` });
    const gateway = scriptedGateway([fail(1), fail(2), fail(3)]);
    const d = new OutboxDispatcher(app.ctx.env, gateway, { baseBackoffMs: 10_000, random: () => 0.5 });

    const delays: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      expect(await d.runOnce()).toEqual({ sent: 0, retried: 1, failed: 0, expired: 0 });
      const row = (await outboxRow(smsId))!;
      expect(row).toMatchObject({ status: 'queued', attempts: attempt, last_error: `timeout ${attempt}` });
      expect(d.state()).toBe('offline');
      delays.push(new Date(row.next_attempt_at).getTime() - app.clock.now().getTime());
      // Not due yet: nothing is tried before the backoff has passed.
      const calls = gateway.calls.length;
      app.clock.advance(delays.at(-1)! - 1);
      expect((await d.runOnce()).retried).toBe(0);
      expect(gateway.calls.length).toBe(calls);
      app.clock.advance(1);
    }
    expect(delays[0]).toBeGreaterThan(0);
    expect(delays[1]).toBeGreaterThan(delays[0]!);
    expect(delays[2]).toBeGreaterThan(delays[1]!);

    expect((await d.runOnce()).sent).toBe(1);
    expect(d.state()).toBe('online');
    app.clock.advance(3600_000);
    await d.runOnce();
    await d.runOnce();
    expect(gateway.calls).toHaveLength(4);
    expect(new Set(gateway.calls.map((c) => c.reference)).size).toBe(1);
    expect(gateway.delivered).toHaveLength(1);
    expect(await outboxRow(smsId)).toMatchObject({ status: 'sent', attempts: 4, secret_enc: null, last_error: null });

    // REC-5: the delivered password works.
    const { password } = parseResetSms(gateway.delivered[0]!.text);
    expect((await app.ok(app.kioskSession(), 'portal:login', { username: code, password })).mustChangePassword).toBe(true);
  });

  it('BR-4 a permanent failure fails the message with its reason (never the password) and the reset is undelivered', async () => {
    const { app, clerk, supervisor } = await start();
    const { smsId, accountId, code } = await queuedReset();
    const echo: SmsAdapter = {
      name: 'kannel',
      // Some gateways echo the text they refused; the password must not reach last_error.
      send: (m) => Promise.resolve({ ok: false, permanent: true, error: `invalid destination for "${m.text}"` }),
      close: () => Promise.resolve(),
    };
    const password = decryptSecret(outboxKey(), (await outboxRow(smsId))!.secret_enc!);
    const d = new OutboxDispatcher(app.ctx.env, echo);
    expect(await d.runOnce()).toEqual({ sent: 0, retried: 0, failed: 1, expired: 0 });

    const row = (await outboxRow(smsId))!;
    expect(row).toMatchObject({ status: 'failed', secret_enc: null, attempts: 1 });
    expect(row.last_error).toMatch(/^invalid destination/);
    expect(row.last_error).not.toContain(password);
    expect(row.last_error).toContain('********');
    const detail = await app.ok(clerk, 'accounts:get', { accountId });
    expect(detail.resets[0]).toMatchObject({ state: 'undelivered', smsState: 'failed' });
    const failedEntry = await app.ctx.db('audit_log').where({ action: 'sms.failed' }).first<{ details: string }>();
    expect(failedEntry!.details).not.toContain(password);
    expect(await app.call(app.kioskSession(), 'portal:login', { username: code, password })).toMatchObject({ ok: false, error: { code: 'INVALID_CREDENTIALS' } });
    // Its password is gone, so it cannot be sent again: a new reset is the way.
    expect(await app.call(supervisor, 'outbox:retry', { messageId: smsId })).toMatchObject({ ok: false, error: { code: 'MESSAGE_NOT_RETRYABLE' } });
  });

  it('BR-4 messages a crash left in flight are requeued by start() and sent once more, with the same reference', async () => {
    const { app } = await start();
    const { smsId } = await queuedReset();
    let release: (r: SendResult) => void = () => undefined;
    const hanging: SmsAdapter = {
      name: 'kannel',
      send: () => new Promise<SendResult>((resolve) => (release = resolve)),
      close: () => Promise.resolve(),
    };
    const crashed = new OutboxDispatcher(app.ctx.env, hanging);
    const inFlight = crashed.runOnce();
    await expect.poll(async () => (await outboxRow(smsId))!.status).toBe('sending');
    expect((await app.ctx.status()).sms.queued).toBe(1);

    // The process "restarts": a new dispatcher over the same database.
    const file = fileAdapter(app.dataDir);
    const restarted = new OutboxDispatcher(app.ctx.env, file, { intervalMs: 3600_000 });
    await restarted.start();
    try {
      expect((await outboxRow(smsId))!.status).toBe('queued');
      expect((await auditActions()).at(-1)).toBe('sms.requeued');
      expect((await restarted.runOnce()).sent).toBe(1);
    } finally {
      await restarted.stop();
    }
    // The old send returns late: it must not undo or repeat what the restart did.
    release({ ok: true, providerMessageId: 'late' });
    expect((await inFlight).sent).toBe(0);
    const row = (await outboxRow(smsId))!;
    expect(row.status).toBe('sent');
    expect(app.sentSms().map((m) => m.reference)).toEqual([row.reference]);
  });

  it('BR-4 no password lingers in the database file or its WAL after sending (secure_delete)', async () => {
    const { app, clerk } = await start();
    const first = await queuedReset();
    const superseded = decryptSecret(outboxKey(), (await outboxRow(first.smsId))!.secret_enc!);
    app.clock.advance(121_000); // past the reset cooldown: a second reset cancels the first SMS
    const again = await app.ok(clerk, 'resets:at-counter', { accountId: first.accountId, idDocument: { type: 'national_card', number: first.code } });
    expect(await outboxRow(first.smsId)).toMatchObject({ status: 'cancelled', secret_enc: null });
    await app.ctx.dispatcher.runOnce();
    const { password, tracking } = parseResetSms(app.sentSms()[0]!.text);
    expect(tracking).toBe(again.trackingCode);
    const kiosk = app.kioskSession();
    await app.ok(kiosk, 'portal:login', { username: first.code, password });
    const chosen = 'Sun-Rise-1405';
    await app.ok(kiosk, 'portal:change-password', { current: password, next: chosen, repeat: chosen });

    await app.ctx.db.raw('PRAGMA wal_checkpoint(TRUNCATE)');
    const dbFile = path.join(app.dataDir, 'desk.sqlite');
    const bytes = Buffer.concat([dbFile, `${dbFile}-wal`].filter(existsSync).map((f) => readFileSync(f)));
    // Control: the search finds digits that are meant to be there (the tracking code is not secret).
    expect(bytes.includes(Buffer.from(tracking))).toBe(true);
    for (const secret of [password, superseded, chosen]) {
      expect(bytes.includes(Buffer.from(secret, 'utf8')), secret).toBe(false);
      expect(bytes.includes(Buffer.from(secret, 'utf16le')), secret).toBe(false);
    }
  });

  it('BR-4 outbox:retry is supervisor-only and audited', async () => {
    const { app, clerk, supervisor } = await start();
    const { accountId } = await registerCitizen(desk, '001234567');
    const env = app.ctx.env;
    const noticeId = await inTx(env, (tx) =>
      queueSms(tx, env, { purpose: 'notice', to: '09121234567', template: MOBILE_CHANGED_NOTICE, accountId, expiresAt: new Date(app.clock.now().getTime() + 3600_000) }),
    );
    await new OutboxDispatcher(env, scriptedGateway([{ ok: false, permanent: true, error: 'SMSC rejected' }])).runOnce();
    expect((await outboxRow(noticeId))!.status).toBe('failed');

    expect(await app.call(clerk, 'outbox:retry', { messageId: noticeId })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await outboxRow(noticeId))!.status).toBe('failed');
    const retried = await app.ok(supervisor, 'outbox:retry', { messageId: noticeId });
    expect(retried).toMatchObject({ id: noticeId, state: 'queued', lastError: 'SMSC rejected' });
    const entry = await app.ctx.db('audit_log').orderBy('id', 'desc').first<{ action: string; actor_name: string; subject_type: string; subject_id: string }>();
    expect(entry).toMatchObject({ action: 'sms.retry', actor_name: 'sara.supervisor', subject_type: 'sms', subject_id: String(noticeId) });
    expect(await app.call(supervisor, 'outbox:retry', { messageId: 999_999 })).toMatchObject({ ok: false, error: { code: 'MESSAGE_NOT_FOUND' } });

    await app.ctx.dispatcher.runOnce();
    expect(app.sentSms().map((m) => m.text)).toEqual([MOBILE_CHANGED_NOTICE]);
  });

  it('BR-4 outbox:cancel is supervisor-only and audited; a cancelled reset SMS is never sent and the reset ends undelivered', async () => {
    const { app, clerk, supervisor } = await start();
    const { smsId, resetId } = await queuedReset();
    expect(await app.call(clerk, 'outbox:cancel', { messageId: smsId })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await outboxRow(smsId))!.status).toBe('queued');

    expect(await app.ok(supervisor, 'outbox:cancel', { messageId: smsId })).toMatchObject({ id: smsId, state: 'cancelled' });
    expect(await outboxRow(smsId)).toMatchObject({ status: 'cancelled', secret_enc: null });
    expect((await resetRow(resetId))!.state).toBe('undelivered');
    const entry = await app.ctx.db('audit_log').orderBy('id', 'desc').first<{ action: string; actor_name: string; subject_id: string }>();
    expect(entry).toMatchObject({ action: 'sms.cancelled', actor_name: 'sara.supervisor', subject_id: String(smsId) });

    expect((await app.ctx.dispatcher.runOnce()).sent).toBe(0);
    expect(app.sentSms()).toEqual([]);
    // Cancelling what is already final changes nothing and writes nothing.
    const entries = await app.ctx.db('audit_log').count({ n: '*' });
    expect(await app.ok(supervisor, 'outbox:cancel', { messageId: smsId })).toMatchObject({ state: 'cancelled' });
    expect(await app.ctx.db('audit_log').count({ n: '*' })).toEqual(entries);
  });
});
