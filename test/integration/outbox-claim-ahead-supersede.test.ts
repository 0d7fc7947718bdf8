import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SmppSettings } from '../../shared/contract/settings.contract';
import { AcceptedLog } from '../../src-main/core/accepted-log';
import { OutboxDispatcher } from '../../src-main/services/outbox-dispatcher.service';
import { smppAdapter } from '../../src-main/sms/smpp-adapter';
import { CLERK_PASSWORD, SUPERVISOR, type TestApp } from '../helpers/app';
import { branchDesk, queueNotices, readOutboxRow, registerCitizen } from '../helpers/desk-flow';
import { ENGINES, useEngine } from '../helpers/engines';
import { smppSettingsFor, startSmppPeer, type SmppPeer } from '../helpers/smpp-peer';

const CREDS = { systemId: 'desk01', password: 'Win-10' };


/**
 * REC-4 with the dispatcher's claim-ahead: messages are claimed (`sending`) well before the
 * window has room for them. A reset superseded while its SMS is claimed but not yet handed to the
 * SMSC must never reach the SMSC (the person would get a password that does not work); it ends
 * cancelled and its successor is sent. (One already handed to the SMSC cannot be unsent: see
 * outbox-pipeline.test.ts.)
 */
function usePeer(): () => SmppPeer {
  let peer: SmppPeer;
  beforeEach(async () => {
    peer = await startSmppPeer(CREDS);
  });
  afterEach(async () => {
    await peer.stop();
  });
  return () => peer;
}

type Reset = { resetId: number; trackingCode: string };

/**
 * 12 notices then a counter reset, dispatched through `peer` holding its answers (window 10, the
 * claim ahead with an accepted log); while the reset's SMS waits claimed ahead, `supersede` resets
 * the person again. Then every answer is given: the first reset's SMS must never reach the SMSC.
 */
async function supersededWhileClaimedAhead(app: TestApp, peer: SmppPeer, supersede: (accountId: number, code: string) => Promise<Reset>) {
  const desk = await branchDesk(app);
  const { accountId, code } = await registerCitizen(desk, '001234567');
  await queueNotices(app, 12, 4000000); // older than the reset: they fill the window first
  const first = await app.ok(desk.clerk, 'resets:at-counter', { accountId, idDocument: { type: 'national_card', number: code } });
  const smsOf = async (r: Reset) => (await app.ctx.db('password_resets').where({ id: r.resetId }).first<{ sms_id: number }>())!.sms_id;
  const firstSms = await smsOf(first);
  peer.hold = true;
  const adapter = smppAdapter(smppSettingsFor(peer) as SmppSettings, CREDS.password, {}, { window: 10 });
  const log = new AcceptedLog(path.join(app.dataDir, 'claim-ahead-accepted.log'));
  const d = new OutboxDispatcher(app.ctx.env, adapter, { window: 10, acceptedLog: log, intervalMs: 3600_000 });
  let done = false;
  const pass = d.runOnce().finally(() => (done = true));
  try {
    // The SMSC sits on its answers: the window (10 notices) is on the wire, the rest claimed ahead.
    await expect.poll(() => peer.held.length).toBe(10);
    expect((await readOutboxRow(app, firstSms))!.status).toBe('sending');
    expect(peer.parts.filter((p) => p.text.includes(first.trackingCode))).toEqual([]);
    const second = await supersede(accountId, code);
    const secondSms = await smsOf(second);
    peer.hold = false;
    while (!done) {
      await expect.poll(() => done || peer.held.length > 0).toBe(true);
      for (const h of peer.held.splice(0)) h.respond();
    }
    expect(await pass).toEqual({ sent: 13, retried: 0, failed: 0, expired: 0 });
    const texts = peer.messages().map((m) => m.text);
    expect(texts.filter((t) => t.includes(first.trackingCode))).toEqual([]);
    expect(texts.filter((t) => t.includes(second.trackingCode))).toHaveLength(1);
    expect(await app.ctx.db('sms_outbox').where({ id: firstSms }).first('status', 'secret_enc')).toEqual({ status: 'cancelled', secret_enc: null });
    expect((await readOutboxRow(app, secondSms))!.status).toBe('sent');
    expect((await app.ctx.db('password_resets').where({ id: first.resetId }).first<{ state: string }>())!.state).toBe('superseded');
    // Nothing of it is left to go out later.
    app.clock.advance(3600_000);
    expect((await d.runOnce()).sent).toBe(0);
    expect(peer.messages().filter((m) => m.text.includes(first.trackingCode))).toEqual([]);
  } finally {
    peer.hold = false;
    for (const h of peer.held.splice(0)) h.respond();
    await d.stop();
    log.close();
  }
}

describe.each(ENGINES)('REC-4: a superseded SMS claimed ahead is never handed over (%s)', (_engine, postgres) => {
  const { start, skipHere } = useEngine(postgres);
  const peer = usePeer();

  it.skipIf(skipHere)('REC-4 a reset SMS superseded at this counter while claimed ahead (not yet submitted) is never submitted to the SMSC and ends cancelled; the new one is sent', async () => {
    const app = await start({ trainingMode: false });
    await supersededWhileClaimedAhead(app, peer(), (accountId, code) => {
      app.clock.advance(121_000);
      const clerk = app.staffSession();
      return app
        .ok(clerk, 'staff:login', { username: 'reza.clerk', password: CLERK_PASSWORD })
        .then(() => app.ok(clerk, 'resets:at-counter', { accountId, idDocument: { type: 'national_card', number: code } }));
    });
  });
});

describe('REC-4: counters sharing PostgreSQL', () => {
  const { start, skipHere } = useEngine(true);
  const peer = usePeer();

  it.skipIf(skipHere)('REC-4 a reset SMS claimed ahead at one counter and superseded at another is never submitted to the SMSC and ends cancelled; the new one is sent', async () => {
    const app = await start({ trainingMode: false });
    await supersededWhileClaimedAhead(app, peer(), async (accountId, code) => {
      // The person walks to the next counter: its desk shares the database, not this process.
      const other = await start({ sameDatabaseAs: app, trainingMode: false });
      await other.ok(other.staffSession(), 'setup:join', { ...SUPERVISOR, stationNumber: 8 });
      app.clock.advance(121_000);
      other.clock.advance(app.clock.now().getTime() - other.clock.now().getTime());
      const clerk = other.staffSession();
      await other.ok(clerk, 'staff:login', { username: 'reza.clerk', password: CLERK_PASSWORD });
      return other.ok(clerk, 'resets:at-counter', { accountId, idDocument: { type: 'national_card', number: code } });
    });
  });
});

