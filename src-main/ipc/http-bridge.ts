import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { parseEvent, type EventName, type SessionKind } from '../../shared/contract';
import type { Envelope } from '../../shared/envelope';
import type { Clock } from '../core/clock';
import { logger } from '../core/log';
import { errorBody, type Router } from './router';
import type { Session, SessionStore } from './sessions';

const log = logger('bridge');

/** Strict CSP for the renderer: no inline script, no eval, nothing from the network. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // Emotion (MUI) injects <style> elements at run time; styles cannot run code.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const COOKIE: Record<SessionKind, { name: string; path: string }> = {
  staff: { name: 'desk_staff', path: '/api' },
  kiosk: { name: 'desk_kiosk', path: '/kiosk-api' },
};
const API_PREFIX: Record<SessionKind, string> = { staff: '/api/', kiosk: '/kiosk-api/' };
const LAUNCH_CODE_TTL_MS = 10 * 60 * 1000;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

export interface BridgeOptions {
  router: Router;
  sessions: SessionStore;
  clock: Clock;
  /** The built renderer folder; null serves no static files (API-only tests). */
  staticRoot: string | null;
  port?: number;
  /** Largest accepted request body in bytes. */
  bodyLimit?: number;
}

export interface Bridge {
  readonly port: number;
  readonly origin: string;
  /** A fresh one-time launch URL for a staff or kiosk page. */
  mintLaunchUrl(kind: SessionKind): string;
  /** Pushes an event to every connected page (Server-Sent Events), shaped for its session kind. */
  emit(event: EventName, payloadFor: (kind: SessionKind) => unknown): void;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(readonly status: number) {
    super(String(status));
  }
}

function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}

