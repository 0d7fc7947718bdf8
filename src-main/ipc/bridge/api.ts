import type http from 'node:http';
import type { SessionKind } from '../../../shared/contract';
import type { Router } from '../router';
import type { Session } from '../sessions';
import { checkJsonPost, envelopeError, json, readBody, refuseJsonPost } from './http-util';

export interface ApiOptions {
  router: Router;
  bodyLimit: number;
  allowedHosts: () => ReadonlySet<string>;
  sessionOf: (req: http.IncomingMessage, kind: SessionKind) => Session | undefined;
  openEvents: (req: http.IncomingMessage, res: http.ServerResponse, session: Session) => void;
}

/** `/api/<channel>` and `/kiosk-api/<channel>`: a same-origin JSON POST with the kind's session cookie. */
export function apiHandler(opts: ApiOptions) {
  return async function handleApi(req: http.IncomingMessage, res: http.ServerResponse, kind: SessionKind, rest: string): Promise<void> {
    const session = opts.sessionOf(req, kind);
    if (!session) return envelopeError(res, 401, 'UNAUTHENTICATED');
    if (rest === 'events' && req.method === 'GET') return opts.openEvents(req, res, session);
    const bad = checkJsonPost(req, opts.allowedHosts());
    if (bad) return refuseJsonPost(res, bad);
    let channel = '';
    try {
      channel = decodeURIComponent(rest);
    } catch {
      channel = '';
    }
    if (!opts.router.has(channel)) {
      await readBody(req, opts.bodyLimit).catch(() => undefined);
      return envelopeError(res, 404, 'UNKNOWN_CHANNEL');
    }
    const text = await readBody(req, opts.bodyLimit);
    let payload: unknown;
    try {
      payload = text.length === 0 ? {} : JSON.parse(text);
    } catch {
      return envelopeError(res, 400, 'BAD_REQUEST');
    }
    const result = await opts.router.call(channel, payload, session, { background: req.headers['x-desk-background'] === '1' });
    json(res, 200, result);
  };
}
