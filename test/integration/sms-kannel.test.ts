import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app';
import { advanceUntilDue, branchDesk, parseResetSms, queueCounterReset, readOutboxRow } from '../helpers/desk-flow';
import { createKannel, kannelSkipReason, type Kannel } from '../helpers/kannel';

const USERNAME = 'desk';
const KANNEL_PASSWORD = 'kannel-Secret-42';
const MAX_MESSAGES = 3;

const skip = kannelSkipReason();

describe.skipIf(skip !== null)('BR-4: the Kannel adapter against Kannel from apt (bearerbox, smsbox, fakesmsc) on 127.0.0.1', () => {
  let kannel: Kannel;

  beforeAll(async () => {
    kannel = await createKannel({ username: USERNAME, password: KANNEL_PASSWORD, maxMessages: MAX_MESSAGES });
    await kannel.start();
  });
  afterAll(async () => {
    await kannel?.dispose();
  });
  const desk = useTestApp(branchDesk, { trainingMode: false });

  async function useKannel(overrides: Record<string, unknown> = {}, password = KANNEL_PASSWORD): Promise<void> {
    const { app, supervisor } = desk();
    await app.ok(supervisor, 'sms:set-password', { gateway: 'kannel', password });
    const kannelSettings = {
      host: '127.0.0.1',
      port: kannel.sendsmsPort,
      username: USERNAME,
      from: '1000',
      numberFormat: 'national',
      maxParts: MAX_MESSAGES,
      timeoutSeconds: 5,
      deliveryReports: false,
      ...overrides,
    };
    await app.ok(supervisor, 'settings:update', { smsAdapter: 'kannel', kannel: kannelSettings });
  }
  const outboxRow = (id: number) => readOutboxRow(desk().app, id);
  const dispatcher = () => desk().app.ctx.dispatcher;
  const untilDue = () => advanceUntilDue(desk().app);
  const queuedReset = () => queueCounterReset(desk());
  /** Texts fakesmsc received from message index `from` on, once there are `n` of them. */
  async function arrived(from: number, n: number): Promise<string[]> {
    await expect.poll(() => kannel.texts(from).length, { timeout: 10_000, message: kannel.output() }).toBeGreaterThanOrEqual(n);
    return kannel.texts(from);
  }

  it('BR-4 REC-2 a real reset reaches fakesmsc as two UDH parts whose UTF-16BE bytes decode to exactly the seed sentence; the delivery report is audited', async () => {
    const { app } = desk();
    await useKannel({ deliveryReports: true });
    const mark = kannel.received().length;
    const { smsId, trackingCode, password } = await queuedReset();
    expect(await dispatcher().runOnce()).toEqual({ sent: 1, retried: 0, failed: 0, expired: 0 });
    expect(dispatcher().state()).toBe('online');

    const expected = `کاربر گرامی برای درخواست شما به کد رهگیری ${trackingCode} رمز ${password} تخصیص داده شد.`;
    expect(await arrived(mark, 1)).toEqual([expected]);
    expect(parseResetSms(kannel.texts(mark)[0]!)).toEqual({ tracking: trackingCode, password });
    const parts = kannel.received().slice(mark);
    expect(parts).toHaveLength(2);
    parts.forEach((p, i) => {
      expect(p).toMatchObject({ from: '1000', to: '09121234567' });
      expect([...p.udh!]).toEqual([5, 0, 3, parts[0]!.udh![3], 2, i + 1]);
    });
    expect(parts.map((p) => p.bytes.length / 2)).toEqual([67, 11]);
    expect(await outboxRow(smsId)).toMatchObject({ status: 'sent', secret_enc: null });

    // dlr-url: Kannel calls the adapter's own 127.0.0.1 listener with the message reference.
    await expect
      .poll(() => app.ctx.db('audit_log').where({ action: 'sms.delivery-report', subject_id: String(smsId) }).first<{ details: string }>(), { timeout: 10_000 })
      .toMatchObject({ details: expect.stringContaining('"state":"delivered"') });
    // The password went in a header: not in Kannel's access log.
    expect(readFileSync(path.join(kannel.dir, 'access.log'), 'utf8')).not.toContain(KANNEL_PASSWORD);
  });

  it('BR-4 a wrong password: Kannel answers 403, the message fails as permanent with the reason shown, and the status bar says offline', async () => {
    const { app, supervisor, clerk } = desk();
    await useKannel({}, 'not-the-password');
    const mark = kannel.received().length;
    const test = await app.ok(supervisor, 'sms:test', { to: '09121234567' });
    expect(await dispatcher().runOnce()).toEqual({ sent: 0, retried: 0, failed: 1, expired: 0 });
    const [item] = (await app.ok(clerk, 'outbox:list', { state: 'failed' })).items;
    expect(item).toMatchObject({ id: test.id, state: 'failed' });
    expect(item!.lastError).toMatch(/^Kannel refused the message: HTTP 403 Authorization failed/);
    expect(item!.lastError).not.toContain('not-the-password');
    expect(dispatcher().state()).toBe('offline');
    await new Promise((r) => setTimeout(r, 300));
    expect(kannel.received().length).toBe(mark);
  });

  it('BR-4 a text needing more parts than max-messages is refused before sending (Kannel would silently cut it)', async () => {
    await useKannel({ maxParts: 1 });
    const mark = kannel.received().length;
    const { smsId } = await queuedReset();
    expect(await dispatcher().runOnce()).toEqual({ sent: 0, retried: 0, failed: 1, expired: 0 });
    expect((await outboxRow(smsId))!.last_error).toMatch(/needs 2 SMS parts; the gateway takes at most 1 \(max-messages\)/);
    await new Promise((r) => setTimeout(r, 300));
    expect(kannel.received().length).toBe(mark);
  });

  it('BR-4 bearerbox down: connection refused is transient, retried, and the message is delivered once Kannel is up again', async () => {
    await useKannel();
    const mark = kannel.received().length;
    await kannel.killBearerbox();
    const { smsId, trackingCode } = await queuedReset();
    for (let attempt = 1; attempt <= 2; attempt++) {
      expect(await dispatcher().runOnce()).toEqual({ sent: 0, retried: 1, failed: 0, expired: 0 });
      expect((await outboxRow(smsId))!.last_error).toMatch(/^Kannel at 127\.0\.0\.1:\d+ unreachable: ECONNREFUSED$/);
      expect(dispatcher().state()).toBe('offline');
      await untilDue();
    }
    await kannel.stop();
    await kannel.start();
    expect(await dispatcher().runOnce()).toEqual({ sent: 1, retried: 0, failed: 0, expired: 0 });
    expect(dispatcher().state()).toBe('online');
    const texts = await arrived(mark, 1);
    expect(texts.map((t) => parseResetSms(t).tracking)).toEqual([trackingCode]);
    expect(await outboxRow(smsId)).toMatchObject({ status: 'sent', secret_enc: null });
  });
});
