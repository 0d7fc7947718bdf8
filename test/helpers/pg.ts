import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

/** Where Debian's PostgreSQL 15 server binaries live (PG_BIN overrides it). */
export const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

/**
 * Null when a throwaway cluster can be started here, else why not. Under CI=true the tests never
 * skip: they run and fail loudly instead, because `.ci/run` installs PostgreSQL.
 */
export function pgSkipReason(): string | null {
  if (process.env.CI === 'true') return null;
  for (const bin of ['initdb', 'pg_ctl', 'postgres']) {
    if (!existsSync(path.join(PG_BIN, bin))) {
      const reason = `PostgreSQL tests SKIPPED: ${path.join(PG_BIN, bin)} is missing (apt-get install postgresql, or set PG_BIN)`;
      console.warn(`\n*** ${reason} ***\n`);
      return reason;
    }
  }
  return null;
}

export interface PgCluster {
  /** The maintenance database, as the superuser `postgres`. */
  adminUrl: string;
  port: number;
  /** CREATE DATABASE with a fresh name; returns its URL (one per test). */
  createDatabase(): Promise<string>;
  /** Stops the server (fast, then SIGKILL if it does not go) and removes its folder. */
  stop(): Promise<void>;
  /** Stops the server cleanly, copies its data folder to `dest` (a template for `startPg`), and starts it again. */
  copyDataTo(dest: string): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function postgresIds(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  if (!line) throw new Error('running as root, but there is no `postgres` user to run the server as (initdb refuses root)');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

/**
 * A throwaway PostgreSQL 15 cluster in a temp folder on a free 127.0.0.1 port, trust auth, fsync
 * off (test speed). initdb refuses root, so as root the folders belong to `postgres` and the
 * binaries run through runuser; otherwise they run directly as the current user. With
 * `template` (a data folder saved by `copyDataTo`), the cluster starts on a copy of it instead
 * of an empty one (the benchmark's cached million accounts).
 */
export async function startPg(opts: { template?: string } = {}): Promise<PgCluster> {
  const asRoot = process.getuid?.() === 0;
  const base = mkdtempSync(path.join(os.tmpdir(), 'desk-pg-'));
  const data = path.join(base, 'data');
  const sock = path.join(base, 'sock');
  const logFile = path.join(base, 'server.log');
  mkdirSync(sock);
  const ids = asRoot ? postgresIds() : null;
  if (ids) for (const p of [base, sock]) chownSync(p, ids.uid, ids.gid);
  const pgRun = (bin: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', path.join(PG_BIN, bin), ...args]) : run(path.join(PG_BIN, bin), args);

  let started = false;
  // If the test process dies before afterAll, the server must not outlive it.
  const onExit = () => killPostmaster(data);
  process.once('exit', onExit);
  const stop = async () => {
    process.removeListener('exit', onExit);
    if (started) {
      started = false;
      try {
        await pgRun('pg_ctl', ['-D', data, '-m', 'immediate', '-w', '-t', '10', 'stop']);
      } catch {
        killPostmaster(data);
      }
    }
    rmSync(base, { recursive: true, force: true });
  };

  try {
    // cp -a keeps the owner (postgres, when the copy is made as root) and the 0700 mode initdb set.
    if (opts.template) await run('cp', ['-a', opts.template, data]);
    else await pgRun('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
    const port = await freePort();
    const serverOpts = `-p ${port} -k ${sock} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c synchronous_commit=off`;
    const start = () => pgRun('pg_ctl', ['-D', data, '-l', logFile, '-w', '-t', '30', '-o', serverOpts, 'start']);
    started = true;
    await start();
    const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
    let n = 0;
    return {
      adminUrl,
      port,
      async createDatabase() {
        const name = `desk_${process.pid}_${++n}_${Date.now() % 100000}`;
        const c = new pg.Client({ connectionString: adminUrl });
        await c.connect();
        try {
          await c.query(`CREATE DATABASE ${name}`);
        } finally {
          await c.end();
        }
        return `postgres://postgres@127.0.0.1:${port}/${name}`;
      },
      stop,
      async copyDataTo(dest) {
        await pgRun('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '60', 'stop']);
        try {
          await run('cp', ['-a', data, dest]);
        } finally {
          await start();
        }
      },
    };
  } catch (e) {
    const log = existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-2000) : '';
    await stop();
    throw new Error(`could not start PostgreSQL: ${e instanceof Error ? e.message : String(e)}\n${log}`);
  }
}

/** Last resort: SIGKILL the postmaster named in postmaster.pid (its children exit with it). */
function killPostmaster(data: string): void {
  const pidFile = path.join(data, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (pid > 0) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
