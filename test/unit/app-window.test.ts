import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { appFileHandler, registerAppScheme } from '../../src-main/app/app-protocol';
import { createWindow } from '../../src-main/app/window';
import { CONTENT_SECURITY_POLICY } from '../../src-main/ipc/http-bridge';
import { electronStub, protocol, shell, type BrowserWindow } from '../helpers/electron-stub';

vi.mock('electron', () => import('../helpers/electron-stub'));

/** Emits will-navigate as Chromium would; true when the window refused it. */
function navigate(win: BrowserWindow, url: string): boolean {
  const event = { preventDefault: vi.fn() };
  win.webContents.emit('will-navigate', event, url);
  return event.preventDefault.mock.calls.length > 0;
}

describe('issue 10 item 8: the window accepts only its own whole URL', () => {
  beforeEach(() => electronStub.reset());

  it('loads the renderer from app://desk, staff and kiosk apart by route', () => {
    const staff = createWindow('staff') as unknown as BrowserWindow;
    const kiosk = createWindow('kiosk') as unknown as BrowserWindow;
    expect(staff.loaded).toEqual({ url: 'app://desk/index.html#/' });
    expect(kiosk.loaded).toEqual({ url: 'app://desk/index.html#/kiosk' });
  });

  it('refuses a foreign URL with the same path, another scheme, host, port, page or query', () => {
    const win = createWindow('staff') as unknown as BrowserWindow;
    const own = new URL(win.loaded!.url!);
    expect(navigate(win, `https://evil${own.pathname}`)).toBe(true);
    expect(navigate(win, `https://evil/out/renderer/index.html`)).toBe(true);
    expect(navigate(win, `file://${own.pathname}`)).toBe(true);
    expect(navigate(win, `app://evil${own.pathname}`)).toBe(true);
    expect(navigate(win, `app://desk:8080${own.pathname}`)).toBe(true);
    expect(navigate(win, 'app://desk/updating.html')).toBe(true);
    expect(navigate(win, 'app://desk/index.html?x=1')).toBe(true);
    expect(navigate(win, 'app://user@desk/index.html')).toBe(true);
  });

  it("allows the app's own URL (any route of it)", () => {
    const win = createWindow('kiosk') as unknown as BrowserWindow;
    expect(navigate(win, win.loaded!.url!)).toBe(false);
    expect(navigate(win, 'app://desk/index.html#/')).toBe(false);
  });

  it('denies every window.open, and opens nothing outside either', () => {
    const win = createWindow('staff') as unknown as BrowserWindow;
    const open = win.webContents.windowOpenHandler as unknown as (d: { url: string }) => unknown;
    for (const url of ['https://example.org/help', 'app://desk/index.html', 'http://127.0.0.1/', 'mailto:a@b.c']) {
      expect(open({ url })).toEqual({ action: 'deny' });
    }
    expect(shell.opened).toEqual([]);
  });

  it('registers app:// as standard and secure, only before ready', async () => {
    registerAppScheme();
    expect(protocol.privileged).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true } }]);
    await (await import('electron')).app.whenReady();
    expect(() => registerAppScheme()).toThrow(/before app is ready/);
  });
});

describe('issue 10 item 8: the app:// handler serves only the build folder', () => {
  let dir: string;
  let root: string;
  let serve: ReturnType<typeof appFileHandler>;
  const get = (url: string, method = 'GET') => serve({ url, method });

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'desk-app-protocol-'));
    root = path.join(dir, 'renderer');
    mkdirSync(path.join(root, 'assets'), { recursive: true });
    writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>desk</title>');
    writeFileSync(path.join(root, 'assets', 'main.js'), 'console.log(1);');
    writeFileSync(path.join(root, 'assets', 'font.woff2'), Buffer.from([1, 2, 3]));
    writeFileSync(path.join(dir, 'secret.txt'), 'outside the build folder');
    serve = appFileHandler(root);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves a file inside the build folder with its MIME type; HTML carries the CSP header', async () => {
    const html = await get('app://desk/index.html');
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await html.text()).toContain('<title>desk</title>');
    const js = await get('app://desk/assets/main.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('content-security-policy')).toBeNull();
    expect(await js.text()).toBe('console.log(1);');
    expect((await get('app://desk/assets/font.woff2')).headers.get('content-type')).toBe('font/woff2');
  });

  it.each([
    'app://desk/../secret.txt',
    'app://desk/assets/../../secret.txt',
    'app://desk/%2e%2e/secret.txt',
    'app://desk/%2E%2E%2Fsecret.txt',
    'app://desk/assets/..%2f..%2fsecret.txt',
    'app://desk/..%5csecret.txt',
    'app://desk/index.html%00.js',
  ])('refuses path traversal %s (400)', async (url) => {
    const r = await get(url);
    expect(r.status).toBe(400);
    expect(await r.text()).toBe('');
  });

  it('refuses another host (403), a missing file (404), a method other than GET/HEAD (405)', async () => {
    expect((await get('app://evil/index.html')).status).toBe(403);
    expect((await get('app://desk.evil/index.html')).status).toBe(403);
    expect((await get('app://desk:1/index.html')).status).toBe(403);
    expect((await get('https://desk/index.html')).status).toBe(403);
    expect((await get('app://desk/assets/missing.js')).status).toBe(404);
    expect((await get('app://desk/index.html', 'POST')).status).toBe(405);
    const head = await get('app://desk/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});
