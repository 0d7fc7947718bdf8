import type http from 'node:http';
import { eventReaches, parseEvent, type EventName, type SessionKind } from '../../../shared/contract';
import { logger } from '../../core/log';
import type { Session } from '../sessions';
import { envelopeError } from './http-util';

const log = logger('bridge-events');

/**
 * Open event streams one session may hold: a page each (tabs of one browser share the session).
 * A further one is refused (429 TOO_MANY_STREAMS), so a session cannot pile up connections and
 * memory (an outside probe held 300 open on one cookie, ~183 MB). Refused, not made room for by
 * ending the oldest: a page's EventSource reconnects after an end (tabs would take turns ending
 * each other for ever) but not after a refusal; such a page still polls its status.
 */
export const STREAMS_PER_SESSION = 8;

/** Server-Sent Events to every connected page, each shaped for its session kind. */
export function eventStream() {
  const streams = new Set<{ res: http.ServerResponse; kind: SessionKind; session: Session }>();
  const send = (res: http.ServerResponse, event: EventName, raw: unknown): void => {
    // Checked before sending (the renderer checks again on receipt): a payload outside the
    // contract is not sent.
    const payload = parseEvent(event, raw);
    if (payload === null) {
      log.error(`event ${String(event)} payload outside the contract; not sent`);
      return;
    }
    res.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
  };
  return {
    open(req: http.IncomingMessage, res: http.ServerResponse, session: Session): void {
      let mine = 0;
      for (const st of streams) if (st.session === session) mine++;
      if (mine >= STREAMS_PER_SESSION) return envelopeError(res, 429, 'TOO_MANY_STREAMS');
      const kind = session.kind;
      res.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store',
        Connection: 'keep-alive',
      });
      res.write(': connected\n\n');
      const entry = { res, kind, session };
      streams.add(entry);
      req.on('close', () => streams.delete(entry));
    },
    emit(event: EventName, payloadFor: (kind: SessionKind) => unknown): void {
      for (const st of streams) if (eventReaches(event, st.kind)) send(st.res, event, payloadFor(st.kind));
    },
    /** To the pages of one session only (its own idle deadline, issue 12 item 1). */
    emitTo(session: Session, event: EventName, payload: unknown): void {
      for (const st of streams) if (st.session === session && eventReaches(event, st.kind)) send(st.res, event, payload);
    },
    closeAll(): void {
      for (const s of streams) s.res.end();
      streams.clear();
    },
  };
}
