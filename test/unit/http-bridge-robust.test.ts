import log from 'electron-log/node';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src-main/core/clock';
import { startBridge, type Bridge } from '../../src-main/ipc/http-bridge';
import type { Router } from '../../src-main/ipc/router';
import { SessionStore } from '../../src-main/ipc/sessions';
import { login, post, request, statusBridge } from '../helpers/bridge-http';
import { rawReply, rawStatus, UNPARSABLE_TARGETS } from '../helpers/raw-socket';
import { ERROR_MESSAGES_FA } from '../../shared/i18n/fa-messages';

describe('issue 10 item 1: a request the bridge cannot parse is a 400, and the bridge keeps serving', () => {
  let bridge: Bridge;
  beforeAll(async () => {
    bridge = await statusBridge(null, new ManualClock());
  });
  afterAll(async () => {
    await bridge.close();
  });

  for (const target of UNPARSABLE_TARGETS) {
    it(`answers 400 to GET ${target} with a valid Host, then still serves a session`, async () => {
      const status = await rawStatus(bridge.port, `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${bridge.port}\r\nConnection: close\r\n\r\n`);
      expect(status).toBe(400);
      const cookie = await login(bridge, 'staff');
      const res = await post(bridge.port, '/api/app:status', {}, { Cookie: cookie });
      expect(res.status).toBe(200);
    });
  }

  it('answers 400 to a POST of the API with an unparsable target and a session cookie', async () => {
    const cookie = await login(bridge, 'staff');
    const status = await rawStatus(
      bridge.port,
      `POST //[/api/app:status HTTP/1.1\r\nHost: 127.0.0.1:${bridge.port}\r\nCookie: ${cookie}\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`,
    );
    expect(status).toBe(400);
  });

  it('what node refuses before the bridge sees a request (headers too large, no HTTP at all) still gets a coded Persian refusal', async () => {
    // An outside probe (2026-12-06) got an empty 431 and an empty 400 here.
    const big = await rawReply(bridge.port, `GET / HTTP/1.1\r\nHost: 127.0.0.1:${bridge.port}\r\nX-Pad: ${'a'.repeat(100_000)}\r\n\r\n`);
    expect(big.status).toBe(431);
    expect(big.headers).toMatch(/content-type: application\/json; charset=utf-8/i);
    expect(JSON.parse(big.body)).toEqual({ ok: false, error: { code: 'REQUEST_TOO_LARGE', message: ERROR_MESSAGES_FA.REQUEST_TOO_LARGE } });
    const garbage = await rawReply(bridge.port, 'HELLO THERE\r\n\r\n');
    expect(garbage.status).toBe(400);
    expect(JSON.parse(garbage.body)).toEqual({ ok: false, error: { code: 'BAD_REQUEST', message: ERROR_MESSAGES_FA.BAD_REQUEST } });
    const cookie = await login(bridge, 'staff');
    expect((await post(bridge.port, '/api/app:status', {}, { Cookie: cookie })).status).toBe(200);
  });

  it('refuses a target that names another authority (//host/path) with 400 BAD_REQUEST', async () => {
    const res = await request(bridge.port, { path: '//evil.example/index.html' });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });
});

describe('issue 10 item 1: an error thrown inside a handler is logged and answered 500; the process lives on', () => {
  it('answers 500 with INTERNAL when the router throws synchronously, and serves the next call', async () => {
    let calls = 0;
    const router: Router = {
      has: () => true,
      idleDeadline: () => ({ deadline: null, remainingMs: null }),
      onStaffCall: () => undefined,
      call: () => {
        calls++;
        if (calls === 1) throw new Error('boom (thrown on purpose by the test)');
        return Promise.resolve({ ok: true, data: { n: calls } });
      },
    };
    const bridge = await startBridge({ router, sessions: new SessionStore(), clock: new ManualClock(), staticRoot: null });
    try {
      const cookie = await login(bridge, 'staff');
      const first = await post(bridge.port, '/api/app:status', {}, { Cookie: cookie });
      expect(first.status).toBe(500);
      expect(JSON.parse(first.body)).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
      const second = await post(bridge.port, '/api/app:status', {}, { Cookie: cookie });
      expect(second.status).toBe(200);
      expect(JSON.parse(second.body)).toEqual({ ok: true, data: { n: 2 } });
    } finally {
      await bridge.close();
    }
  });
});

describe('a client that goes away mid-body is not an error (a reported defect: each one was logged as "bridge request failed")', () => {
  it('logs nothing at error level for aborted API and launch requests, and the bridge keeps serving', async () => {
    const errors: string[] = [];
    const transport = log.transports.console;
    const saved = { level: transport.level, writeFn: transport.writeFn };
    transport.level = 'debug';
    transport.writeFn = ({ message }) => {
      if (message.level === 'error' || message.level === 'warn') errors.push(message.data.map(String).join(' '));
    };
    const bridge = await statusBridge(null, new ManualClock());
    try {
      const cookie = await login(bridge, 'staff');
      for (const [target, extra] of [['/api/app:status', `Cookie: ${cookie}\r\n`], ['/session/launch', '']] as const) {
        for (let i = 0; i < 5; i++) {
          const socket = net.connect(bridge.port, '127.0.0.1');
          await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
          socket.write(`POST ${target} HTTP/1.1\r\nHost: 127.0.0.1:${bridge.port}\r\n${extra}Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"half":`);
          await new Promise((r) => setTimeout(r, 20));
          socket.destroy();
        }
      }
      await new Promise((r) => setTimeout(r, 200));
      const res = await post(bridge.port, '/api/app:status', {}, { Cookie: cookie });
      expect(res.status).toBe(200);
      expect(errors).toEqual([]);
    } finally {
      Object.assign(transport, saved);
      await bridge.close();
    }
  });
});
