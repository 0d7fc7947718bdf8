import { describe, expect, it } from 'vitest';
import { OutboxDispatcher } from '../../src-main/services/outbox-dispatcher.service';
import { thisStation } from '../../src-main/services/station-identity.service';
import { SUPERVISOR, setUpBranch, type TestApp } from '../helpers/app';
import { queueNotices } from '../helpers/desk-flow';
import { useEngine } from '../helpers/engines';
import { heldGateway, type HeldGateway } from '../helpers/held-gateway';

/**
 * BR-4 with several counters on one PostgreSQL: each claim carries its station (migration 0022).
 * A counter that starts again puts back in the queue only its own claims, never the messages
 * another live counter has on the wire (before, it requeued every `sending` row: the other
 * counter's messages went out twice); the claims of a counter that died and never came back are
 * put back by any counter once the claim lease has passed.
 */

const sending = async (app: TestApp) => (await app.ctx.db('sms_outbox').where({ status: 'sending' }).orderBy('id').select('reference', 'claimed_by_station')) as Array<{ reference: string; claimed_by_station: number | null }>;

/** Answers every send of `gw` until `pass` ends; returns what it sent. */
async function drain(gw: HeldGateway, pass: Promise<{ sent: number }>): Promise<number> {
  let done = false;
  const result = pass.then((r) => {
    done = true;
    return r.sent;
  });
  while (!done) {
    await expect.poll(() => done || gw.waiting.length > 0).toBe(true);
    gw.releaseAll();
  }
  return result;
}

describe('BR-4: counters sharing PostgreSQL claim their messages per station', () => {
  const { start, skipHere } = useEngine(true);

  /** Two counters of one branch on one database; the first has 30 notices queued and its window (10) on the wire. */
  async function twoCountersOneOnTheWire() {
    const first = await start({ trainingMode: false });
    await setUpBranch(first);
    const second = await start({ sameDatabaseAs: first, trainingMode: false });
    await second.ok(second.staffSession(), 'setup:join', { ...SUPERVISOR, stationNumber: 8 });
    await queueNotices(first, 30, 3000000);
    const gwA = heldGateway();
    const a = new OutboxDispatcher(first.ctx.env, gwA.adapter, { window: 10, intervalMs: 3600_000 });
    const passA = a.runOnce();
    await expect.poll(() => gwA.waiting.length).toBe(10);
    const stationOf = async (app: TestApp) => (await thisStation(app.ctx.env))!.station.id;
    return { first, second, gwA, a, passA, stationA: await stationOf(first), stationB: await stationOf(second) };
  }

  it.skipIf(skipHere)("BR-4 a counter that starts again requeues only its own claims: another live counter's messages on the wire are sent once", async () => {
    const { first, second, gwA, a, passA, stationA } = await twoCountersOneOnTheWire();
    const onWire = await sending(first);
    expect(onWire).toHaveLength(10);
    expect(onWire.every((r) => r.claimed_by_station === stationA)).toBe(true);

    // The second counter starts (or restarts after a crash) while the first's ten are on the wire.
    const gwB = heldGateway();
    const b = new OutboxDispatcher(second.ctx.env, gwB.adapter, { window: 10, intervalMs: 3600_000 });
    await b.start();
    expect(await sending(first)).toEqual(onWire);
    expect(await second.ctx.db('audit_log').where({ action: 'sms.requeued' }).count({ n: '*' })).toEqual([{ n: '0' }]);

    // Both send: every message reaches a gateway exactly once.
    const [sentA, sentB] = await Promise.all([drain(gwA, passA), drain(gwB, b.runOnce())]);
    expect(sentA + sentB).toBe(30);
    const refs = [...gwA.calls, ...gwB.calls].map((c) => c.reference);
    expect(refs).toHaveLength(30);
    expect(new Set(refs).size).toBe(30);
    expect(await first.ctx.db('sms_outbox').where({ status: 'sent' }).count({ n: '*' })).toEqual([{ n: '30' }]);
    await a.stop();
    await b.stop();
  });

  it.skipIf(skipHere)('BR-4 a counter that died and never came back: its claims go back to the queue after the claim lease, and are sent by another counter', async () => {
    const { first, second, gwA, stationB } = await twoCountersOneOnTheWire();
    // The first counter dies with ten on the wire (its dispatcher is never heard from again).
    const gwB = heldGateway();
    const b = new OutboxDispatcher(second.ctx.env, gwB.adapter, { window: 10, intervalMs: 3600_000, claimLeaseMs: 10 * 60_000 });
    // Within the lease the second counter leaves them alone and sends the other twenty.
    second.clock.advance(9 * 60_000);
    expect(await drain(gwB, b.runOnce())).toBe(20);
    const fromA = new Set(gwA.calls.map((c) => c.reference));
    expect(gwB.calls.filter((c) => fromA.has(c.reference))).toEqual([]);
    expect(await sending(first)).toHaveLength(10);
    // Past the lease they are the dead counter's no more: requeued (audited) and sent with the same references.
    second.clock.advance(2 * 60_000);
    expect(await drain(gwB, b.runOnce())).toBe(10);
    expect(gwB.calls.slice(20).map((c) => c.reference).sort()).toEqual(gwA.calls.map((c) => c.reference).sort());
    const requeued = await second.ctx.db('audit_log').where({ action: 'sms.requeued' }).select<Array<{ details: string }>>('details');
    expect(requeued.map((r) => JSON.parse(r.details) as unknown)).toEqual([{ count: 10, staleAfterMinutes: 10 }]);
    expect(await first.ctx.db('sms_outbox').where({ status: 'sent', claimed_by_station: stationB }).count({ n: '*' })).toEqual([{ n: '30' }]);
    await b.stop();
  });
});
