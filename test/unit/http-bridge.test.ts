import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ChannelDef } from '../../shared/contract';
import type { AppStatus } from '../../shared/contract/app.contract';
import { channel } from '../../shared/contract/define';
import { ManualClock } from '../../src-main/core/clock';
import { startBridge, type Bridge } from '../../src-main/ipc/http-bridge';
import { createRouter, type HandlerContext, type Handlers } from '../../src-main/ipc/router';
import { SessionStore } from '../../src-main/ipc/sessions';

const SECRET = 'TOP-SECRET-5f0c1e-do-not-serve';
const INDEX_HTML = '<!doctype html><html lang="fa" dir="rtl"><body><div id="root"></div><script type="module" src="/assets/app.js"></script></body></html>';
const APP_JS = 'console.log("app");';
const BODY_LIMIT = 1024;

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

interface Req {
  method?: string;
  /** Sent verbatim as the request target. */
  path: string;
  host?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Send the body with chunked transfer encoding (no Content-Length). */
  chunked?: boolean;
  /** Connect here instead of 127.0.0.1. */
  address?: string;
}

/** A raw request: node's http lets us set Host and send unnormalized paths, which fetch does not. */
function request(port: number, r: Req): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { Host: r.host ?? `127.0.0.1:${port}`, ...r.headers };
    const body = r.body === undefined ? undefined : Buffer.from(r.body);
    if (body && !r.chunked) headers['Content-Length'] = body.length;
    const req = http.request(
      { host: r.address ?? '127.0.0.1', port, method: r.method ?? 'GET', path: r.path, headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error('request timed out')));
    if (body) req.write(body);
    req.end();
  });
}

function post(port: number, p: string, payload: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  return request(port, {
    method: 'POST',
    path: p,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(payload),
  });
}

function launchCode(url: string): string {
  const m = /#launch=([A-Za-z0-9_-]+)$/.exec(url);
  if (!m) throw new Error(`no launch code in ${url}`);
  return m[1]!;
}

/** Exchanges a fresh launch code for a session cookie and returns the `name=value` pair. */
async function login(bridge: Bridge, kind: 'staff' | 'kiosk'): Promise<string> {
  const res = await post(bridge.port, '/session/launch', { code: launchCode(bridge.mintLaunchUrl(kind)) });
  expect(res.status).toBe(200);
  const setCookie = res.headers['set-cookie']?.[0];
  if (!setCookie) throw new Error('no Set-Cookie');
  return setCookie.split(';')[0]!;
}

function statusFor(ctx: HandlerContext): AppStatus {
  return {
    version: '0.1.0-test',
    mode: 'browser',
    database: { ready: true, engine: 'sqlite' },
    sms: { adapter: 'file', state: 'online', queued: 3 },
    trainingMode: false,
    setupDone: true,
    sessionKind: ctx.session.kind,
  };
}

function expectCsp(res: Reply): void {
  const csp = res.headers['content-security-policy'];
  expect(csp, 'Content-Security-Policy header').toBeTypeOf('string');
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toContain('unsafe-eval');
  expect(csp).toMatch(/script-src 'self'(;|$)/); // no extra sources for scripts (no 'unsafe-inline')
}

