import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ingestCommand } from '../../hq/commands/ingest.command';
import { registerStationCommand } from '../../hq/commands/register-station.command';
import { entryCopyLine } from '../../hq/db/apply.repo';
import { type HqClient, connectHq } from '../../hq/db/connection';
import { copyRows } from '../../hq/db/copy';
import { migrateHq } from '../../hq/db/migrate';
import { batchFileNames, batchIdFromManifestFile, parseJournalBody } from '../../shared/journal';
import { captureIo } from '../helpers/hq';
import { TestStation, nationalCode } from '../helpers/journal-batches';
import { type PgCluster, startPg } from '../helpers/pg';
import { figure, recordFigures } from './lib/results';

/**
 * Issue 8 item 5: headquarters ingest of 1,000,000 journal entries from 100 stations (signed
 * batches of 10,000 on disk: read, signature, body hash, count, schema and canonical form of every
 * entry, contiguity, hash link, anchors, COPY into the history, fold into accounts,
 * acknowledgement files), as a ratio to a raw COPY of the same rows into a table of the same
 * shape (same columns, key and index, one COPY and transaction per batch), on the same cluster.
 * Goal: COPY time / ingest time ≥ 0.3.
 *
 * Sound on a busy machine: the stations are split into rounds, and each round times the baseline
 * and the ingest of the same rows back to back (alternating which goes first), so drift in the
 * machine's load falls on both; the figure is the median of the rounds' ratios (min and max
 * printed), next to the ratio of the totals. CPU seconds of this process and of each database
 * backend are printed too: they show where the time goes when the wall clock is noisy.
 * HQ_BENCH_ENTRIES scales it down for a quick look.
 */
const TOTAL = Number(process.env.HQ_BENCH_ENTRIES ?? 1_000_000);
const STATIONS = 100;
const ROUNDS = 10;
const PER_STATION = Math.ceil(TOTAL / STATIONS);
const PER_BATCH = 10_000;
const ENTRY_COLUMNS = ['branch', 'station', 'seq', 'kind', 'record_type', 'record_id', 'state', 'at', 'actor', 'audit_id', 'audit_hash'];

let cluster: PgCluster;
let base: string;
const stations: TestStation[] = [];
const roundDirs: string[] = [];

beforeAll(async () => {
  cluster = await startPg();
  base = mkdtempSync(path.join(os.tmpdir(), 'hq-bench-'));
  let n = 0;
  for (let s = 0; s < STATIONS; s++) {
    const st = new TestStation(String(1000 + Math.floor(s / 4)), 1 + (s % 4));
    stations.push(st);
    const dir = path.join(base, `round-${s % ROUNDS}`);
    mkdirSync(dir, { recursive: true });
    for (let done = 0; done < PER_STATION; done += PER_BATCH) {
      const size = Math.min(PER_BATCH, PER_STATION - done);
      st.writeBatch(dir, st.registrations(Array.from({ length: size }, () => nationalCode(++n))));
    }
  }
  for (let r = 0; r < ROUNDS; r++) roundDirs.push(path.join(base, `round-${r}`));
});

afterAll(async () => {
  await cluster?.stop();
  if (base) rmSync(base, { recursive: true, force: true });
});

/** CPU milliseconds (user + system) of a database connection's backend process. */
async function backendCpu(client: HqClient): Promise<() => number> {
  const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
  return () => {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks of 10 ms
  };
}
const selfCpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

interface Spent {
  wall: number;
  node: number;
  pg: number;
}
const zero = (): Spent => ({ wall: 0, node: 0, pg: 0 });

async function measure(pgCpu: () => number, into: Spent, fn: () => Promise<void>): Promise<number> {
  const [w0, n0, p0] = [performance.now(), selfCpu(), pgCpu()];
  await fn();
  const wall = performance.now() - w0;
  into.wall += wall;
  into.node += selfCpu() - n0;
  into.pg += pgCpu() - p0;
  return wall;
}

