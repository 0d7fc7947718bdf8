import type http from 'node:http';
import { parseEvent, type EventName, type SessionKind } from '../../../shared/contract';
import { logger } from '../../core/log';

const log = logger('bridge-events');

/** Server-Sent Events to every connected page, each shaped for its session kind. */
export function eventStream() {
  const streams = new Set<{ res: http.ServerResponse; kind: SessionKind }>();
  return {
    open(req: http.IncomingMessage, res: http.ServerResponse, kind: SessionKind): void {
      res.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store',
        Connection: 'keep-alive',
      });
      res.write(': connected\n\n');
      const entry = { res, kind };
      streams.add(entry);
      req.on('close', () => streams.delete(entry));
    },
    emit(event: EventName, payloadFor: (kind: SessionKind) => unknown): void {
      // Checked before sending (the renderer checks again on receipt): a payload outside the
      // contract is not sent.
      for (const st of streams) {
        const payload = parseEvent(event, payloadFor(st.kind));
        if (payload === null) {
          log.error(`event ${String(event)} payload outside the contract; not sent`);
          continue;
        }
        st.res.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
      }
    },
    closeAll(): void {
      for (const s of streams) s.res.end();
      streams.clear();
    },
  };
}
