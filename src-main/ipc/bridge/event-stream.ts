import type http from 'node:http';
import { EVENT_NAMES, type EventName, type SessionKind } from '../../../shared/contract';

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
      if (!EVENT_NAMES.includes(event)) return;
      for (const st of streams) st.res.write(`event: ${event}\ndata: ${JSON.stringify(payloadFor(st.kind))}\n\n`);
    },
    closeAll(): void {
      for (const s of streams) s.res.end();
      streams.clear();
    },
  };
}
