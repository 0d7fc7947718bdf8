/**
 * Real peers for the live-link tests (issue 9): headquarters' `serve` as its own process (spawned
 * as `node out/hq/cli.js` in its own process group, so SIGKILL reaches the server itself), the
 * hq CLI, and a TLS proxy that flips one bit of what passes through it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { ROOT } from './server-process';
import type { TestCert } from './tls';

const HQ_CLI = path.join(ROOT, 'out/hq/cli.js');

function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { NO_COLOR: '1' };
  for (const [k, v] of Object.entries(process.env)) if (k !== 'DATABASE_URL' && !k.startsWith('DESK_')) env[k] = v;
  return env;
}

/** `npm run hq -- <args>` (it builds out/hq first when stale), bounded. */
export function hqCli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['scripts/hq.mjs', ...args], { cwd: ROOT, encoding: 'utf8', env: cleanEnv(), timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A headquarters key pair made by `hq keygen`: the private key file for `serve`, the text a branch pins. */
export function hqKeygen(): { keyFile: string; keyText: string } {
  const keyFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'hq-key-')), 'hq-key.pem');
  const r = hqCli('keygen', '--out', keyFile);
  const keyText = /hq-key\/1;key=[A-Za-z0-9+/=]+/.exec(r.stdout)?.[0];
  if (r.status !== 0 || !keyText) throw new Error(`hq keygen failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return { keyFile, keyText };
}

export interface HqServe {
  child: ChildProcess;
  url: string;
  port: number;
  output(): string;
  exited: Promise<void>;
  /** kill -9 of the server (its whole process group). */
  kill9(): Promise<void>;
  /** SIGTERM, SIGKILL after 10 s. */
  stop(): Promise<void>;
}

/** `hq serve` over HTTPS on 127.0.0.1 (port 0: any free one), once it printed its `listening on` line (60 s at most). */
export async function startHqServe(o: { databaseUrl: string; hqKeyFile: string; cert: TestCert; port?: number }): Promise<HqServe> {
  const args = ['serve', '--database-url', o.databaseUrl, '--hq-key', o.hqKeyFile, '--host', '127.0.0.1', '--port', String(o.port ?? 0), '--tls-cert', o.cert.certFile, '--tls-key', o.cert.keyFile];
  const child = spawn(process.execPath, [HQ_CLI, ...args], { cwd: ROOT, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let log = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.stderr!.on('data', (b: Buffer) => (log += b.toString()));
  const group = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // already gone
    }
  };
  // If the test process dies before its hooks run, the server must not outlive it.
  const onExit = () => group('SIGKILL');
  process.once('exit', onExit);
  void exited.then(() => process.removeListener('exit', onExit));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      group('SIGKILL');
      reject(new Error(`hq serve: no "listening on" within 60 s:\n${log}`));
    }, 60_000);
    void exited.then(() => reject(new Error(`hq serve exited before listening:\n${log}`)));
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      log += `${line}\n`;
      const m = /^listening on (https:\/\/127\.0\.0\.1:\d+)$/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
  });
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  return {
    child,
    url,
    port: Number(new URL(url).port),
    output: () => log,
    exited,
    async kill9() {
      if (!gone()) group('SIGKILL');
      await exited;
    },
    async stop() {
      if (gone()) return;
      group('SIGTERM');
      const t = setTimeout(() => group('SIGKILL'), 10_000);
      await exited;
      clearTimeout(t);
    },
  };
}

/** One bit of the last digit before the first `Z"` (a time's last digit) flipped: a digit stays a digit, the JSON stays JSON. */
export function flipOneBit(text: string): string {
  const z = text.indexOf('Z"');
  if (z < 1) throw new Error('nothing to flip');
  return text.slice(0, z - 1) + String.fromCharCode(text.charCodeAt(z - 1) ^ 1) + text.slice(z);
}

export interface TamperProxy {
  url: string;
  /** Requests passed on to headquarters, and how many of them were changed. */
  seen: { forwarded: number; tampered: number };
  close(): Promise<void>;
}

/**
 * A TLS proxy in front of headquarters, holding a certificate the branch trusts (what a
 * compromised middle box would need): it flips one bit of the batch body on its way in
 * (`request`), or of the acknowledgement on its way out (`answer`), and passes everything else.
 */
export async function startTamperProxy(target: string, cert: TestCert, flip: 'request' | 'answer'): Promise<TamperProxy> {
  const seen = { forwarded: 0, tampered: 0 };
  const server = https.createServer({ cert: cert.certPem, key: cert.keyPem }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body = Buffer.concat(chunks).toString('utf8');
      if (flip === 'request' && req.method === 'POST' && seen.tampered === 0) {
        const post = JSON.parse(body) as { body: string };
        body = JSON.stringify({ ...post, body: flipOneBit(post.body) });
        seen.tampered++;
      }
      seen.forwarded++;
      const out = https.request(new URL(req.url ?? '/', target), { method: req.method, headers: { 'content-type': 'application/json' }, ca: cert.certPem, agent: false }, (answer) => {
        const back: Buffer[] = [];
        answer.on('data', (c: Buffer) => back.push(c));
        answer.on('end', () => {
          let text = Buffer.concat(back).toString('utf8');
          if (flip === 'answer' && answer.statusCode === 200 && seen.tampered === 0 && text.includes('"ack"')) {
            const a = JSON.parse(text) as { ack: string };
            text = JSON.stringify({ ...a, ack: flipOneBit(a.ack) });
            seen.tampered++;
          }
          res.writeHead(answer.statusCode ?? 502, { 'content-type': 'application/json' });
          res.end(text);
        });
      });
      out.on('error', () => {
        res.writeHead(502);
        res.end();
      });
      out.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

