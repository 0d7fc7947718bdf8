import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

export const BEARERBOX = '/usr/sbin/bearerbox';
export const SMSBOX = '/usr/sbin/smsbox';
export const FAKESMSC = '/usr/lib/kannel/test/fakesmsc';

/**
 * Null when the Kannel tests can run; otherwise the reason they are skipped, printed loudly.
 * Under CI=true they never skip: a missing Kannel then fails them, because CI installs it.
 */
export function kannelSkipReason(): string | null {
  if ([BEARERBOX, SMSBOX, FAKESMSC].every((f) => existsSync(f)) || process.env.CI === 'true') return null;
  const reason =
    `KANNEL NOT FOUND (${BEARERBOX}, ${SMSBOX}, ${FAKESMSC}): the Kannel gateway tests are SKIPPED. ` +
    'Install with `apt-get install kannel kannel-extras`; under CI=true this is a failure, not a skip.';
  console.warn(`\n${'!'.repeat(100)}\n!!! ${reason}\n${'!'.repeat(100)}\n`);
  return reason;
}

/** One message as fakesmsc printed it, its bytes decoded from the URL encoding. */
export interface FakeSmscMessage {
  from: string;
  to: string;
  /** The user data header (with its length octet), or null. */
  udh: Buffer | null;
  coding: string;
  bytes: Buffer;
}

export interface Kannel {
  readonly dir: string;
  readonly sendsmsPort: number;
  readonly username: string;
  readonly password: string;
  /** bearerbox, then smsbox, then fakesmsc, each once the one before listens. */
  start(): Promise<void>;
  /** Kills every process group (smsbox restarts itself after SIGKILL, so the whole group goes). */
  stop(): Promise<void>;
  /** bearerbox's group alone, as in a crash; smsbox then closes its sendsms port. */
  killBearerbox(): Promise<void>;
  /** Everything fakesmsc received since the harness was made (across restarts). */
  received(): FakeSmscMessage[];
  /** Whole texts (UTF-16BE), concatenated parts joined, from message index `from` on. */
  texts(from?: number): string[];
  /** What the boxes printed, for failure messages. */
  output(): string;
  /** stop(), then removes the temp folder. */
  dispose(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** Inodes of the sockets listening on `port` (IPv4 and IPv6), from /proc/net. */
function listeningInodes(port: number): Set<string> {
  const hex = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  const out = new Set<string>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f[1]?.endsWith(hex) && f[3] === '0A') out.add(f[9]!);
    }
  }
  return out;
}

