/** Reading a bounded request body and writing JSON answers, for the receiver. */
import type http from 'node:http';

export function sendJson(res: http.ServerResponse, status: number, body: unknown, close = false): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(text),
    ...(close ? { connection: 'close' } : {}),
  });
  res.end(text);
}

/** Counts the body bytes held in memory by all requests together, so many large uploads at once
 * cannot exhaust memory: past the budget a request is answered 503 and the branch retries. */
export class ByteBudget {
  private used = 0;
  constructor(readonly max: number) {}
  take(n: number): boolean {
    if (this.used + n > this.max) return false;
    this.used += n;
    return true;
  }
  give(n: number): void {
    this.used -= n;
  }
}

export type BodyRead = { ok: true; body: Buffer } | { ok: false; why: 'too-large' | 'busy' | 'aborted' };

/** The whole body (the caller gives its size back to `budget` when done with it), or why not: larger than `limit` (declared or sent), over the shared budget, or cut off. */
export function readLimitedBody(req: http.IncomingMessage, limit: number, budget: ByteBudget): Promise<BodyRead> {
  return new Promise((resolve) => {
    const declared = Number(req.headers['content-length'] ?? '0');
    if (Number.isFinite(declared) && declared > limit) {
      resolve({ ok: false, why: 'too-large' });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (r: BodyRead) => {
      if (done) return;
      done = true;
      // A body read whole stays counted until the caller is done with it (it calls give()).
      if (!r.ok) budget.give(size);
      req.removeListener('data', onData);
      if (!r.ok) req.pause();
      resolve(r);
    };
    const onData = (chunk: Buffer) => {
      if (size + chunk.length > limit) return finish({ ok: false, why: 'too-large' });
      if (!budget.take(chunk.length)) return finish({ ok: false, why: 'busy' });
      size += chunk.length;
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => finish({ ok: true, body: Buffer.concat(chunks, size) }));
    req.on('error', () => finish({ ok: false, why: 'aborted' }));
    req.on('close', () => finish({ ok: false, why: 'aborted' }));
  });
}