function readBody(req: http.IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > limit) {
      reject(new HttpError(413));
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        // Stop reading but keep the socket, so the 413 can still be written; then close it.
        req.removeAllListeners('data');
        req.pause();
        reject(new HttpError(413));
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sameSecret(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/**
 * The loopback HTTP transport: browser mode and end-to-end tests reach the same router as the
 * Electron windows do. It trusts nothing but its own one-time launch codes and session cookies.
 */
export async function startBridge(opts: BridgeOptions): Promise<Bridge> {
  const bodyLimit = opts.bodyLimit ?? 256 * 1024;
  const launchCodes = new Map<string, { kind: SessionKind; expires: number }>();
  const streams = new Set<{ res: http.ServerResponse; kind: SessionKind }>();
  // The real path, so that a root reached through a symlink (macOS /var, Windows short names)
  // still matches the real paths of the files inside it.
  const staticRoot = opts.staticRoot ? await fs.realpath(path.resolve(opts.staticRoot)).catch(() => path.resolve(opts.staticRoot!)) : null;
  let port = 0;
  let allowedHosts = new Set<string>();

  function headers(res: http.ServerResponse): void {
    res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  }

  function json(res: http.ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-store',
      'Content-Length': Buffer.byteLength(text),
    });
    res.end(text);
  }

  function envelopeError(res: http.ServerResponse, status: number, code: Parameters<typeof errorBody>[0]): void {
    const env: Envelope<never> = { ok: false, error: errorBody(code) };
    json(res, status, env);
  }

  function sessionOf(req: http.IncomingMessage, kind: SessionKind): Session | undefined {
    const id = parseCookies(req.headers.cookie)[COOKIE[kind].name];
    const s = opts.sessions.get(id);
    return s && s.kind === kind ? s : undefined;
  }

  /** Requests for JSON endpoints must be same-origin JSON: a form post or a foreign page cannot. */
  function checkJsonPost(req: http.IncomingMessage): number | null {
    if (req.method !== 'POST') return 405;
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') return 415;
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedHosts.has(origin.replace(/^http:\/\//, ''))) return 403;
    return null;
  }

  async function handleLaunch(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const bad = checkJsonPost(req);
    if (bad) return envelopeError(res, bad, bad === 403 ? 'FORBIDDEN' : 'VALIDATION');
    const body = JSON.parse(await readBody(req, 1024)) as unknown;
    const code = typeof body === 'object' && body && 'code' in body ? (body as { code: unknown }).code : undefined;
    if (typeof code !== 'string') return envelopeError(res, 401, 'UNAUTHENTICATED');
    let found: { kind: SessionKind; expires: number } | undefined;
    for (const [k, v] of launchCodes) {
      if (sameSecret(k, code)) {
        found = v;
        launchCodes.delete(k); // one time only, whatever happens next
      }
    }
    const now = opts.clock.now().getTime();
    if (!found || found.expires < now) return envelopeError(res, 401, 'UNAUTHENTICATED');
    const session = opts.sessions.create(found.kind, now);
    const c = COOKIE[found.kind];
    res.setHeader('Set-Cookie', `${c.name}=${session.id}; HttpOnly; SameSite=Strict; Path=${c.path}`);
    json(res, 200, { ok: true, data: { kind: found.kind } });
  }

  async function handleApi(req: http.IncomingMessage, res: http.ServerResponse, kind: SessionKind, rest: string): Promise<void> {
    const session = sessionOf(req, kind);
    if (!session) return envelopeError(res, 401, 'UNAUTHENTICATED');
    if (rest === 'events' && req.method === 'GET') return openEvents(req, res, kind);
    const bad = checkJsonPost(req);
    if (bad) return envelopeError(res, bad, bad === 403 ? 'FORBIDDEN' : 'VALIDATION');
    let channel = '';
    try {
      channel = decodeURIComponent(rest);
    } catch {
      channel = '';
    }
    if (!opts.router.has(channel)) {
      await readBody(req, bodyLimit).catch(() => undefined);
      return envelopeError(res, 404, 'UNKNOWN_CHANNEL');
    }
    const text = await readBody(req, bodyLimit);
    let payload: unknown;
    try {
      payload = text.length === 0 ? {} : JSON.parse(text);
    } catch {
      return envelopeError(res, 400, 'VALIDATION');
    }
    const result = await opts.router.call(channel, payload, session, { background: req.headers['x-desk-background'] === '1' });
    json(res, 200, result);
  }

  function openEvents(req: http.IncomingMessage, res: http.ServerResponse, kind: SessionKind): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    res.write(': connected\n\n');
    const entry = { res, kind };
    streams.add(entry);
    req.on('close', () => streams.delete(entry));
  }

  async function handleStatic(req: http.IncomingMessage, res: http.ServerResponse, pathname: string): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    if (!staticRoot) {
      res.writeHead(404).end();
      return;
    }
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (decoded.includes('\0') || decoded.includes('\\') || decoded.split('/').includes('..')) {
      res.writeHead(400).end();
      return;
    }
    let file = path.resolve(staticRoot, '.' + decoded);
    if (file !== staticRoot && !file.startsWith(staticRoot + path.sep)) {
      res.writeHead(400).end();
      return;
    }
    let stat = await fs.stat(file).catch(() => null);
    if (stat?.isDirectory()) {
      file = path.join(file, 'index.html');
      stat = await fs.stat(file).catch(() => null);
    }
    if (!stat && path.extname(decoded) === '') {
      // Client-side routes (/kiosk/…) get the app shell.
      file = path.join(staticRoot, 'index.html');
      stat = await fs.stat(file).catch(() => null);
    }
    if (!stat || !stat.isFile()) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found');
      return;
    }
    const real = await fs.realpath(file);
    if (!real.startsWith(staticRoot + path.sep)) {
      res.writeHead(404).end();
      return;
    }
    const type = MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    res.writeHead(200, {
      'Content-Type': type,
      'Content-Length': stat.size,
      'Cache-Control': file.endsWith('index.html') ? 'no-store' : 'public, max-age=3600',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(file).pipe(res);
  }

  const server = http.createServer((req, res) => {
    headers(res);
    // DNS rebinding: a page from another name that resolves to 127.0.0.1 carries its own Host.
    if (!allowedHosts.has(req.headers.host ?? '')) {
      req.resume();
      envelopeError(res, 403, 'FORBIDDEN');
      return;
    }
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const p = url.pathname;
    let work: Promise<void>;
    if (p === '/session/launch') work = handleLaunch(req, res);
    else if (p.startsWith(API_PREFIX.staff)) work = handleApi(req, res, 'staff', p.slice(API_PREFIX.staff.length));
    else if (p.startsWith(API_PREFIX.kiosk)) work = handleApi(req, res, 'kiosk', p.slice(API_PREFIX.kiosk.length));
    // The kiosk is the same app at /kiosk/: its relative asset paths resolve under that prefix.
    else work = handleStatic(req, res, p === '/kiosk' || p.startsWith('/kiosk/') ? p.slice('/kiosk'.length) || '/' : p);
    work.catch((e: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (e instanceof HttpError) {
        if (e.status === 413) res.setHeader('Connection', 'close');
        return envelopeError(res, e.status, e.status === 413 ? 'VALIDATION' : 'INTERNAL');
      }
      if (e instanceof SyntaxError) return envelopeError(res, 400, 'VALIDATION');
      log.error('bridge request failed', e instanceof Error ? e.message : String(e));
      envelopeError(res, 500, 'INTERNAL');
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const origin = `http://127.0.0.1:${port}`;

  return {
    port,
    origin,
    mintLaunchUrl(kind) {
      const code = randomBytes(24).toString('base64url');
      launchCodes.set(code, { kind, expires: opts.clock.now().getTime() + LAUNCH_CODE_TTL_MS });
      return `${origin}${kind === 'kiosk' ? '/kiosk/' : '/'}#launch=${code}`;
    },
    emit(event, payloadFor) {
      for (const st of streams) {
        const payload = parseEvent(event, payloadFor(st.kind));
        if (payload === null) {
          log.error(`event ${String(event)} payload outside the contract; not sent`);
          continue;
        }
        st.res.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
      }
    },
    close() {
      for (const s of streams) s.res.end();
      streams.clear();
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
