import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEvent } from '../../shared/contract';
import { ManualClock } from '../../src-main/core/clock';
import type { Bridge } from '../../src-main/ipc/http-bridge';
import { STREAMS_PER_SESSION } from '../../src-main/ipc/bridge/event-stream';
import { checkedListener, eventData } from '../../src-renderer/api/event-receipt';
import type { HandlerContext } from '../../src-main/ipc/router';
import { login, makeStaticRoot, statusBridge, statusFor } from '../helpers/bridge-http';

/** A status-only bridge over a static root for the tests of one describe (started before, closed after). */
function useStatusBridge(): () => Bridge {
  let bridge: Bridge | undefined;
  let remove: () => Promise<void> = async () => undefined;
  beforeAll(async () => {
    const root = await makeStaticRoot();
    remove = root.remove;
    bridge = await statusBridge(root.staticRoot, new ManualClock());
  });
  afterAll(async () => {
    await bridge?.close();
    await remove();
  });
  return () => bridge!;
}

/** The bridge helpers' app status, as a staff page receives it. */
const STATUS = statusFor({ session: { kind: 'staff' } } as HandlerContext);

describe('event payloads are checked on both sides (issue 10 item 10: define.ts says so)', () => {
  it('parseEvent accepts the contract shape and refuses anything else, extra keys included', () => {
    expect(parseEvent('app:status-changed', STATUS)).toEqual(STATUS);
    expect(parseEvent('app:status-changed', { ...STATUS, secret: 'x' })).toBeNull();
    expect(parseEvent('app:status-changed', { ...STATUS, sms: { ...STATUS.sms, queued: 'many' } })).toBeNull();
    expect(parseEvent('app:status-changed', null)).toBeNull();
    expect(parseEvent('no:such-event' as 'app:status-changed', STATUS)).toBeNull();
  });

  describe('main: the bridge sends only payloads that fit', () => {
    const bridgeNow = useStatusBridge();

    it('drops a payload outside the contract and delivers the next good one', async () => {
      const cookie = await login(bridgeNow(), 'staff');
      const received: string[] = [];
      const done = new Promise<void>((resolve, reject) => {
        const req = http.get({ host: '127.0.0.1', port: bridgeNow().port, path: '/api/events', headers: { Host: `127.0.0.1:${bridgeNow().port}`, Cookie: cookie } }, (res) => {
          expect(res.statusCode).toBe(200);
          let buf = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            buf += chunk;
            if (buf.includes(': connected')) {
              buf = buf.replace(': connected\n\n', '');
              // Connected: a bad payload first, then a good one; only the good one may arrive.
              bridgeNow().emit('app:status-changed', () => ({ ...STATUS, leaked: 'password-hash' }));
              bridgeNow().emit('app:status-changed', (kind) => ({ ...STATUS, sessionKind: kind }));
            }
            // The stream also opens with this session's idle deadline (session:idle, issue 12 item 1).
            const events = buf.split('\n\n').filter((e) => e.startsWith('event: app:status-changed'));
            if (events.length > 0) {
              received.push(...events);
              req.destroy();
              resolve();
            }
          });
        });
        req.on('error', (e) => (received.length ? resolve() : reject(e)));
      });
      await done;
      expect(received).toHaveLength(1);
      const [name, data] = received[0]!.split('\n');
      expect(name).toBe('event: app:status-changed');
      expect(JSON.parse(data!.replace(/^data: /, ''))).toEqual(STATUS);
    });
  });

  describe('main: a session holds a bounded number of event streams', () => {
    const bridgeNow = useStatusBridge();

    it(`one more than ${STREAMS_PER_SESSION} on one cookie is refused (429, a code), the open ones keep their events, another session is untouched; a closed one frees its place`, async () => {
      // An outside probe (2026-12-06) held 300 open on one cookie (~183 MB); nothing refused any.
      // Refused rather than ending the oldest: a page's EventSource reconnects after an end, and
      // nine tabs would then take turns ending each other for ever; a refusal is not retried.
      const open = (cookie: string) =>
        new Promise<{ status: number; body: () => string; req: http.ClientRequest }>((resolve, reject) => {
          let buf = '';
          const req = http.get({ host: '127.0.0.1', port: bridgeNow().port, path: '/api/events', headers: { Host: `127.0.0.1:${bridgeNow().port}`, Cookie: cookie } }, (res) => {
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => {
              buf += chunk;
              if (res.statusCode === 200 && buf.includes(': connected')) resolve({ status: 200, body: () => buf, req });
            });
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: () => buf, req }));
          });
          req.on('error', reject);
        });
      const other = await open(await login(bridgeNow(), 'staff'));
      const cookie = await login(bridgeNow(), 'staff');
      const cookieFresh = login(bridgeNow(), 'staff');
      const streams = [];
      for (let i = 0; i < STREAMS_PER_SESSION; i++) streams.push(await open(cookie));
      expect(streams.map((st) => st.status)).toEqual(Array(STREAMS_PER_SESSION).fill(200));
      const refused = await open(cookie);
      expect(refused.status).toBe(429);
      expect(JSON.parse(refused.body())).toMatchObject({ ok: false, error: { code: 'TOO_MANY_STREAMS' } });
      bridgeNow().emit('app:status-changed', (kind) => ({ ...STATUS, sessionKind: kind }));
      await expect.poll(() => other.body().includes('event: app:status-changed')).toBe(true);
      for (const st of streams) await expect.poll(() => st.body().includes('event: app:status-changed')).toBe(true);
      // A tab closed: its place is free again.
      streams[0]!.req.destroy();
      await expect.poll(async () => {
        const again = await open(cookie);
        again.req.destroy();
        return again.status;
      }).toBe(200);
      for (const st of [other, ...streams]) st.req.destroy();
      // Many at once on a fresh session: exactly the cap gets through.
      const burst = await Promise.all(Array.from({ length: 20 }, async () => open(await cookieFresh)));
      expect(burst.filter((b) => b.status === 200)).toHaveLength(STREAMS_PER_SESSION);
      expect(burst.filter((b) => b.status === 429)).toHaveLength(20 - STREAMS_PER_SESSION);
      for (const b of burst) b.req.destroy();
    });
  });

  it('renderer: the listener behind subscribe gets only payloads that fit', () => {
    const got: unknown[] = [];
    const deliver = checkedListener('app:status-changed', (p) => got.push(p));
    deliver({ ...STATUS, database: 'down' });
    deliver(eventData('<script>'));
    deliver(eventData(JSON.stringify({ ...STATUS, extra: 1 })));
    deliver(eventData(JSON.stringify(STATUS)));
    expect(got).toEqual([STATUS]);
  });
});
