import net from 'node:net';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ChannelDef } from '../../shared/contract';
import type { AppStatus } from '../../shared/contract/app.contract';
import { channel } from '../../shared/contract/define';
import { ERROR_MESSAGES_FA } from '../../shared/i18n/fa-messages';
import { ManualClock } from '../../src-main/core/clock';
import { startBridge, type Bridge } from '../../src-main/ipc/http-bridge';
import { createRouter, type HandlerContext, type Handlers } from '../../src-main/ipc/router';
import { SessionStore } from '../../src-main/ipc/sessions';
import { BODY_LIMIT, INDEX_HTML, launchCode, login, makeStaticRoot, post, request, statusBridge } from '../helpers/bridge-http';

let staticRoot: string;
let removeRoot: () => Promise<void>;

beforeAll(async () => {
  ({ staticRoot, remove: removeRoot } = await makeStaticRoot());
});

afterAll(async () => {
  await removeRoot();
});

describe('http bridge with the app contract', () => {
  let bridge: Bridge;
  let port: number;
  let statusCalls = 0;
  const clock = new ManualClock();

  beforeAll(async () => {
    bridge = await statusBridge(staticRoot, clock, () => statusCalls++);
    port = bridge.port;
  });

  afterAll(async () => {
    await bridge.close();
  });

  describe('sessions', () => {
    it('refuses an API call without a cookie with 401', async () => {
      const res = await post(port, '/api/app:status', {});
      expect(res.status).toBe(401);
      expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
      expect(statusCalls).toBe(0);
    });

    it('refuses an invented session cookie with 401', async () => {
      const res = await post(port, '/api/app:status', {}, { Cookie: 'desk_staff=not-a-session' });
      expect(res.status).toBe(401);
    });

    it('exchanges a launch code once for an HttpOnly, SameSite=Strict cookie on /api that then works', async () => {
      const url = bridge.mintLaunchUrl('staff');
      expect(new URL(url).host).toBe(`127.0.0.1:${port}`);
      const code = launchCode(url);

      const first = await post(port, '/session/launch', { code });
      expect(first.status).toBe(200);
      expect(JSON.parse(first.body)).toEqual({ ok: true, data: { kind: 'staff' } });
      const setCookie = first.headers['set-cookie'];
      expect(setCookie).toHaveLength(1);
      const attrs = setCookie![0]!.split(';').map((a) => a.trim());
      expect(attrs).toContain('HttpOnly');
      expect(attrs).toContain('SameSite=Strict');
      expect(attrs).toContain('Path=/api');
      const cookie = attrs[0]!;
      expect(cookie).toMatch(/^desk_staff=[A-Za-z0-9_-]{20,}$/);
      expect(cookie).not.toContain(code);

      const second = await post(port, '/session/launch', { code });
      expect(second.status).toBe(401);
      expect(second.headers['set-cookie']).toBeUndefined();

      const res = await post(port, '/api/app:status', {}, { Cookie: cookie });
      expect(res.status).toBe(200);
      const env = JSON.parse(res.body) as { ok: boolean; data: AppStatus };
      expect(env.ok).toBe(true);
      expect(env.data).toMatchObject({ sessionKind: 'staff', version: '0.1.0-test' });
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers['cache-control']).toBe('no-store');
    });

    it('refuses a made-up or malformed launch code', async () => {
      expect((await post(port, '/session/launch', { code: 'x'.repeat(32) })).status).toBe(401);
      expect((await post(port, '/session/launch', { code: 42 })).status).toBe(401);
      expect((await post(port, '/session/launch', {})).status).toBe(401);
      const broken = await request(port, {
        method: 'POST',
        path: '/session/launch',
        headers: { 'Content-Type': 'application/json' },
        body: '{"code":',
      });
      expect(broken.status).toBe(400);
    });

    it('refuses a launch code older than ten minutes', async () => {
      const code = launchCode(bridge.mintLaunchUrl('staff'));
      clock.advance(10 * 60 * 1000 + 1);
      const res = await post(port, '/session/launch', { code });
      expect(res.status).toBe(401);
      expect(res.headers['set-cookie']).toBeUndefined();
    });

    it('keeps staff and kiosk sessions apart: a kiosk cookie is Path=/kiosk-api and is refused on /api', async () => {
      const res = await post(port, '/session/launch', { code: launchCode(bridge.mintLaunchUrl('kiosk')) });
      expect(res.status).toBe(200);
      expect(JSON.parse(res.body)).toEqual({ ok: true, data: { kind: 'kiosk' } });
      const attrs = res.headers['set-cookie']![0]!.split(';').map((a) => a.trim());
      expect(attrs).toContain('Path=/kiosk-api');
      expect(attrs).toContain('HttpOnly');
      expect(attrs).toContain('SameSite=Strict');
      const kioskCookie = attrs[0]!;
      expect(kioskCookie).toMatch(/^desk_kiosk=/);

      const onKiosk = await post(port, '/kiosk-api/portal:status', {}, { Cookie: kioskCookie });
      expect(onKiosk.status).toBe(200);
      expect(JSON.parse(onKiosk.body)).toMatchObject({ ok: true, data: { version: '0.1.0-test' } });
      // The staff status is not the kiosk's to read (test/integration/kiosk-status.test.ts).
      expect(JSON.parse((await post(port, '/kiosk-api/app:status', {}, { Cookie: kioskCookie })).body)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

      expect((await post(port, '/api/app:status', {}, { Cookie: kioskCookie })).status).toBe(401);
      // Nor does renaming the kiosk cookie make it a staff session.
      const renamed = kioskCookie.replace(/^desk_kiosk=/, 'desk_staff=');
      expect((await post(port, '/api/app:status', {}, { Cookie: renamed })).status).toBe(401);
      // And the staff cookie does not open the kiosk API.
      const staffCookie = await login(bridge, 'staff');
      expect((await post(port, '/kiosk-api/portal:status', {}, { Cookie: staffCookie })).status).toBe(401);
    });
  });

  describe('host, origin and binding', () => {
    it('refuses a foreign Host header with 403 on static files and on the API', async () => {
      const cookie = await login(bridge, 'staff');
      const host = `evil.example:${port}`;
      const page = await request(port, { path: '/', host });
      expect(page.status).toBe(403);
      expect(page.body).not.toContain('<div id="root">');
      const js = await request(port, { path: '/assets/app.js', host });
      expect(js.status).toBe(403);
      const api = await request(port, {
        method: 'POST',
        path: '/api/app:status',
        host,
        headers: { 'Content-Type': 'application/json', Cookie: cookie },
        body: '{}',
      });
      expect(api.status).toBe(403);
      expect(api.body).not.toContain('sessionKind');
      const launch = await request(port, {
        method: 'POST',
        path: '/session/launch',
        host,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ code: launchCode(bridge.mintLaunchUrl('staff')) }),
      });
      expect(launch.status).toBe(403);
      expect(launch.headers['set-cookie']).toBeUndefined();
    });

    it('refuses a Host with the right name but another port or no port', async () => {
      expect((await request(port, { path: '/', host: `127.0.0.1:${port + 1}` })).status).toBe(403);
      expect((await request(port, { path: '/', host: '127.0.0.1' })).status).toBe(403);
    });

    it('accepts Host localhost:PORT as well as 127.0.0.1:PORT', async () => {
      const res = await request(port, { path: '/', host: `localhost:${port}` });
      expect(res.status).toBe(200);
      expect(res.body).toBe(INDEX_HTML);
    });

    it('listens on 127.0.0.1 only', async () => {
      expect(bridge.origin).toBe(`http://127.0.0.1:${port}`);
      expect(new URL(bridge.mintLaunchUrl('kiosk')).hostname).toBe('127.0.0.1');
      const external = Object.values(os.networkInterfaces())
        .flat()
        .find((i) => i && i.family === 'IPv4' && !i.internal);
      if (!external) return; // no non-loopback interface: the assertions above are all we can check
      // One connection attempt to this machine's own interface address; nothing else leaves loopback.
      const outcome = await new Promise<string>((resolve) => {
        const socket = net.connect({ host: external.address, port });
        socket.setTimeout(5000, () => {
          socket.destroy();
          resolve('TIMEOUT');
        });
        socket.once('connect', () => {
          socket.destroy();
          resolve('CONNECTED');
        });
        socket.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
      });
      expect(outcome).toBe('ECONNREFUSED');
    });

    it('refuses a cross-origin API POST with 403 and does not run the handler', async () => {
      const cookie = await login(bridge, 'staff');
      const before = statusCalls;
      const res = await post(port, '/api/app:status', {}, { Cookie: cookie, Origin: 'http://evil.example' });
      expect(res.status).toBe(403);
      expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(statusCalls).toBe(before);
      // The page's own origin is fine.
      const own = await post(port, '/api/app:status', {}, { Cookie: cookie, Origin: `http://127.0.0.1:${port}` });
      expect(own.status).toBe(200);
      // 'null' (sandboxed frames, file://) is foreign too, and so is https on the same name.
      expect((await post(port, '/api/app:status', {}, { Cookie: cookie, Origin: 'null' })).status).toBe(403);
      expect(
        (await post(port, '/api/app:status', {}, { Cookie: cookie, Origin: `https://127.0.0.1:${port}` })).status,
      ).toBe(403);
    });

    it('refuses a cross-origin launch-code exchange with 403 and keeps the code unused', async () => {
      const code = launchCode(bridge.mintLaunchUrl('staff'));
      const res = await post(port, '/session/launch', { code }, { Origin: 'http://evil.example' });
      expect(res.status).toBe(403);
      expect(res.headers['set-cookie']).toBeUndefined();
      expect((await post(port, '/session/launch', { code })).status).toBe(200);
    });
  });

  describe('request bodies and channels', () => {
    it('refuses a body larger than bodyLimit with 413 and does not run the handler', async () => {
      const cookie = await login(bridge, 'staff');
      const before = statusCalls;
      const res = await request(port, {
        method: 'POST',
        path: '/api/app:status',
        headers: { 'Content-Type': 'application/json', Cookie: cookie },
        body: JSON.stringify({ pad: 'x'.repeat(BODY_LIMIT * 4) }),
      });
      expect(res.status).toBe(413);
      // Its own code and sentence: there is no field to point at (an outside probe, 2026-12-06, got
      // VALIDATION's «see the errors beside each field»).
      expect(JSON.parse(res.body)).toEqual({ ok: false, error: { code: 'REQUEST_TOO_LARGE', message: ERROR_MESSAGES_FA.REQUEST_TOO_LARGE } });
      expect(statusCalls).toBe(before);
    });

    it('refuses an oversize chunked body (no Content-Length) without running the handler', async () => {
      const cookie = await login(bridge, 'staff');
      const before = statusCalls;
      const outcome = await request(port, {
        method: 'POST',
        path: '/api/app:status',
        headers: { 'Content-Type': 'application/json', Cookie: cookie },
        body: JSON.stringify({ pad: 'x'.repeat(BODY_LIMIT * 64) }),
        chunked: true,
      }).then(
        (r) => r.status,
        () => 'connection closed',
      );
      expect(outcome).toBe(413);
      expect(statusCalls).toBe(before);
    });

    it('refuses a non-JSON content type with 415', async () => {
      const cookie = await login(bridge, 'staff');
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
        const res = await request(port, {
          method: 'POST',
          path: '/api/app:status',
          headers: { 'Content-Type': type, Cookie: cookie },
          body: '{}',
        });
        expect(res.status, type).toBe(415);
        expect(JSON.parse(res.body), type).toEqual({ ok: false, error: { code: 'BAD_REQUEST', message: ERROR_MESSAGES_FA.BAD_REQUEST } });
      }
      const none = await request(port, { method: 'POST', path: '/api/app:status', headers: { Cookie: cookie }, body: '{}' });
      expect(none.status).toBe(415);
      expect(JSON.parse(none.body)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    });

    it('accepts application/json with a charset', async () => {
      const cookie = await login(bridge, 'staff');
      const res = await request(port, {
        method: 'POST',
        path: '/api/app:status',
        headers: { 'Content-Type': 'application/json; charset=utf-8', Cookie: cookie },
        body: '{}',
      });
      expect(res.status).toBe(200);
    });

    it('refuses GET on an API channel with 405', async () => {
      const cookie = await login(bridge, 'staff');
      const res = await request(port, { path: '/api/app:status', headers: { Cookie: cookie } });
      expect(res.status).toBe(405);
      expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    });

    it('answers an unknown channel with a valid session with 404', async () => {
      const cookie = await login(bridge, 'staff');
      const res = await post(port, '/api/nope:nothing', {}, { Cookie: cookie });
      expect(res.status).toBe(404);
      expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
      const proto = await post(port, '/api/__proto__', {}, { Cookie: cookie });
      expect(proto.status).toBe(404);
    });

    it('answers invalid JSON with 400 BAD_REQUEST and a payload outside the schema with a VALIDATION envelope', async () => {
      const cookie = await login(bridge, 'staff');
      const broken = await request(port, {
        method: 'POST',
        path: '/api/app:status',
        headers: { 'Content-Type': 'application/json', Cookie: cookie },
        body: '{not json',
      });
      expect(broken.status).toBe(400);
      expect(JSON.parse(broken.body)).toEqual({ ok: false, error: { code: 'BAD_REQUEST', message: ERROR_MESSAGES_FA.BAD_REQUEST } });
      const extra = await post(port, '/api/app:status', { admin: true }, { Cookie: cookie });
      expect(extra.status).toBe(200);
      expect(JSON.parse(extra.body)).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION', issues: [{ code: 'UNRECOGNIZED_KEYS' }] },
      });
    });

    it('answers a body that is not UTF-8 with 400 BAD_REQUEST, rather than storing U+FFFD in its place (a reported defect)', async () => {
      const cookie = await login(bridge, 'staff');
      const send = (body: Buffer) => request(port, { method: 'POST', path: '/api/app:status', headers: { 'Content-Type': 'application/json', Cookie: cookie }, body });
      for (const bad of [Buffer.from([0xff, 0xfe, 0xd8]), Buffer.from([0xd8, 0xb9, 0xd9]), Buffer.from([0xed, 0xa0, 0x80])]) {
        const res = await send(Buffer.concat([Buffer.from('{"name":"'), bad, Buffer.from('"}')]));
        expect(res.status, bad.toString('hex')).toBe(400);
        expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
      }
      // The same request in valid UTF-8 (Persian letters) reaches the router, which refuses the unknown key.
      const good = await send(Buffer.from('{"name":"عباس"}'));
      expect(good.status).toBe(200);
      expect(JSON.parse(good.body)).toMatchObject({ ok: false, error: { code: 'VALIDATION', issues: [{ code: 'UNRECOGNIZED_KEYS' }] } });
      // A byte-order mark is not JSON either (as before).
      expect((await send(Buffer.from('\uFEFF{}'))).status).toBe(400);
    });
  });
});

