import { randomBytes, timingSafeEqual } from 'node:crypto';
import type http from 'node:http';
import type { SessionKind } from '../../../shared/contract';
import type { Clock } from '../../core/clock';
import type { Session, SessionStore } from '../sessions';
import { checkJsonPost, envelopeError, json, parseCookies, readBody, refuseJsonPost } from './http-util';

const COOKIE: Record<SessionKind, { name: string; path: string }> = {
  staff: { name: 'desk_staff', path: '/api' },
  kiosk: { name: 'desk_kiosk', path: '/kiosk-api' },
};
const LAUNCH_CODE_TTL_MS = 10 * 60 * 1000;

function sameSecret(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/**
 * Sessions of the loopback bridge: a one-time launch code (in the URL fragment main opens) is
 * exchanged for an HttpOnly, SameSite=Strict cookie scoped to its kind's API path.
 */
export function launchSessions(sessions: SessionStore, clock: Clock) {
  const launchCodes = new Map<string, { kind: SessionKind; expires: number }>();

  return {
    /** A fresh one-time code for a staff or kiosk page. */
    mint(kind: SessionKind): string {
      const code = randomBytes(24).toString('base64url');
      launchCodes.set(code, { kind, expires: clock.now().getTime() + LAUNCH_CODE_TTL_MS });
      return code;
    },

    /** The live session of this kind named by the request's cookie. */
    sessionOf(req: http.IncomingMessage, kind: SessionKind): Session | undefined {
      const id = parseCookies(req.headers.cookie)[COOKIE[kind].name];
      const s = sessions.get(id);
      return s && s.kind === kind ? s : undefined;
    },

    async handleLaunch(req: http.IncomingMessage, res: http.ServerResponse, allowedHosts: ReadonlySet<string>): Promise<void> {
      const bad = checkJsonPost(req, allowedHosts);
      if (bad) return refuseJsonPost(res, bad);
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
      const now = clock.now().getTime();
      if (!found || found.expires < now) return envelopeError(res, 401, 'UNAUTHENTICATED');
      const session = sessions.create(found.kind, now);
      const c = COOKIE[found.kind];
      res.setHeader('Set-Cookie', `${c.name}=${session.id}; HttpOnly; SameSite=Strict; Path=${c.path}`);
      json(res, 200, { ok: true, data: { kind: found.kind } });
    },
  };
}

export type LaunchSessions = ReturnType<typeof launchSessions>;
