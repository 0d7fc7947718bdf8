import { rm, symlink } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src-main/core/clock';
import type { Bridge } from '../../src-main/ipc/http-bridge';
import { APP_JS, expectCsp, INDEX_HTML, login, makeStaticRoot, post, request, SECRET, statusBridge } from '../helpers/bridge-http';

let tmp: string;
let staticRoot: string;
let removeRoot: () => Promise<void>;

beforeAll(async () => {
  ({ tmp, staticRoot, remove: removeRoot } = await makeStaticRoot());
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
      // Every refusal says what it is, in the bridge's format (an empty body said nothing: outside probe 2026-12-06).
      expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    });

    it('refuses to write: POST on a static path is 405', async () => {
      const res = await request(port, { method: 'POST', path: '/index.html', body: 'x' });
      expect(res.status).toBe(405);
      expect(res.headers.allow).toBe('GET, HEAD');
      expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
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
      expect(JSON.parse(res.body), raw).toMatchObject({ ok: false, error: { code: res.status === 400 ? 'BAD_REQUEST' : 'NOT_FOUND' } });
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
    bridge = await statusBridge(linked, new ManualClock());
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