describe('http bridge with a contract that has a staff channel', () => {
  const testChannels = {
    'app:status': channel({
      role: 'public',
      input: z.strictObject({}),
      output: z.strictObject({ kind: z.enum(['staff', 'kiosk']) }),
    }),
    'test:staff-only': channel({ role: 'staff', input: z.strictObject({}), output: z.strictObject({ done: z.boolean() }) }),
  } satisfies Record<string, ChannelDef>;

  let bridge: Bridge;
  let staffCalls = 0;

  beforeAll(async () => {
    const clock = new ManualClock();
    const router = createRouter({
      handlers: {
        'app:status': (_i: unknown, ctx: HandlerContext) => ({ kind: ctx.session.kind }),
        'test:staff-only': () => {
          staffCalls++;
          return { done: true };
        },
      } as unknown as Handlers,
      clock,
      idleLockMs: () => 15 * 60 * 1000,
      channels: testChannels,
    });
    bridge = await startBridge({ router, sessions: new SessionStore(), clock, staticRoot: null, port: 0 });
  });

  afterAll(async () => {
    await bridge.close();
  });

  it('refuses a kiosk session on a staff channel with a FORBIDDEN envelope', async () => {
    const kioskUrl = bridge.mintLaunchUrl('kiosk');
    expect(new URL(kioskUrl).pathname).toBe('/kiosk/');
    const cookie = await login(bridge, 'kiosk');
    expect(cookie).toMatch(/^desk_kiosk=/);

    const res = await post(bridge.port, '/kiosk-api/test:staff-only', {}, { Cookie: cookie });
    expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(staffCalls).toBe(0);

    // The kiosk cookie on the staff API is not a session at all.
    const onStaffApi = await post(bridge.port, '/api/test:staff-only', {}, { Cookie: cookie });
    expect(onStaffApi.status).toBe(401);
    expect(staffCalls).toBe(0);

    // The kiosk can still reach public channels.
    const pub = await post(bridge.port, '/kiosk-api/app:status', {}, { Cookie: cookie });
    expect(JSON.parse(pub.body)).toEqual({ ok: true, data: { kind: 'kiosk' } });
  });

  it('refuses a staff session with nobody logged in on a staff channel with UNAUTHENTICATED', async () => {
    const cookie = await login(bridge, 'staff');
    const res = await post(bridge.port, '/api/test:staff-only', {}, { Cookie: cookie });
    expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(staffCalls).toBe(0);
  });

  it('serves no static files when staticRoot is null', async () => {
    const res = await request(bridge.port, { path: '/' });
    expect(res.status).toBe(404);
  });
});
