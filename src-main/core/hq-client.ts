import http from 'node:http';
import https from 'node:https';
import { X509Certificate } from 'node:crypto';

/**
 * Issue 9: the branch's one HTTPS client to headquarters (the batch push and the registry pull).
 * It trusts ONLY the certificate authority the supervisor pinned in Settings → Headquarters
 * (node:https `ca` replaces the system's roots for these requests), checks the host name as
 * usual, bounds every request in time and the answer in size, and never throws: every failure
 * comes back as a kind the link can act on (network, tls, timeout, too-large).
 * Plain `http:` is accepted only for 127.0.0.1 (headquarters' `--insecure-loopback`, training).
 */

export interface HqEndpoint {
  /** `https://host[:port]` (a path prefix is kept), or `http://127.0.0.1:port`. */
  url: string;
  /** The pinned certificate authority (PEM); unused for loopback http. */
  caPem: string;
}

export type HqFailureKind = 'network' | 'tls' | 'timeout' | 'too-large';

export type HqResponse =
  | { ok: true; status: number; json: unknown; text: string }
  | { ok: false; kind: HqFailureKind; reason: string };

export interface HqRequest {
  method: 'GET' | 'POST';
  /** Path and query, e.g. `/v1/batches` or `/v1/registry?since=0`. */
  path: string;
  headers?: Record<string, string>;
  /** JSON-encoded body for POST. */
  body?: string;
  /** Whole exchange, connect to last byte (default 30 s). */
  timeoutMs?: number;
  /** A larger answer is cut off and reported `too-large` (default 1 MiB). */
  maxResponseBytes?: number;
}

/** Why a URL is not one the link may use, or null: https anywhere, http only to 127.0.0.1. */
export function hqUrlProblem(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'not a URL';
  }
  if (u.username || u.password) return 'credentials in the URL';
  if (u.search || u.hash) return 'a query or fragment';
  if (u.protocol === 'https:') return null;
  if (u.protocol === 'http:' && u.hostname === '127.0.0.1') return null;
  return 'not https (plain http only to 127.0.0.1)';
}

/** The pinned certificate, parsed; null when the PEM is not one certificate. */
export function parseCaPem(pem: string): X509Certificate | null {
  try {
    return new X509Certificate(pem);
  } catch {
    return null;
  }
}

const TLS_CODES = /^(ERR_TLS_|ERR_SSL_|CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_|EPROTO$|HOSTNAME_MISMATCH|ERR_OSSL)/;

/** A socket or TLS error as a kind and a short reason for the status (code only, never data). */
export function classifyError(e: unknown): { kind: HqFailureKind; reason: string } {
  const code = (e as NodeJS.ErrnoException | undefined)?.code ?? '';
  if (TLS_CODES.test(code)) return { kind: 'tls', reason: code };
  if (code === 'ETIMEDOUT' || code === 'HQ_TIMEOUT') return { kind: 'timeout', reason: code || 'timeout' };
  return { kind: 'network', reason: code || (e instanceof Error ? e.message.slice(0, 120) : 'network error') };
}

export class HqClient {
  private readonly base: URL;
  private readonly agent: http.Agent;

  constructor(readonly endpoint: HqEndpoint) {
    const problem = hqUrlProblem(endpoint.url);
    if (problem) throw new Error(`headquarters URL refused: ${problem}`);
    this.base = new URL(endpoint.url);
    this.agent =
      this.base.protocol === 'https:'
        ? new https.Agent({ keepAlive: true, maxSockets: 2, ca: [endpoint.caPem], rejectUnauthorized: true })
        : new http.Agent({ keepAlive: true, maxSockets: 2 });
  }

  /** One request; resolves with the status and the parsed JSON (null when not JSON), or the failure. */
  request(req: HqRequest): Promise<HqResponse> {
    const timeoutMs = req.timeoutMs ?? 30_000;
    const max = req.maxResponseBytes ?? 1024 * 1024;
    const prefix = this.base.pathname.replace(/\/$/, '');
    const headers: Record<string, string | number> = { accept: 'application/json', ...req.headers };
    if (req.body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(req.body, 'utf8');
    }
    const options: https.RequestOptions = {
      method: req.method,
      host: this.base.hostname.replace(/^\[|\]$/g, ''),
      port: this.base.port || (this.base.protocol === 'https:' ? 443 : 80),
      path: prefix + req.path,
      headers,
      agent: this.agent,
    };
    const lib = this.base.protocol === 'https:' ? https : http;
    return new Promise<HqResponse>((resolve) => {
      let settled = false;
      const done = (r: HqResponse) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(r);
      };
      const request = lib.request(options, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > max) {
            done({ ok: false, kind: 'too-large', reason: `answer over ${max} bytes` });
            request.destroy();
            return;
          }
          chunks.push(c);
        });
        res.on('error', (e) => done({ ok: false, ...classifyError(e) }));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown = null;
          try {
            json = JSON.parse(text) as unknown;
          } catch {
            json = null;
          }
          done({ ok: true, status: res.statusCode ?? 0, json, text });
        });
      });
      const timer = setTimeout(() => {
        done({ ok: false, kind: 'timeout', reason: `no answer within ${timeoutMs} ms` });
        request.destroy();
      }, timeoutMs);
      request.on('error', (e) => done({ ok: false, ...classifyError(e) }));
      request.end(req.body);
    });
  }

  /** Closes idle keep-alive sockets (settings changed, link stopped, shutdown). */
  close(): void {
    this.agent.destroy();
  }
}
