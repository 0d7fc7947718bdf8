import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { expect } from 'vitest';
import type { Channel, Input, Output } from '../../shared/contract';
import type { Envelope } from '../../shared/envelope';

export const ROOT = path.resolve(__dirname, '../..');
export const SERVER = path.join(ROOT, 'out/main/server.js');
export const CLI_ENTRY = path.join(ROOT, 'out/main/cli.js');

/** The built main bundle, built now if missing or older than the code a test needs (`marker`). */
export function ensureBuilt(marker: string): void {
  const files = existsSync(path.join(ROOT, 'out/main')) ? readdirSync(path.join(ROOT, 'out/main'), { recursive: true, encoding: 'utf8' }) : [];
  const current = files.some((f) => f.endsWith('.js') && readFileSync(path.join(ROOT, 'out/main', f), 'utf8').includes(marker));
  if (existsSync(SERVER) && current) return;
  const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8', timeout: 170_000 });
  if (r.status !== 0) throw new Error(`npm run build failed:\n${r.stdout}\n${r.stderr}`);
}

export interface Server {
  child: ChildProcess;
  origin: string;
  launchCode: string;
  exited: Promise<void>;
  output(): string;
}

/** Browser mode on a data folder: `node out/main/server.js --data-dir DIR [args]`, once it printed its launch URL. */
export async function startServer(dataDir: string, args: string[] = [], extraEnv: NodeJS.ProcessEnv = {}): Promise<Server> {
  const env: NodeJS.ProcessEnv = { NO_COLOR: '1' };
  for (const [k, v] of Object.entries(process.env)) if (k !== 'DATABASE_URL' && !k.startsWith('DESK_')) env[k] = v;
  Object.assign(env, extraEnv);
  const child = spawn(process.execPath, [SERVER, '--data-dir', dataDir, ...args], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let log = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.stderr!.on('data', (b: Buffer) => (log += b.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no launch URL within 30 s:\n${log}`)), 30_000);
    void exited.then(() => reject(new Error(`browser mode exited:\n${log}`)));
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      log += line + '\n';
      const m = /^Staff desk: (http:\/\/127\.0\.0\.1:\d+\/\S*#launch=\S+)$/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
  });
  return { child, origin: new URL(url).origin, launchCode: url.split('#launch=')[1]!, exited, output: () => log };
}

/** A staff page stand-in over the server's loopback bridge: `ok(channel, input)` answers the data or throws the refusal. */
export async function staffClient(server: Server) {
  const res = await fetch(`${server.origin}/session/launch`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code: server.launchCode }) });
  expect(res.status).toBe(200);
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  return async function ok<C extends Channel>(channel: C, input: Input<C> | Record<string, unknown>): Promise<Output<C>> {
    const r = await fetch(`${server.origin}/api/${channel}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Cookie: cookie }, body: JSON.stringify(input) });
    const body = (await r.json()) as Envelope<Output<C>>;
    if (!body.ok) throw new Error(`${channel}: ${JSON.stringify(body.error)}`);
    return body.data;
  };
}
