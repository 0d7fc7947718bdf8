import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SmppSettings } from '../../shared/contract/settings.contract';
import { AcceptedLog } from '../../src-main/core/accepted-log';
import { inTx } from '../../src-main/services/env';
import { OutboxDispatcher } from '../../src-main/services/outbox-dispatcher.service';
import { queueSms } from '../../src-main/services/outbox.service';
import { smppAdapter } from '../../src-main/sms/smpp-adapter';
import { useTestApp } from '../helpers/app';
import { smppSettingsFor, startSmppPeer, type SmppPeer } from '../helpers/smpp-peer';

const CREDS = { systemId: 'desk01', password: 'Win-10' };
/** Two UCS-2 parts each (more than 70 characters). */
const longText = (i: number) => `پیام شماره ${i} برای آزمون پنجره‌ی ارسال؛ این متن بلندتر از هفتاد نویسه است تا دو بخش شود.`;

/**
 * Issue 11 item 2 against a real SMPP server (the smpp package's): the link keeps its window of
 * submit_sm outstanding — reached, never exceeded — while the SMSC answers slowly, and answers
 * that come back in any order are matched to their own submits by sequence number.
 */
describe('BR-4: SMPP submits pipelined on one link, up to its window', () => {
  let peer: SmppPeer;
  beforeEach(async () => {
    peer = await startSmppPeer(CREDS);
  });
  afterEach(async () => {
    await peer.stop();
  });
  const app = useTestApp((a) => Promise.resolve(a), { trainingMode: false });

  async function queueLong(n: number): Promise<Map<number, string>> {
    const env = app().ctx.env;
    const to = new Map<number, string>();
    for (let i = 0; i < n; i++) {
      const mobile = `0912${3000000 + i}`;
      const expiresAt = new Date(app().clock.now().getTime() + 3600_000);
      to.set(await inTx(env, (tx) => queueSms(tx, env, { purpose: 'test', to: mobile, template: longText(i), expiresAt })), `98${mobile.slice(1)}`);
    }
    return to;
  }

  it('BR-4 the window of 10 submit_sm is kept full and never exceeded; answers in reverse order reach their own messages', async () => {
    const destinations = await queueLong(12); // 24 parts
    peer.hold = true;
    const adapter = smppAdapter(smppSettingsFor(peer) as SmppSettings, CREDS.password, {}, { window: 10 });
    const log = new AcceptedLog(path.join(app().dataDir, 'window-accepted.log'));
    const d = new OutboxDispatcher(app().ctx.env, adapter, { window: 10, acceptedLog: log });
    const pass = d.runOnce();
    try {
      await expect.poll(() => peer.held.length).toBe(10);
      // While the SMSC sits on its answers, nothing more is written to the link.
      await new Promise((resolve) => setImmediate(resolve));
      expect(peer.outstanding).toBe(10);
      // The newest answer first: every slot freed is refilled at once, still never above 10.
      let answered = 0;
      while (answered < 24) {
        await expect.poll(() => peer.held.length).toBeGreaterThan(0);
        const batch = peer.held.splice(0).reverse();
        answered += batch.length;
        for (const h of batch) h.respond();
      }
      expect(await pass).toEqual({ sent: 12, retried: 0, failed: 0, expired: 0 });
    } finally {
      peer.hold = false;
      for (const h of peer.held.splice(0)) h.respond();
      await d.stop();
      log.close();
    }
    expect(peer.mostOutstanding).toBe(10);
    expect(peer.parts).toHaveLength(24);
    // Each message keeps the SMSC's ids of its own two parts (destination and UDH sequence agree).
    const rows = (await app().ctx.db('sms_outbox').orderBy('id').select('id', 'status', 'provider_message_id')) as Array<{ id: number; status: string; provider_message_id: string }>;
    for (const r of rows) {
      expect(r.status).toBe('sent');
      const ids = r.provider_message_id.split(',');
      const parts = ids.map((id) => peer.parts.find((p) => p.messageId === id)!);
      expect(parts.map((p) => p.destination)).toEqual([destinations.get(r.id), destinations.get(r.id)]);
      expect(parts.map((p) => p.udh![4])).toEqual([1, 2]);
    }
    expect(new Set(peer.messages().map((m) => m.text)).size).toBe(12);
  });
});