let tmp: string;
let staticRoot: string;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'desk-bridge-'));
  staticRoot = path.join(tmp, 'renderer');
  await mkdir(path.join(staticRoot, 'assets'), { recursive: true });
  await writeFile(path.join(staticRoot, 'index.html'), INDEX_HTML);
  await writeFile(path.join(staticRoot, 'assets', 'app.js'), APP_JS);
  // Outside the static root: every traversal attempt aims at this file.
  await writeFile(path.join(tmp, 'secret.txt'), SECRET);
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('http bridge with the app contract', () => {
  let bridge: Bridge;
  let port: number;
  let statusCalls = 0;
  const clock = new ManualClock();

  beforeAll(async () => {
    const handlers: Partial<Handlers> = {
      'app:status': (_input, ctx) => {
        statusCalls++;
        return statusFor(ctx);
      },
    };
    const router = createRouter({ handlers: handlers as Handlers, clock, idleLockMs: () => 15 * 60 * 1000 });
    bridge = await startBridge({ router, sessions: new SessionStore(), clock, staticRoot, port: 0, bodyLimit: BODY_LIMIT });
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

      const onKiosk = await post(port, '/kiosk-api/app:status', {}, { Cookie: kioskCookie });
      expect(onKiosk.status).toBe(200);
      expect(JSON.parse(onKiosk.body)).toMatchObject({ ok: true, data: { sessionKind: 'kiosk' } });

      expect((await post(port, '/api/app:status', {}, { Cookie: kioskCookie })).status).toBe(401);
      // Nor does renaming the kiosk cookie make it a staff session.
      const renamed = kioskCookie.replace(/^desk_kiosk=/, 'desk_staff=');
      expect((await post(port, '/api/app:status', {}, { Cookie: renamed })).status).toBe(401);
      // And the staff cookie does not open the kiosk API.
      const staffCookie = await login(bridge, 'staff');
      expect((await post(port, '/kiosk-api/app:status', {}, { Cookie: staffCookie })).status).toBe(401);
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

  describe('headers', () => {
    it('sends the CSP on static and API responses (script-src self, no unsafe-eval)', async () => {
      const cookie = await login(bridge, 'staff');
      expectCsp(await request(port, { path: '/' }));
      expectCsp(await request(port, { path: '/assets/app.js' }));
      expectCsp(await request(port, { path: '/nope.png' }));
      expectCsp(await post(port, '/api/app:status', {}, { Cookie: cookie }));
      expectCsp(await post(port, '/api/app:status', {}));
      expectCsp(await request(port, { path: '/', host: 'evil.example' }));
      const res = await request(port, { path: '/' });
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
    });
  });

  describe('static files', () => {
    it('serves index.html at /', async () => {
      const res = await request(port, { path: '/' });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.body).toBe(INDEX_HTML);
    });

    it('serves /assets/app.js with a JavaScript content type', async () => {
      const res = await request(port, { path: '/assets/app.js' });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^(text|application)\/javascript/);
      expect(res.body).toBe(APP_JS);
    });

    it('falls back to index.html for client-side routes such as /kiosk/', async () => {
      for (const p of ['/kiosk/', '/kiosk', '/accounts/42']) {
        const res = await request(port, { path: p });
        expect(res.status, p).toBe(200);
        expect(res.body).toBe(INDEX_HTML);
      }
    });

    it('answers 404 for a missing file with an extension', async () => {
      const res = await request(port, { path: '/assets/missing.js' });
      expect(res.status).toBe(404);
    });

    it('refuses to write: POST on a static path is 405', async () => {
      const res = await request(port, { method: 'POST', path: '/index.html', body: 'x' });
      expect(res.status).toBe(405);
    });

    it.each([
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2E%2E/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      '/..%5csecret.txt',
      '/assets/..%5c..%5csecret.txt',
      '/..%2fsecret.txt',
      '/%2e%2e%2fsecret.txt',
      '/..%252fsecret.txt',
      '/..%00/secret.txt',
      '/%c0%ae%c0%ae/secret.txt',
      '/../renderer/../secret.txt',
      '//../secret.txt',
    ])('never serves a file outside the static root: %s', async (raw) => {
      const res = await request(port, { path: raw });
      expect([400, 404], `${raw} → ${res.status}`).toContain(res.status);
      expect(res.body).not.toContain(SECRET);
    });

    it('never serves the secret through an absolute path built at run time', async () => {
      const abs = path.join(tmp, 'secret.txt');
      for (const raw of [`/${encodeURIComponent(abs)}`, `/..${encodeURIComponent(abs)}`, `/%2e%2e${abs}`]) {
        const res = await request(port, { path: raw });
        expect([400, 404], `${raw} → ${res.status}`).toContain(res.status);
        expect(res.body).not.toContain(SECRET);
      }
    });

    it('does not follow a symlink inside the static root that points outside it', async () => {
      const link = path.join(staticRoot, 'leak.txt');
      try {
        await symlink(path.join(tmp, 'secret.txt'), link);
      } catch {
        return; // no symlink permission (Windows without developer mode)
      }
      try {
        const res = await request(port, { path: '/leak.txt' });
        expect([400, 403, 404]).toContain(res.status);
        expect(res.body).not.toContain(SECRET);
      } finally {
        await rm(link, { force: true });
      }
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
      }
      const none = await request(port, { method: 'POST', path: '/api/app:status', headers: { Cookie: cookie }, body: '{}' });
      expect(none.status).toBe(415);
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
    });

    it('answers an unknown channel with a valid session with 404', async () => {
      const cookie = await login(bridge, 'staff');
      const res = await post(port, '/api/nope:nothing', {}, { Cookie: cookie });
      expect(res.status).toBe(404);
      expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
      const proto = await post(port, '/api/__proto__', {}, { Cookie: cookie });
      expect(proto.status).toBe(404);
    });

    it('answers invalid JSON with 400 and a payload outside the schema with a VALIDATION envelope', async () => {
      const cookie = await login(bridge, 'staff');
      const broken = await request(port, {
        method: 'POST',
        path: '/api/app:status',
        headers: { 'Content-Type': 'application/json', Cookie: cookie },
        body: '{not json',
      });
      expect(broken.status).toBe(400);
      const extra = await post(port, '/api/app:status', { admin: true }, { Cookie: cookie });
      expect(extra.status).toBe(200);
      expect(JSON.parse(extra.body)).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION', issues: [{ code: 'UNRECOGNIZED_KEYS' }] },
      });
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

describe('http bridge with a static root reached through a symlink', () => {
  let bridge: Bridge | undefined;
  let linked: string | undefined;

  beforeAll(async () => {
    linked = path.join(tmp, 'renderer-link');
    try {
      await symlink(staticRoot, linked, 'dir');
    } catch {
      linked = undefined; // no symlink permission
      return;
    }
    const clock = new ManualClock();
    const router = createRouter({
      handlers: { 'app:status': (_i, ctx) => statusFor(ctx) } satisfies Partial<Handlers> as Handlers,
      clock,
      idleLockMs: () => 15 * 60 * 1000,
    });
    bridge = await startBridge({ router, sessions: new SessionStore(), clock, staticRoot: linked, port: 0 });
  });

  afterAll(async () => {
    await bridge?.close();
  });

  // macOS's os.tmpdir() (/var → /private/var) and Windows short names (RUNNER~1) are such paths.
  it('still serves the app', async () => {
    if (!bridge) return;
    const page = await request(bridge.port, { path: '/' });
    expect(page.status).toBe(200);
    expect(page.body).toBe(INDEX_HTML);
    const js = await request(bridge.port, { path: '/assets/app.js' });
    expect(js.status).toBe(200);
    const secret = await request(bridge.port, { path: '/..%2fsecret.txt' });
    expect(secret.body).not.toContain(SECRET);
  });
});
