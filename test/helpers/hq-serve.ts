/** A real `npm run hq -- serve` child process for tests (its certificate from ./tls), and clients for it. */
import { type ChildProcess, spawn } from 'node:child_process';
import { sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import http from 'node:http';
import path from 'node:path';
import readline from 'node:readline';
import { type BatchPost, batchFileNames, registryRequestSigningText, stationHeaderValue } from '../../shared/journal';
import type { TestStation } from './journal-batches';

export const ROOT = path.resolve(__dirname, '../..');

export interface Served {
  child: ChildProcess;
  /** `https://127.0.0.1:PORT` (or http), from the `listening on` line. */
  url: string;
  output(): string;
  exited: Promise<number | null>;
  /** SIGTERM, then the exit code (SIGKILL after 10 s). */
  stop(): Promise<number | null>;
}

/** `node scripts/hq.mjs <args>` (what `npm run hq --` runs) with its output captured. */
export function runHqProcess(args: string[]): { child: ChildProcess; output(): string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['scripts/hq.mjs', ...args], { cwd: ROOT, env: { ...process.env, DATABASE_URL: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout!.on('data', (b: Buffer) => (log += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (log += b.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => log, exited };
}

/** Starts `serve` and waits (bounded) for its `listening on` line. */
export async function startServe(args: string[]): Promise<Served> {
  const p = runHqProcess(['serve', '--port', '0', ...args]);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "listening on" within 60 s:\n${p.output()}`)), 60_000);
    void p.exited.then((code) => reject(new Error(`serve exited (${code}) before listening:\n${p.output()}`)));
    readline.createInterface({ input: p.child.stdout! }).on('line', (line) => {
      const m = /^listening on (https?:\/\/127\.0\.0\.1:\d+)$/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(m[1] as string);
      }
    });
  });
  const stop = async () => {
    if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGTERM');
    const timer = setTimeout(() => p.child.kill('SIGKILL'), 10_000);
    const code = await p.exited;
    clearTimeout(timer);
    return code;
  };
  return { ...p, url, stop };
}

export interface Answer {
  status: number;
  json: unknown;
}

/** One request to the receiver, trusting `ca` (the receiver's certificate) for HTTPS. */
export function request(url: string, opts: { method?: string; path: string; body?: string | Buffer; headers?: Record<string, string>; ca?: string | Buffer }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const u = new URL(opts.path, url);
    const mod = u.protocol === 'https:' ? https : http;
    const req = mod.request(u, { method: opts.method ?? 'GET', headers: opts.headers, ca: opts.ca, timeout: 30_000, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown = text;
        try {
          json = JSON.parse(text);
        } catch {
          // left as text
        }
        resolve({ status: res.statusCode ?? 0, json });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 30 s')));
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** A written batch as the POST body the link sends: the three files' texts. */
export function postOf(dir: string, batchId: string): BatchPost {
  const names = batchFileNames(batchId);
  const read = (n: string) => readFileSync(path.join(dir, n), 'utf8');
  return { manifest: read(names.manifest), signature: read(names.signature).trim(), body: read(names.body) };
}

export const postBatch = (url: string, post: BatchPost | string, ca?: string | Buffer): Promise<Answer> =>
  request(url, { method: 'POST', path: '/v1/batches', body: typeof post === 'string' ? post : JSON.stringify(post), headers: { 'content-type': 'application/json' }, ca });

/** GET /v1/registry signed by `station` at `time` (now by default). */
export function getRegistry(url: string, station: TestStation, since: number, opts: { limit?: number; time?: string; ca?: string | Buffer; sinceText?: string } = {}): Promise<Answer> {
  const time = opts.time ?? new Date().toISOString();
  const signature = sign(null, Buffer.from(registryRequestSigningText(since, time)), station.privateKey).toString('base64');
  const query = `since=${opts.sinceText ?? since}${opts.limit === undefined ? '' : `&limit=${opts.limit}`}`;
  return request(url, {
    path: `/v1/registry?${query}`,
    ca: opts.ca,
    headers: { 'x-desk-station': stationHeaderValue(station.branch, station.station), 'x-desk-time': time, 'x-desk-signature': signature },
  });
}