/** The baseline for one round: its rows, already as COPY lines (untimed), one COPY per batch. */
async function rawCopy(raw: HqClient, pgCpu: () => number, dir: string, into: Spent): Promise<{ ms: number; rows: number }> {
  let ms = 0;
  let rows = 0;
  for (const id of readdirSync(dir).map(batchIdFromManifestFile)) {
    if (id === null) continue;
    const parsed = parseJournalBody(readFileSync(path.join(dir, batchFileNames(id).body), 'utf8'));
    if (!parsed.ok) throw new Error(parsed.problem);
    const lines = parsed.entries.map((e) => entryCopyLine(e));
    ms += await measure(pgCpu, into, async () => {
      await raw.query('BEGIN');
      rows += await copyRows(raw, 'hq_entries', ENTRY_COLUMNS, lines);
      await raw.query('COMMIT');
    });
  }
  return { ms, rows };
}

const s = (ms: number) => (ms / 1000).toFixed(1);

it(`ingest of ${TOTAL} journal entries from ${STATIONS} stations, as a ratio to a raw COPY of the same rows`, async () => {
  const raw = await connectHq(await cluster.createDatabase());
  await migrateHq(raw);
  const hq = await connectHq(await cluster.createDatabase());
  await migrateHq(hq);
  for (const st of stations) await registerStationCommand(hq, st.slip, captureIo());
  const [rawCpu, hqCpu] = [await backendCpu(raw), await backendCpu(hq)];

  const copySpent = zero();
  const ingestSpent = zero();
  const ratios: number[] = [];
  const copyRates: number[] = [];
  const ingestRates: number[] = [];
  let copied = 0;
  for (let r = 0; r < ROUNDS; r++) {
    const dir = roundDirs[r]!;
    const ingest = () => measure(hqCpu, ingestSpent, () => ingestCommand(hq, dir, dir, captureIo()));
    let copy: { ms: number; rows: number };
    let ingestMs: number;
    if (r % 2 === 0) {
      copy = await rawCopy(raw, rawCpu, dir, copySpent);
      ingestMs = await ingest();
    } else {
      ingestMs = await ingest();
      copy = await rawCopy(raw, rawCpu, dir, copySpent);
    }
    copied += copy.rows;
    ratios.push(copy.ms / ingestMs);
    copyRates.push(copy.rows / (copy.ms / 1000));
    ingestRates.push(copy.rows / (ingestMs / 1000));
  }
  const counts = await hq.query('SELECT (SELECT count(*) FROM hq_entries)::int AS entries, (SELECT count(*) FROM hq_accounts)::int AS accounts');
  await raw.end();
  await hq.end();

  const sorted = [...ratios].sort((a, b) => a - b);
  const median = (sorted[(ROUNDS - 1) >> 1]! + sorted[ROUNDS >> 1]!) / 2;
  console.log(
    `\nraw COPY (baseline): ${copied} rows in ${s(copySpent.wall)} s (CPU: this process ${s(copySpent.node)} s, postgres ${s(copySpent.pg)} s)` +
      `\nhq ingest: ${counts.rows[0].entries} entries, ${counts.rows[0].accounts} accounts in ${s(ingestSpent.wall)} s` +
      ` (CPU: this process ${s(ingestSpent.node)} s, postgres ${s(ingestSpent.pg)} s)` +
      `\nratio COPY time / ingest time over ${ROUNDS} interleaved rounds: median ${median.toFixed(2)}, min ${sorted[0]!.toFixed(2)},` +
      ` max ${sorted.at(-1)!.toFixed(2)}; of the totals ${(copySpent.wall / ingestSpent.wall).toFixed(2)} (goal ≥ 0.3)`,
  );
  // As rates (entries per second), so that the ratio to the baseline is COPY time / ingest time.
  recordFigures([
    figure(
      { bench: 'hq-ingest', row: `hq ingest of ${TOTAL} entries, ${STATIONS} stations`, engine: 'postgresql', unit: 'entries/s', rounds: ingestRates },
      { what: 'raw COPY', unit: 'entries/s', rounds: copyRates },
      { text: '≥ 0.3× raw COPY', on: 'ratio', at: 0.3, better: 'higher' },
    ),
  ]);
  expect(copied).toBe(STATIONS * PER_STATION);
  expect(counts.rows[0]).toEqual({ entries: STATIONS * PER_STATION, accounts: STATIONS * PER_STATION });
});
