import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ingestCommand } from '../../hq/commands/ingest.command';
import { entryCopyLine } from '../../hq/db/apply.repo';
import { connectHq } from '../../hq/db/connection';
import { copyRows } from '../../hq/db/copy';
import { migrateHq } from '../../hq/db/migrate';
import { registerStationCommand } from '../../hq/commands/register-station.command';
import { batchIdFromManifestFile, batchFileNames, parseJournalBody } from '../../shared/journal';
import { captureIo } from '../helpers/hq';
import { TestStation, nationalCode } from '../helpers/journal-batches';
import { type PgCluster, startPg } from '../helpers/pg';

/**
 * Issue 8 item 5: headquarters ingest of 1,000,000 journal entries from 100 stations (signed
 * batches of 10,000 on disk: read, signature, body hash, schema of every entry, contiguity, anchors,
 * COPY into the history, fold into accounts, acknowledgement files), as a ratio to a raw COPY of
 * the same rows into a table of the same shape, measured in the same run on the same cluster.
 * Goal: ratio (COPY time / ingest time) ≥ 0.3. HQ_BENCH_ENTRIES scales it down for a quick look.
 */
const TOTAL = Number(process.env.HQ_BENCH_ENTRIES ?? 1_000_000);
const STATIONS = 100;
const PER_STATION = Math.ceil(TOTAL / STATIONS);
const PER_BATCH = 10_000;

let cluster: PgCluster;
let dir: string;
const stations: TestStation[] = [];

beforeAll(async () => {
  cluster = await startPg();
  dir = mkdtempSync(path.join(os.tmpdir(), 'hq-bench-'));
  let n = 0;
  for (let s = 0; s < STATIONS; s++) {
    const st = new TestStation(String(1000 + Math.floor(s / 4)), 1 + (s % 4));
    stations.push(st);
    for (let done = 0; done < PER_STATION; done += PER_BATCH) {
      const size = Math.min(PER_BATCH, PER_STATION - done);
      st.writeBatch(dir, st.registrations(Array.from({ length: size }, () => nationalCode(++n))));
    }
  }
});

afterAll(async () => {
  await cluster?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it(`ingest of ${TOTAL} journal entries from ${STATIONS} stations, as a ratio to a raw COPY of the same rows`, async () => {
  // Baseline: the same rows, already as COPY lines (untimed), COPY'd into hq_entries of a fresh
  // database (same columns, key and index), one COPY and transaction per batch.
  const raw = await connectHq(await cluster.createDatabase());
  await migrateHq(raw);
  const batchIds = readdirSync(dir).map(batchIdFromManifestFile).filter((id): id is string => id !== null);
  let copyMs = 0;
  let copied = 0;
  for (const id of batchIds) {
    const parsed = parseJournalBody(readFileSync(path.join(dir, batchFileNames(id).body), 'utf8'));
    if (!parsed.ok) throw new Error(parsed.problem);
    const lines = parsed.entries.map((e) => entryCopyLine(e));
    const t0 = performance.now();
    await raw.query('BEGIN');
    copied += await copyRows(raw, 'hq_entries', ['branch', 'station', 'seq', 'kind', 'record_type', 'record_id', 'state', 'at', 'actor', 'audit_id', 'audit_hash'], lines);
    await raw.query('COMMIT');
    copyMs += performance.now() - t0;
  }
  await raw.end();

  const hq = await connectHq(await cluster.createDatabase());
  await migrateHq(hq);
  for (const st of stations) await registerStationCommand(hq, st.slip, captureIo());
  const io = captureIo();
  const t0 = performance.now();
  await ingestCommand(hq, dir, dir, io);
  const ingestMs = performance.now() - t0;
  const counts = await hq.query('SELECT (SELECT count(*) FROM hq_entries)::int AS entries, (SELECT count(*) FROM hq_accounts)::int AS accounts');
  await hq.end();

  const ratio = copyMs / ingestMs;
  console.log(
    `\nraw COPY (baseline): ${copied} rows in ${(copyMs / 1000).toFixed(1)} s` +
      `\nhq ingest: ${counts.rows[0].entries} entries, ${counts.rows[0].accounts} accounts in ${(ingestMs / 1000).toFixed(1)} s` +
      `\nratio COPY time / ingest time: ${ratio.toFixed(2)} (goal ≥ 0.3)`,
  );
  expect(copied).toBe(STATIONS * PER_STATION);
  expect(counts.rows[0]).toEqual({ entries: STATIONS * PER_STATION, accounts: STATIONS * PER_STATION });
});
