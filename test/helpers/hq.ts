/** Headquarters on a fresh database of a test cluster, driven through its commands. */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runHq } from '../../hq/cli';
import { ingestCommand } from '../../hq/commands/ingest.command';
import { CommandStop, type Io } from '../../hq/commands/io';
import { registerStationCommand } from '../../hq/commands/register-station.command';
import { connectHq, type HqClient } from '../../hq/db/connection';
import { migrateHq } from '../../hq/db/migrate';
import { afterAll, beforeAll } from 'vitest';
import type { TestStation } from './journal-batches';
import { type PgCluster, startPg } from './pg';

export interface CapturedIo extends Io {
  stdout: string;
  stderr: string;
}

export function captureIo(): CapturedIo {
  const io = {
    stdout: '',
    stderr: '',
    out: (t: string) => void (io.stdout += t),
    err: (t: string) => void (io.stderr += t),
  };
  return io;
}

export interface Hq {
  url: string;
  client: HqClient;
  /** A new empty folder (a USB stick). */
  folder(): string;
  register(slip: string): Promise<CapturedIo>;
  /** `ingest DIR`; the exit code it would end with (0, or 2 when a batch was refused). */
  ingest(dir: string): Promise<CapturedIo & { exitCode: number }>;
  /** `npm run hq -- ARGV` on this database. */
  run(argv: string[]): Promise<CapturedIo & { exitCode: number }>;
  /** Every central table's rows, in a stable order: equal snapshots mean nothing changed. */
  snapshot(): Promise<string>;
  close(): Promise<void>;
}

const TABLES: Record<string, string> = {
  hq_stations: 'branch, station',
  hq_batches: 'branch, station, first_seq',
  hq_entries: 'branch, station, seq',
  hq_accounts: 'username, branch',
  hq_identifiers: 'identifier, branch',
  hq_registry: 'username',
};

export async function freshHq(cluster: PgCluster, now: () => Date = () => new Date('2026-12-02T12:00:00.000Z')): Promise<Hq> {
  const url = await cluster.createDatabase();
  const client = await connectHq(url);
  await migrateHq(client);
  const base = mkdtempSync(path.join(os.tmpdir(), 'hq-test-'));
  let n = 0;
  return {
    url,
    client,
    folder: () => mkdtempSync(path.join(base, `usb${++n}-`)),
    async register(slip) {
      const io = captureIo();
      await registerStationCommand(client, slip, io);
      return io;
    },
    async ingest(dir) {
      const io = captureIo();
      try {
        await ingestCommand(client, dir, dir, io, now);
        return { ...io, exitCode: 0 };
      } catch (e) {
        if (!(e instanceof CommandStop)) throw e;
        return { ...io, exitCode: e.exitCode };
      }
    },
    async run(argv) {
      const io = captureIo();
      const exitCode = await runHq([...argv, '--database-url', url], io, {});
      return { ...io, exitCode };
    },
    async snapshot() {
      const parts: string[] = [];
      for (const [table, order] of Object.entries(TABLES)) {
        const r = await client.query(`SELECT * FROM ${table} ORDER BY ${order}`);
        parts.push(`${table}:${JSON.stringify(r.rows)}`);
      }
      return parts.join('\n');
    },
    close: () => client.end(),
  };
}

/**
 * One PostgreSQL cluster for a test file (started before, stopped after) and `hqWith(...stations)`:
 * headquarters on a fresh database with those stations registered from their slips.
 */
export function useHqCluster(): { cluster: () => PgCluster; hqWith: (...stations: TestStation[]) => Promise<Hq> } {
  let cluster: PgCluster | undefined;
  const open: Hq[] = [];
  beforeAll(async () => {
    cluster = await startPg();
  });
  afterAll(async () => {
    for (const hq of open) await hq.close().catch(() => undefined);
    await cluster?.stop();
  });
  const get = () => {
    if (!cluster) throw new Error('the PostgreSQL cluster is not started');
    return cluster;
  };
  return {
    cluster: get,
    async hqWith(...stations) {
      const hq = await freshHq(get());
      open.push(hq);
      for (const s of stations) await hq.register(s.slip);
      return hq;
    },
  };
}
