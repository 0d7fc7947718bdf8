/**
 * Headquarters' receiver (issue 9 item 1, LINK-PROTOCOL.md): HTTPS (or plain HTTP on 127.0.0.1
 * for tests and training), two endpoints, and the limits that keep a slow, huge or malformed
 * client from taking it down: body size, header and request timeouts, a memory budget for bodies
 * in flight, a few ingests at a time, and every failure answered, never thrown.
 */
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { LINK_MAX_REQUEST_BYTES, LINK_PATHS } from '../../shared/journal';
import { escapeUntrusted } from '../../shared/text/escape-untrusted';
import { type HqPool, isDatabaseDown } from '../db/connection';
import type { StationKeys } from '../ingest/ingest.service';
import { type RouteAnswer, postBatch } from './batches.route';
import { Gate } from './gate';
import type { HqKey } from './hq-key';
import { ByteBudget, readLimitedBody, sendJson } from './http-io';
import { getRegistry } from './registry.route';

export interface ReceiverOptions {
  pool: HqPool;
  key: HqKey;
  /** PEM certificate and key; null for plain HTTP (the caller allows it only on 127.0.0.1). */
  tls: { cert: Buffer; key: Buffer } | null;
  /** Headers must arrive within this time, the whole request within three times it. */
  timeoutMs: number;
  ingestSlots: number;
  now?: () => Date;
  log?: (line: string) => void;
}

/** Bodies held in memory at once, all requests together (a few maximal batches). */
const BODY_BUDGET_BYTES = 6 * LINK_MAX_REQUEST_BYTES;
const MAX_CONNECTIONS = 256;

const unknownPath: RouteAnswer = { status: 404, body: { status: 'refused', refusal: { code: 'MALFORMED', detail: 'no such endpoint' } } };
const wrongMethod = (allowed: string): RouteAnswer => ({
  status: 405,
  body: { status: 'refused', refusal: { code: 'MALFORMED', detail: `this endpoint takes ${allowed}` } },
});

export function createReceiver(opts: ReceiverOptions): http.Server {
  const now = opts.now ?? (() => new Date());
  const write = opts.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  // Lines quote requests and batches: one line each, nothing a terminal would act on.
  const log = (line: string) => write(escapeUntrusted(line));
  const keys: StationKeys = new Map();
  const batchCtx = { pool: opts.pool, key: opts.key, gate: new Gate(opts.ingestSlots), keys, now, log };
  const registryCtx = { pool: opts.pool, key: opts.key, gate: new Gate(2), now };
  const budget = new ByteBudget(BODY_BUDGET_BYTES);

  async function route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://receiver');
    } catch {
      return reply(res, unknownPath);
    }
    if (url.pathname === LINK_PATHS.batches) {
      if (req.method !== 'POST') return reply(res, wrongMethod('POST'));
      const read = await readLimitedBody(req, LINK_MAX_REQUEST_BYTES, budget);
      if (!read.ok) {
        if (read.why === 'too-large') {
          const detail = `the request is larger than ${LINK_MAX_REQUEST_BYTES} bytes`;
          return reply(res, { status: 413, body: { status: 'refused', refusal: { code: 'OVERSIZED', detail } } }, true);
        }
        if (read.why === 'busy') return reply(res, { status: 503, body: { status: 'unavailable' } }, true);
        return;
      }
      try {
        return reply(res, await postBatch(batchCtx, read.body));
      } finally {
        budget.give(read.body.length);
      }
    }
    if (url.pathname === LINK_PATHS.registry) {
      if (req.method !== 'GET') return reply(res, wrongMethod('GET'));
      return reply(res, await getRegistry(registryCtx, req, url.searchParams));
    }
    reply(res, unknownPath);
  }

  function reply(res: http.ServerResponse, a: RouteAnswer, close = false): void {
    sendJson(res, a.status, a.body, close);
    // A refused upload is not read to its end: the connection goes once the answer is out.
    if (close) res.once('finish', () => res.socket?.destroySoon?.());
  }

  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    route(req, res).catch((e: unknown) => {
      if (isDatabaseDown(e)) {
        sendJson(res, 503, { status: 'unavailable' });
        return;
      }
      log(`ERROR ${req.method} ${req.url?.slice(0, 100)}: ${e instanceof Error ? e.message : String(e)}`);
      sendJson(res, 500, { status: 'error' });
    });
  };

  const common = {
    headersTimeout: opts.timeoutMs,
    requestTimeout: 3 * opts.timeoutMs,
    keepAliveTimeout: 5000,
    connectionsCheckingInterval: Math.min(1000, opts.timeoutMs),
    maxHeaderSize: 16 * 1024,
  };
  const server = opts.tls
    ? https.createServer({ ...common, cert: opts.tls.cert, key: opts.tls.key, handshakeTimeout: opts.timeoutMs, minVersion: 'TLSv1.2' }, handler)
    : http.createServer(common, handler);
  server.maxConnections = MAX_CONNECTIONS;
  // Idle sockets (open, sending nothing) are closed too, not only slow requests.
  server.setTimeout(3 * opts.timeoutMs);
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable || socket.destroyed) {
      socket.destroy();
      return;
    }
    const status =
      err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    socket.destroySoon();
  });
  return server;
}

/** Stops taking connections, lets requests in progress finish (at most `graceMs`), then closes the rest. */
export function closeReceiver(server: http.Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => server.closeAllConnections(), graceMs);
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });
}
