import type http from 'node:http';
import type { Duplex } from 'node:stream';
import type { Envelope } from '../../../shared/envelope';
import { utf8OrNull } from '../../core/utf8';
import { errorBody } from '../router';

/** A refusal decided while reading a request (a body too large); the bridge turns it into a reply. */
export class HttpError extends Error {
  constructor(readonly status: number) {
    super(String(status));
  }
}

export function json(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

export function envelopeError(res: http.ServerResponse, status: number, code: Parameters<typeof errorBody>[0], extra?: Parameters<typeof errorBody>[1]): void {
  const env: Envelope<never> = { ok: false, error: errorBody(code, extra) };
  json(res, status, env);
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}

export function readBody(req: http.IncomingMessage, limit: number): Promise<string> {
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
    req.on('end', () => {
      const text = utf8OrNull(Buffer.concat(chunks));
      if (text === null) reject(new HttpError(400)); // not UTF-8: refused, never stored with U+FFFD in its place
      else resolve(text);
    });
    req.on('error', reject);
  });
}

/** Requests for JSON endpoints must be same-origin JSON: a form post or a foreign page cannot. */
export function checkJsonPost(req: http.IncomingMessage, allowedHosts: ReadonlySet<string>): number | null {
  if (req.method !== 'POST') return 405;
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') return 415;
  const origin = req.headers.origin;
  if (origin !== undefined && !allowedHosts.has(origin.replace(/^http:\/\//, ''))) return 403;
  return null;
}

/** The refusal envelope for a status from `checkJsonPost`. */
export function refuseJsonPost(res: http.ServerResponse, status: number): void {
  envelopeError(res, status, status === 403 ? 'FORBIDDEN' : 'BAD_REQUEST');
}

/**
 * What node's parser refuses before any request exists (headers over its limit, bytes that are not
 * HTTP, a client too slow to send its headers) gets the bridge's refusal too — a code and its
 * Persian sentence — instead of node's empty answer; the connection is closed after it.
 */
export function answerClientErrors(server: http.Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const [status, reason] = err.code === 'HPE_HEADER_OVERFLOW' ? [431, 'Request Header Fields Too Large'] : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? [408, 'Request Timeout'] : [400, 'Bad Request'];
    const body = JSON.stringify({ ok: false, error: errorBody(status === 431 ? 'REQUEST_TOO_LARGE' : 'BAD_REQUEST') } satisfies Envelope<never>);
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