/** True when `pid` itself holds the listening socket on `port` (not an old process on a busy port). */
function listensAs(pid: number, port: number): boolean {
  const inodes = listeningInodes(port);
  if (inodes.size === 0) return false;
  try {
    return readdirSync(`/proc/${pid}/fd`).some((fd) => {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        return m !== null && inodes.has(m[1]!);
      } catch {
        return false;
      }
    });
  } catch {
    return false;
  }
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(what: string, check: () => boolean | Promise<boolean>, ms: number, log: () => string): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`Kannel: ${what} not within ${ms} ms\n${log()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** `%06%A9+x` → bytes 06 A9 20 78 (fakesmsc URL-encodes, with + for a space). */
function percentBytes(s: string): Buffer {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '%') {
      out.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else out.push(s[i] === '+' ? 0x20 : s.charCodeAt(i));
  }
  return Buffer.from(out);
}

/** Groups still running; a test run that dies before stop() leaves no Kannel behind. */
const leftovers = new Set<number>();
process.once('exit', () => {
  for (const pid of leftovers) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

const utf16be = (b: Buffer) => Buffer.from(b).swap16().toString('utf16le');

/** Ports, one config file for both boxes (two files crash at start), and the three processes. */
export async function createKannel(opts: { username: string; password: string; maxMessages: number }): Promise<Kannel> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'desk-kannel-'));
  const [adminPort, smsboxPort, smscPort, sendsmsPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const conf = path.join(dir, 'kannel.conf');
  writeFileSync(
    conf,
    [
      'group = core',
      `admin-port = ${adminPort}`,
      'admin-password = harness',
      'admin-interface = 127.0.0.1',
      `smsbox-port = ${smsboxPort}`,
      'smsbox-interface = 127.0.0.1',
      `log-file = "${dir}/bearerbox.log"`,
      'log-level = 1',
      `access-log = "${dir}/access.log"`,
      'dlr-storage = internal',
      '',
      'group = smsc',
      'smsc = fake',
      'smsc-id = fake',
      `port = ${smscPort}`,
      'connect-allow-ip = 127.0.0.1',
      'our-host = 127.0.0.1',
      '',
      'group = smsbox',
      'bearerbox-host = 127.0.0.1',
      `sendsms-port = ${sendsmsPort}`,
      'sendsms-interface = 127.0.0.1',
      `log-file = "${dir}/smsbox.log"`,
      'log-level = 1',
      '',
      'group = sendsms-user',
      `username = ${opts.username}`,
      `password = ${opts.password}`,
      `max-messages = ${opts.maxMessages}`,
      'concatenation = true',
      '',
    ].join('\n'),
    { mode: 0o600 },
  );

  const procs = new Map<'bearerbox' | 'smsbox' | 'fakesmsc', ChildProcess>();
  const received: FakeSmscMessage[] = [];
  let log = '';
  const output = () => log.slice(-20_000);

  function run(name: 'bearerbox' | 'smsbox' | 'fakesmsc', bin: string, args: string[]): ChildProcess {
    // Detached: each box leads its own process group, so stop() can kill the group.
    const child = spawn(bin, args, { cwd: dir, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    procs.set(name, child);
    if (child.pid !== undefined) leftovers.add(child.pid);
    child.stdout!.on('data', (b: Buffer) => (log += `[${name}] ${b.toString()}`));
    readline.createInterface({ input: child.stderr! }).on('line', (line) => {
      log += `[${name}] ${line}\n`;
      if (name !== 'fakesmsc') return;
      const m = /Got message \d+: <(.*)>$/.exec(line);
      if (!m) return;
      const [from, to, kind, ...rest] = m[1]!.split(' ');
      if (kind === 'udh') received.push({ from: from!, to: to!, udh: percentBytes(rest[0]!), coding: rest[1]!, bytes: percentBytes(rest.slice(2).join(' ')) });
      else received.push({ from: from!, to: to!, udh: null, coding: kind!, bytes: percentBytes(rest.join(' ')) });
    });
    return child;
  }
  const alive = (c: ChildProcess | undefined) => c !== undefined && c.exitCode === null && c.signalCode === null;

  async function killGroups(names: Array<'bearerbox' | 'smsbox' | 'fakesmsc'>): Promise<void> {
    const pids = names.map((n) => procs.get(n)?.pid).filter((p): p is number => p !== undefined);
    for (const pid of pids) if (groupAlive(pid)) process.kill(-pid, 'SIGTERM');
    const end = Date.now() + 1500;
    while (pids.some(groupAlive) && Date.now() < end) await new Promise((r) => setTimeout(r, 25));
    for (const pid of pids) if (groupAlive(pid)) process.kill(-pid, 'SIGKILL');
    await until('process groups gone', () => !pids.some(groupAlive), 5000, output);
    for (const pid of pids) leftovers.delete(pid);
    for (const n of names) procs.delete(n);
  }

  const kannel: Kannel = {
    dir,
    sendsmsPort,
    username: opts.username,
    password: opts.password,
    async start() {
      const bb = run('bearerbox', BEARERBOX, ['-v', '1', conf]);
      await until('bearerbox listening', () => alive(bb) && [adminPort, smsboxPort].every((p) => listensAs(bb.pid!, p)), 10_000, output);
      const sb = run('smsbox', SMSBOX, ['-v', '1', conf]);
      await until('smsbox listening', () => alive(sb) && listensAs(sb.pid!, sendsmsPort), 10_000, output);
      // -m 0: send nothing, only receive; no -v, so received messages are printed (debug level).
      run('fakesmsc', FAKESMSC, ['-H', '127.0.0.1', '-r', String(smscPort), '-m', '0', '100 200 text dummy']);
      await until(
        'the fake SMSC online',
        async () => {
          const res = await fetch(`http://127.0.0.1:${adminPort}/status.txt?password=harness`).catch(() => null);
          return res !== null && /fake\[fake\]\s+FAKE:\d+ \(online/.test(await res.text());
        },
        10_000,
        output,
      );
    },
    stop: () => killGroups(['fakesmsc', 'smsbox', 'bearerbox']),
    async killBearerbox() {
      await killGroups(['bearerbox']);
      await until('sendsms closed', () => listeningInodes(sendsmsPort).size === 0, 5000, output);
    },
    received: () => [...received],
    texts(from = 0) {
      const done: string[] = [];
      const open: Array<{ key: string; total: number; parts: Map<number, Buffer> }> = [];
      for (const m of received.slice(from)) {
        const ie = m.udh && m.udh[1] === 0x00 ? m.udh : null;
        if (!ie) {
          done.push(m.coding === 'text' ? m.bytes.toString('latin1') : utf16be(m.bytes));
          continue;
        }
        const [, , , ref, total, seq] = ie;
        const key = `${m.to}/${ref}/${total}`;
        let g = open.find((x) => x.key === key && !x.parts.has(seq!));
        if (!g) open.push((g = { key, total: total!, parts: new Map() }));
        g.parts.set(seq!, m.bytes);
        if (g.parts.size === g.total) {
          open.splice(open.indexOf(g), 1);
          done.push([...g.parts.entries()].sort(([a], [b]) => a - b).map(([, b]) => utf16be(b)).join(''));
        }
      }
      return done;
    },
    output,
    async dispose() {
      await kannel.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return kannel;
}
