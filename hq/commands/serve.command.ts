import { readFileSync } from 'node:fs';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type HqPool, openHqPool, withPooled } from '../db/connection';
import { pendingMigrations } from '../db/migrate';
import { readHqKey } from '../link/hq-key';
import { closeReceiver, createReceiver } from '../link/server';
import { CommandStop, type Io } from './io';

export interface ServeArgs {
  databaseUrl: string;
  hqKey?: string;
  port?: string;
  host?: string;
  tlsCert?: string;
  tlsKey?: string;
  insecureLoopback?: boolean;
  timeout?: string;
}

/** Batches checked and applied at once (the machine's cores); the others wait their turn. */
const INGEST_SLOTS = 2;
const LOOPBACK = '127.0.0.1';

function readPem(file: string, what: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    throw new CommandStop(`cannot read the TLS ${what} ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

function integer(text: string | undefined, name: string, min: number, max: number, fallback?: number): number {
  if (text === undefined && fallback !== undefined) return fallback;
  const n = Number(text);
  if (text === undefined || !/^[0-9]+$/.test(text) || n < min || n > max) throw new CommandStop(`--${name} must be a whole number ${min}–${max}`);
  return n;
}

/** The TLS pair, or null for plain HTTP — which is allowed only on 127.0.0.1 and only when asked for. */
function transport(a: ServeArgs, host: string): { cert: Buffer; key: Buffer } | null {
  if (a.insecureLoopback) {
    if (a.tlsCert || a.tlsKey) throw new CommandStop('--insecure-loopback serves plain HTTP: give it or --tls-cert/--tls-key, not both');
    if (host !== LOOPBACK) {
      throw new CommandStop(`refused: --insecure-loopback serves plain HTTP only on ${LOOPBACK} (not on ${host}); a receiver reachable from elsewhere needs --tls-cert and --tls-key`);
    }
    return null;
  }
  if (!a.tlsCert || !a.tlsKey) {
    throw new CommandStop('serve needs --tls-cert PEM and --tls-key PEM (HTTPS); plain HTTP only with --insecure-loopback on 127.0.0.1 (tests, training)');
  }
  return { cert: readPem(a.tlsCert, 'certificate'), key: readPem(a.tlsKey, 'key') };
}

function listen(server: http.Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.removeListener('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

/** SERVE: the HTTPS receiver of the live link, until `stop` resolves (SIGTERM); then it finishes
 * the requests in progress and closes. */
export async function serveCommand(a: ServeArgs, io: Io, stop: Promise<unknown>): Promise<void> {
  const host = a.host ?? (a.insecureLoopback ? LOOPBACK : '0.0.0.0');
  const tls = transport(a, host);
  const port = integer(a.port, 'port', 0, 65535);
  const timeoutMs = 1000 * integer(a.timeout, 'timeout', 1, 300, 10);
  if (!a.hqKey) throw new CommandStop("serve needs --hq-key FILE (headquarters' private key, from `keygen`): it signs the acknowledgements");
  let key;
  try {
    key = readHqKey(a.hqKey);
  } catch (e) {
    throw new CommandStop((e as Error).message);
  }
  const pool: HqPool = openHqPool(a.databaseUrl, INGEST_SLOTS + 2);
  try {
    const pending = await withPooled(pool, (c) => pendingMigrations(c)).catch((e: Error) => {
      throw new CommandStop(`cannot connect to headquarters' database: ${e.message}`);
    });
    if (pending.length > 0) throw new CommandStop(`the database is not migrated (pending: ${pending.join(', ')}); run: npm run hq -- migrate`);
    let server: http.Server;
    try {
      server = createReceiver({ pool, key, tls, timeoutMs, ingestSlots: INGEST_SLOTS, log: (l) => io.out(`${new Date().toISOString()} ${l}\n`) });
    } catch (e) {
      throw new CommandStop(`the TLS certificate or key is not usable: ${(e as Error).message}`);
    }
    const addr = await listen(server, port, host).catch((e: NodeJS.ErrnoException) => {
      throw new CommandStop(`cannot listen on ${host}:${port}: ${e.code ?? e.message}`);
    });
    io.out(`listening on ${tls ? 'https' : 'http'}://${host}:${addr.port}\n`);
    io.out(`headquarters key fingerprint ${key.fingerprint}\n`);
    await stop;
    io.out('stopping: finishing the requests in progress\n');
    await closeReceiver(server, timeoutMs);
    io.out('stopped\n');
  } finally {
    await pool.end().catch(() => undefined);
  }
}
