import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AcceptedLog, readAccepted } from '../../src-main/core/accepted-log';
import { DESK_LOCK_FILE } from '../../src-main/db/desk-lock';
import { OutboxDispatcher } from '../../src-main/services/outbox-dispatcher.service';
import { useAppStarter, type TestApp } from '../helpers/app';
import { branchDesk, queueCounterReset, queueNotices, type Desk } from '../helpers/desk-flow';
import { heldGateway } from '../helpers/held-gateway';

/**
 * Issue 11, BR-4 under pipelining: the window stays full instead of being waited out, yet a crash
 * repeats at most the window (same references), and a person's messages never travel together,
 * so a superseded reset SMS can never reach the gateway after its successor.
 */

/** The restarted dispatcher's pass, every answer given: the references it sent that the crashed one had sent too. */
async function sendAllAgain(restarted: OutboxDispatcher, again: ReturnType<typeof heldGateway>, before: ReturnType<typeof heldGateway>, expected: number): Promise<string[]> {
  const pass = restarted.runOnce();
  while (again.calls.length < expected || again.waiting.length > 0) {
    await expect.poll(() => again.waiting.length).toBeGreaterThan(0);
    again.releaseAll();
  }
  expect((await pass).sent).toBe(expected);
  await restarted.stop();
  return again.calls.map((c) => c.reference).filter((ref) => before.calls.some((c) => c.reference === ref));
}


const statuses = async (app: TestApp) => (await app.ctx.db('sms_outbox').orderBy('id').select('id', 'status', 'reference')) as Array<{ id: number; status: string; reference: string }>;

