import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EventName, SessionKind } from '../../shared/contract';
import { BRANCH_CSV_MAX_CHARS } from '../../shared/contract/reference.contract';
import type { Clock } from '../core/clock';
import { guarded, requestUrl } from '../core/http-guard';
import { logger } from '../core/log';
import { apiHandler } from './bridge/api';
import { eventStream } from './bridge/event-stream';
import { answerClientErrors, envelopeError, HttpError } from './bridge/http-util';
import { launchSessions } from './bridge/launch-sessions';
import { realRoot, staticFiles } from './bridge/static-files';
import type { Router } from './router';
import type { SessionStore } from './sessions';

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

const API_PREFIX: Record<SessionKind, string> = { staff: '/api/', kiosk: '/kiosk-api/' };

/**
 * Issue 10 item 9: the largest body is the branch CSV at its contract limit; JSON may spend up
 * to 6 bytes on a character (\uXXXX), so any CSV the contract accepts fits, and the contract's
 * own Persian message (BRANCH_CSV_TOO_LARGE) is what a larger one gets, not a bare 413.
 */
export const MAX_BODY_BYTES = BRANCH_CSV_MAX_CHARS * 6 + 64 * 1024;

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

function securityHeaders(res: http.ServerResponse): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}

/** A failed request in the bridge's own format: a body too large is 413, bad JSON or bytes that are not UTF-8 400, the rest 500. */
function answerError(res: http.ServerResponse, e: unknown): boolean {
  if (res.headersSent) return false;
  if (e instanceof HttpError) {
    if (e.status === 413) res.setHeader('Connection', 'close');
    envelopeError(res, e.status, e.status === 413 ? 'REQUEST_TOO_LARGE' : e.status < 500 ? 'BAD_REQUEST' : 'INTERNAL');
    return true;
  }
  if (e instanceof SyntaxError) {
    envelopeError(res, 400, 'BAD_REQUEST');
    return true;
  }
  log.error('bridge request failed', e instanceof Error ? e.message : String(e));
  envelopeError(res, 500, 'INTERNAL');
  return true;
}

/**
 * The loopback HTTP transport: browser mode and end-to-end tests reach the same router as the
 * Electron windows do. It trusts nothing but its own one-time launch codes and session cookies,
 * answers 400 to a request target it cannot parse, and no error in a request ends the process.
 */
export async function startBridge(opts: BridgeOptions): Promise<Bridge> {
  const bodyLimit = opts.bodyLimit ?? MAX_BODY_BYTES;
  const staticRoot = opts.staticRoot ? await realRoot(opts.staticRoot) : null;
  let allowedHosts: ReadonlySet<string> = new Set<string>();
  const launch = launchSessions(opts.sessions, opts.clock);
  const events = eventStream();
  const handleStatic = staticFiles(staticRoot);
  const handleApi = apiHandler({
    router: opts.router,
    bodyLimit,
    allowedHosts: () => allowedHosts,
    sessionOf: launch.sessionOf,
    openEvents: (req, res, session) => {
      events.open(req, res, session);
      // A page that just connected learns its idle deadline without waiting for its next call.
      if (session.kind === 'staff') events.emitTo(session, 'session:idle', opts.router.idleDeadline(session));
    },
  });
  opts.router.onStaffCall((session) => events.emitTo(session, 'session:idle', opts.router.idleDeadline(session)));

  const server = http.createServer(
    guarded(
      log,
      (req, res) => {
        securityHeaders(res);
        // DNS rebinding: a page from another name that resolves to 127.0.0.1 carries its own Host.
        if (!allowedHosts.has(req.headers.host ?? '')) {
          req.resume();
          return envelopeError(res, 403, 'FORBIDDEN');
        }
        const url = requestUrl(req.url);
        if (!url) {
          req.resume();
          res.setHeader('Connection', 'close');
          return envelopeError(res, 400, 'BAD_REQUEST');
        }
        const p = url.pathname;
        if (p === '/session/launch') return launch.handleLaunch(req, res, allowedHosts);
        if (p.startsWith(API_PREFIX.staff)) return handleApi(req, res, 'staff', p.slice(API_PREFIX.staff.length));
        if (p.startsWith(API_PREFIX.kiosk)) return handleApi(req, res, 'kiosk', p.slice(API_PREFIX.kiosk.length));
        // The kiosk is the same app at /kiosk/: its relative asset paths resolve under that prefix.
        return handleStatic(req, res, p === '/kiosk' || p.startsWith('/kiosk/') ? p.slice('/kiosk'.length) || '/' : p);
      },
      answerError,
    ),
  );

  answerClientErrors(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const origin = `http://127.0.0.1:${port}`;

  return {
    port,
    origin,
    mintLaunchUrl(kind) {
      return `${origin}${kind === 'kiosk' ? '/kiosk/' : '/'}#launch=${launch.mint(kind)}`;
    },
    emit: events.emit,
    close() {
      events.closeAll();
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
