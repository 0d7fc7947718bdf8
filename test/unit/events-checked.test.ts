import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEvent } from '../../shared/contract';
import { ManualClock } from '../../src-main/core/clock';
import type { Bridge } from '../../src-main/ipc/http-bridge';
import type { HandlerContext } from '../../src-main/ipc/router';
import { login, makeStaticRoot, statusBridge, statusFor } from '../helpers/bridge-http';

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
    let bridge: Bridge;
    let remove: () => Promise<void>;
    beforeAll(async () => {
      const root = await makeStaticRoot();
      remove = root.remove;
      bridge = await statusBridge(root.staticRoot, new ManualClock());
    });
    afterAll(async () => {
      await bridge.close();
      await remove();
    });

    it('drops a payload outside the contract and delivers the next good one', async () => {
      const cookie = await login(bridge, 'staff');
      const received: string[] = [];
      const done = new Promise<void>((resolve, reject) => {
        const req = http.get({ host: '127.0.0.1', port: bridge.port, path: '/api/events', headers: { Host: `127.0.0.1:${bridge.port}`, Cookie: cookie } }, (res) => {
          expect(res.statusCode).toBe(200);
          let buf = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            buf += chunk;
            if (buf.includes(': connected')) {
              buf = buf.replace(': connected\n\n', '');
              // Connected: a bad payload first, then a good one; only the good one may arrive.
              bridge.emit('app:status-changed', () => ({ ...STATUS, leaked: 'password-hash' }));
              bridge.emit('app:status-changed', (kind) => ({ ...STATUS, sessionKind: kind }));
            }
            const events = buf.split('\n\n').filter((e) => e.startsWith('event:'));
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
      expect(received[0]).toBe(`event: app:status-changed\ndata: ${JSON.stringify(STATUS)}`);
    });
  });

  it('renderer: subscribe hands the listener only payloads that fit', async () => {
    const listeners: Array<(p: unknown) => void> = [];
    const g = globalThis as unknown as Record<string, unknown>;
    const saved = { window: g.window, location: g.location };
    g.location = { pathname: '/', hash: '', search: '' };
    g.window = { desk: { invoke: () => Promise.resolve(null), on: (_e: string, l: (p: unknown) => void) => (listeners.push(l), () => undefined) } };
    try {
      const { subscribe } = await import('../../src-renderer/api/client');
      const got: unknown[] = [];
      subscribe('app:status-changed', (p) => got.push(p));
      listeners[0]!({ ...STATUS, database: 'down' });
      listeners[0]!('<script>');
      listeners[0]!(STATUS);
      expect(got).toEqual([STATUS]);
    } finally {
      g.window = saved.window;
      g.location = saved.location;
    }
  });
});
