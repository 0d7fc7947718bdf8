import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { kioskStatusOf, type AppStatus } from '../../shared/contract/app.contract';
import type { Clock } from '../../src-main/core/clock';
import { startBridge, type Bridge } from '../../src-main/ipc/http-bridge';
import { createRouter, type HandlerContext, type Handlers } from '../../src-main/ipc/router';
import { SessionStore } from '../../src-main/ipc/sessions';

/** Raw HTTP against the loopback bridge, for its unit tests (Host headers and odd paths included). */
export const SECRET = 'TOP-SECRET-5f0c1e-do-not-serve';
export const INDEX_HTML = '<!doctype html><html lang="fa" dir="rtl"><body><div id="root"></div><script type="module" src="/assets/app.js"></script></body></html>';
export const APP_JS = 'console.log("app");';
export const BODY_LIMIT = 1024;

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface Req {
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
  /** A keep-alive agent, as a browser keeps its connection to the bridge; a new connection per request without. */
  agent?: http.Agent;
}

/** A raw request: node's http lets us set Host and send unnormalized paths, which fetch does not. */
export function request(port: number, r: Req): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { Host: r.host ?? `127.0.0.1:${port}`, ...r.headers };
    const body = r.body === undefined ? undefined : Buffer.from(r.body);
    if (body && !r.chunked) headers['Content-Length'] = body.length;
    const req = http.request(
      { host: r.address ?? '127.0.0.1', port, method: r.method ?? 'GET', path: r.path, headers, agent: r.agent ?? false },
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

export function post(port: number, p: string, payload: unknown, headers: Record<string, string> = {}, agent?: http.Agent): Promise<Reply> {
  return request(port, {
    method: 'POST',
    path: p,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(payload),
    agent,
  });
}

export function launchCode(url: string): string {
  const m = /#launch=([A-Za-z0-9_-]+)$/.exec(url);
  if (!m) throw new Error(`no launch code in ${url}`);
  return m[1]!;
}

/** Exchanges a fresh launch code for a session cookie and returns the `name=value` pair. */
export async function login(bridge: Bridge, kind: 'staff' | 'kiosk'): Promise<string> {
  const res = await post(bridge.port, '/session/launch', { code: launchCode(bridge.mintLaunchUrl(kind)) });
  expect(res.status).toBe(200);
  const setCookie = res.headers['set-cookie']?.[0];
  if (!setCookie) throw new Error('no Set-Cookie');
  return setCookie.split(';')[0]!;
}

export function statusFor(ctx: HandlerContext): AppStatus {
  return {
    version: '0.1.0-test',
    mode: 'browser',
    database: { ready: true, engine: 'sqlite' },
    sms: { adapter: 'file', state: 'online', queued: 3 },
    backup: { state: 'ok', lastGoodAt: null, ageMinutes: null, lastError: null, running: false },
    hq: { state: 'not-configured', offlineReason: null, offlineDetail: null, stop: null, lastSeq: 0, ackedSeq: 0, behindEntries: 0, behindHours: 0, lastContactAt: null, nextAttemptAt: null },
    upgrade: { pending: false, percent: 100 },
    trainingMode: false,
    setupDone: true,
    sessionKind: ctx.session.kind,
    snapshot: { boot: 'test', seq: 1 },
  };
}

export function expectCsp(res: Reply): void {
  const csp = res.headers['content-security-policy'];
  expect(csp, 'Content-Security-Policy header').toBeTypeOf('string');
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toContain('unsafe-eval');
  expect(csp).toMatch(/script-src 'self'(;|$)/); // no extra sources for scripts (no 'unsafe-inline')
}

/** A built-renderer stand-in in a temp folder, with a secret file just outside it. */
export async function makeStaticRoot(): Promise<{ tmp: string; staticRoot: string; remove(): Promise<void> }> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'desk-bridge-'));
  const staticRoot = path.join(tmp, 'renderer');
  await mkdir(path.join(staticRoot, 'assets'), { recursive: true });
  await writeFile(path.join(staticRoot, 'index.html'), INDEX_HTML);
  await writeFile(path.join(staticRoot, 'assets', 'app.js'), APP_JS);
  // Outside the static root: every traversal attempt aims at this file.
  await writeFile(path.join(tmp, 'secret.txt'), SECRET);
  return { tmp, staticRoot, remove: () => rm(tmp, { recursive: true, force: true }) };
}

/** A bridge over the app contract with only app:status (counted by `onStatus`) and the kiosk's portal:status answered. */
export function statusBridge(staticRoot: string | null, clock: Clock, onStatus: () => void = () => undefined, bodyLimit = BODY_LIMIT): Promise<Bridge> {
  const handlers: Partial<Handlers> = {
    'app:status': (_input, ctx) => {
      onStatus();
      return statusFor(ctx);
    },
    'portal:status': (_input, ctx) => kioskStatusOf(statusFor(ctx)),
  };
  const router = createRouter({ handlers: handlers as Handlers, clock, idleLockMs: () => 15 * 60 * 1000 });
  return startBridge({ router, sessions: new SessionStore(), clock, staticRoot, port: 0, bodyLimit });
}