describe('BR-4: the outbox pipeline', () => {
  const startApp = useAppStarter();
  let desk: Desk;

  /** A counter reset whose SMS is on the wire (held), then a second reset of the same person. */
  async function supersededOnTheWire() {
    desk = await branchDesk(await startApp({ trainingMode: false }));
    const { app, clerk } = desk;
    const first = await queueCounterReset(desk);
    const gw = heldGateway();
    const d = new OutboxDispatcher(app.ctx.env, gw.adapter, { window: 10 });
    const pass = d.runOnce();
    await expect.poll(() => gw.waiting.length).toBe(1);
    app.clock.advance(121_000);
    const second = await app.ok(clerk, 'resets:at-counter', { accountId: first.accountId, idDocument: { type: 'national_card', number: first.code } });
    return { app, first, gw, d, pass, second };
  }

  /**
   * 40 notices, a pass through a held gateway with its window of 10 full (unrecordedMax 12, the
   * given log), then the database made busy by a transaction the test holds: nothing answered can
   * be committed until it ends.
   */
  async function busyWithFullWindow(makeLog: (file: string) => AcceptedLog) {
    desk = await branchDesk(await startApp({ trainingMode: false }));
    const { app } = desk;
    await queueNotices(app, 40, 2000000);
    const gw = heldGateway();
    const logFile = path.join(app.dataDir, 'outbox-accepted.log');
    const log = makeLog(logFile);
    const pass = new OutboxDispatcher(app.ctx.env, gw.adapter, { window: 10, unrecordedMax: 12, acceptedLog: log }).runOnce();
    await expect.poll(() => gw.waiting.length).toBe(10);
    const busy = await app.ctx.db.transaction();
    return { gw, log, logFile, pass, busy };
  }

  it('BR-4 the window is refilled as answers come back: never more than the window on the wire, and every message sent once', async () => {
    desk = await branchDesk(await startApp({ trainingMode: false }));
    const { app } = desk;
    await queueNotices(app, 25, 2000000);
    const gw = heldGateway();
    const d = new OutboxDispatcher(app.ctx.env, gw.adapter, { window: 10 });
    const pass = d.runOnce();
    await expect.poll(() => gw.waiting.length).toBe(10);
    // One answer frees one slot, which is refilled at once (a sliding window, not batches of 10).
    gw.release();
    await expect.poll(() => gw.calls.length).toBe(11);
    expect((await statuses(app)).filter((r) => r.status === 'sending')).toHaveLength(10);
    while (gw.calls.length < 25 || gw.waiting.length > 0) {
      await expect.poll(() => gw.waiting.length).toBeGreaterThan(0);
      gw.release();
    }
    expect(await pass).toEqual({ sent: 25, retried: 0, failed: 0, expired: 0 });
    expect(gw.most()).toBe(10);
    expect(new Set(gw.calls.map((c) => c.reference)).size).toBe(25);
    expect((await statuses(app)).every((r) => r.status === 'sent')).toBe(true);
    expect(await app.ctx.db('audit_log').where({ action: 'sms.sent' }).count({ n: '*' })).toEqual([{ n: 25 }]);
  });

  it('BR-4 a crash mid-window repeats only the sends not yet recorded (at most the window), with the same references', async () => {
    desk = await branchDesk(await startApp({ trainingMode: false }));
    const { app } = desk;
    await queueNotices(app, 30, 2000000);
    const gw = heldGateway();
    const crashed = new OutboxDispatcher(app.ctx.env, gw.adapter, { window: 10 });
    void crashed.runOnce();
    await expect.poll(() => gw.waiting.length).toBe(10);
    for (let i = 0; i < 14; i++) {
      gw.release();
      await expect.poll(() => gw.waiting.length).toBe(10);
    }
    await expect.poll(async () => (await statuses(app)).filter((r) => r.status === 'sent').length).toBe(14);
    // The process dies here: 10 on the wire (unrecorded), 14 recorded as sent, 6 never claimed.
    const before = await statuses(app);
    const onWire = before.filter((r) => r.status === 'sending');
    expect(onWire).toHaveLength(10);
    expect(new Set(onWire.map((r) => r.reference))).toEqual(new Set(gw.waiting.map((w) => w.m.reference)));
    expect(before.filter((r) => r.status === 'queued')).toHaveLength(6);

    const again = heldGateway();
    const restarted = new OutboxDispatcher(app.ctx.env, again.adapter, { window: 10, intervalMs: 3600_000 });
    await restarted.start();
    const repeated = await sendAllAgain(restarted, again, gw, 16);
    expect(new Set(repeated)).toEqual(new Set(onWire.map((r) => r.reference)));
    expect((await statuses(app)).every((r) => r.status === 'sent')).toBe(true);
  });

  it('BR-4 with the accepted log, a crash repeats only what was still unanswered (at most the window), with the same references; answered-but-unrecorded sends are recorded at restart, not repeated', async () => {
    desk = await branchDesk(await startApp({ trainingMode: false }));
    const { app } = desk;
    await queueNotices(app, 40, 2000000);
    const gw = heldGateway();
    const logFile = path.join(app.dataDir, 'outbox-accepted.log');
    const crashed = new OutboxDispatcher(app.ctx.env, gw.adapter, { window: 10, acceptedLog: new AcceptedLog(logFile) });
    void crashed.runOnce();
    await expect.poll(() => gw.waiting.length).toBe(10);
    // Claimed ahead: more than the window is `sending`, but only the window is with the gateway.
    expect((await statuses(app)).filter((r) => r.status === 'sending').length).toBeGreaterThan(10);
    for (let i = 0; i < 14; i++) {
      gw.release();
      await expect.poll(() => gw.waiting.length).toBe(10);
    }
    await expect.poll(async () => (await statuses(app)).filter((r) => r.status === 'sent').length).toBe(14);
    // The database is busy (a long write elsewhere) while three more answers arrive: they are
    // written to the log at once, and the app dies before it can record them.
    const busy = await app.ctx.db.transaction();
    for (let i = 0; i < 3; i++) gw.release();
    await expect.poll(() => readAccepted(logFile).size).toBe(17);
    const crashDir = mkdtempSync(path.join(os.tmpdir(), 'desk-crash-copy-'));
    cpSync(app.dataDir, crashDir, { recursive: true, filter: (f) => path.basename(f) !== DESK_LOCK_FILE });
    const unanswered = gw.waiting.map((w) => w.m.reference);
    const answeredUnrecorded = gw.calls.slice(14, 17).map((c) => c.reference);
    await busy.rollback();

    const restartedApp = await startApp({ trainingMode: false, beforeStart: (dir) => cpSync(crashDir, dir, { recursive: true }) });
    rmSync(crashDir, { recursive: true, force: true });
    const atCrash = await statuses(restartedApp);
    expect(atCrash.filter((r) => r.status === 'sent')).toHaveLength(14);
    const again = heldGateway();
    const restarted = new OutboxDispatcher(restartedApp.ctx.env, again.adapter, { window: 10, intervalMs: 3600_000, acceptedLog: new AcceptedLog(path.join(restartedApp.dataDir, 'outbox-accepted.log')) });
    await restarted.start();
    const recorded = await restartedApp.ctx.db('sms_outbox').whereIn('reference', answeredUnrecorded).select('status', 'provider_message_id');
    expect(recorded.map((r: { status: string }) => r.status)).toEqual(['sent', 'sent', 'sent']);
    const repeated = await sendAllAgain(restarted, again, gw, 23);
    expect(new Set(repeated)).toEqual(new Set(unanswered));
    expect(repeated.length).toBeLessThanOrEqual(10);
    expect((await statuses(restartedApp)).every((r) => r.status === 'sent')).toBe(true);
    const requeued = await restartedApp.ctx.db('audit_log').where({ action: 'sms.requeued' }).first<{ details: string }>('details');
    expect(JSON.parse(requeued!.details)).toEqual({ acceptedBeforeStop: 3, count: 23 });
    expect(await restartedApp.ctx.db('audit_log').where({ action: 'sms.sent' }).count({ n: '*' })).toEqual([{ n: 40 }]);
  });

  it('BR-4 a power cut repeats at most unrecordedMax answered sends: none is handed over while that many answers are neither synced in the log nor committed', async () => {
    /** A disk whose syncs never finish: only the database's commits make answers durable. */
    class NeverSynced extends AcceptedLog {
      override sync(): void {}
    }
    const { gw, log, logFile, pass, busy } = await busyWithFullWindow((file) => new NeverSynced(file));
    try {
      // Each answer is refilled at once while fewer than 12 answers could be lost…
      for (let i = 1; i <= 11; i++) {
        gw.release();
        await expect.poll(() => gw.calls.length).toBe(10 + i);
      }
      // …and the twelfth is not: the nine still on the wire are all that goes out meanwhile.
      gw.release();
      await expect.poll(() => readAccepted(logFile).size).toBe(12);
      expect(gw.calls).toHaveLength(21);
      gw.releaseAll();
      await expect.poll(() => readAccepted(logFile).size).toBe(21);
      expect(gw.calls).toHaveLength(21);
      expect(log.unsynced()).toBe(21);
    } finally {
      // Once the commit records them, the sends go on.
      await busy.rollback();
    }
    while (gw.calls.length < 40 || gw.waiting.length > 0) {
      await expect.poll(() => gw.waiting.length).toBeGreaterThan(0);
      gw.releaseAll();
    }
    expect((await pass).sent).toBe(40);
    expect(log.unsynced()).toBe(0);
    log.close();
  });

  it('BR-4 with the log synced, answers do not wait for the commit: the sends go on while the database is busy', async () => {
    const { gw, log, pass, busy } = await busyWithFullWindow((file) => new AcceptedLog(file));
    try {
      // Every message was claimed ahead; each answer is synced in the log, so all 40 go out
      // without a single commit, and never more than 10 at once.
      while (gw.calls.length < 40 || gw.waiting.length > 0) {
        await expect.poll(() => gw.waiting.length).toBeGreaterThan(0);
        gw.release();
      }
      expect(gw.most()).toBe(10);
      expect(await busy('sms_outbox').where({ status: 'sent' }).count({ n: '*' })).toEqual([{ n: 0 }]);
    } finally {
      await busy.rollback();
    }
    expect((await pass).sent).toBe(40);
    expect(log.unsynced()).toBe(0);
    log.close();
  });

  it('REC-4 a superseded reset SMS on the wire is answered before its successor is sent; other people are not held up', async () => {
    // While the first SMS is on the wire the clerk resets again: the first is superseded…
    const { app, first, gw, pass, second } = await supersededOnTheWire();
    const secondSms = (await app.ctx.db('password_resets').where({ id: second.resetId }).first<{ sms_id: number }>())!.sms_id;
    await queueNotices(app, 3, 2000000);
    // …and someone else's messages go out meanwhile; the successor waits for the first's answer.
    const d2 = new OutboxDispatcher(app.ctx.env, gw.adapter, { window: 10 }); // a second counter's dispatcher
    const pass2 = d2.runOnce();
    await expect.poll(() => gw.calls.length).toBe(4);
    expect(gw.calls.map((c) => c.text).filter((t) => t.includes(second.trackingCode))).toEqual([]);
    for (let i = 0; i < 3; i++) gw.release(1); // the others' messages, not the first reset's
    expect((await pass2).sent).toBe(3);
    expect(gw.calls.map((c) => c.text).filter((t) => t.includes(second.trackingCode))).toEqual([]);
    gw.release(0);
    // The first's answer is in: now the successor goes (the first counter's pass picks it up), and
    // it is the last thing that person gets.
    await expect.poll(() => gw.waiting.length).toBe(1);
    expect(gw.waiting[0]!.m.text).toContain(second.trackingCode);
    gw.releaseAll();
    expect((await pass).sent).toBe(2);
    const toPerson = gw.calls.filter((c) => c.text.includes(first.trackingCode) || c.text.includes(second.trackingCode));
    expect(toPerson.map((c) => (c.text.includes(second.trackingCode) ? 'second' : 'first'))).toEqual(['first', 'second']);
    expect((await app.ctx.db('sms_outbox').where({ id: secondSms }).first<{ status: string }>())!.status).toBe('sent');
    // The first really reached the gateway, so it says sent; its reset stays superseded (REC-4).
    expect((await app.ctx.db('sms_outbox').where({ id: first.smsId }).first<{ status: string }>())!.status).toBe('sent');
    expect((await app.ctx.db('password_resets').where({ id: first.resetId }).first<{ state: string }>())!.state).toBe('superseded');
  });

  it('REC-4 a reset SMS superseded while on the wire whose send then fails is cancelled, never retried after its successor', async () => {
    const { app, first, gw, pass, d } = await supersededOnTheWire();
    gw.waiting.shift()!.answer({ ok: false, permanent: false, error: 'timeout' });
    await expect.poll(() => gw.waiting.length).toBe(1); // the successor, once the first is settled
    gw.releaseAll();
    expect(await pass).toEqual({ sent: 1, retried: 0, failed: 0, expired: 0 });
    expect(await app.ctx.db('sms_outbox').where({ id: first.smsId }).first('status', 'secret_enc')).toEqual({ status: 'cancelled', secret_enc: null });
    app.clock.advance(3600_000);
    expect((await d.runOnce()).sent).toBe(0);
    expect(gw.calls).toHaveLength(2);
  });
});
