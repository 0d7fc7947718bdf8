import {
  BATCH_FORMAT,
  MAX_BATCH_BYTES,
  MAX_BATCH_ENTRIES,
  batchFileNames,
  batchIdOf,
  formatJournalBody,
  manifestText,
  parseJournalEntry,
  type BatchManifest,
  type JournalEntry,
} from '../../shared/journal';
import { AppError } from '../../shared/errors';
import { checkExportFolder, removeStaleTemps, writeFileAtomically } from '../core/export-folder';
import { sha256, signWithStationKey } from '../core/station-key';
import { schemaVersion, type Db } from '../db/connection';
import { isUniqueViolation } from '../db/errors';
import { batchesToWrite, insertBatch, lastBatch, type BatchRecord } from '../db/journal-batches.repo';
import { journalRange, lastJournalSeq, type JournalRow } from '../db/journal.repo';
import { audit, inTx, type Actor, type ServiceEnv } from './env';
import { thisStation } from './station-identity.service';

const READ_CHUNK = 5000;

export interface ExportProgress {
  /** preparing: new batches are cut and signed; writing: batch files go to the folder. */
  phase: 'preparing' | 'writing';
  done: number;
  total: number;
}

export interface ExportResult {
  batches: string[];
  entries: number;
  lastSeq: number;
}

/** The station whose journal is cut: its row id, branch code and number. */
export interface Station {
  id: number;
  branch: string;
  number: number;
}

/** A journal row as the batch format's entry; an entry that fails the shared schema is never signed. */
function toEntry(r: JournalRow): JournalEntry {
  const parsed = parseJournalEntry({
    seq: r.seq,
    branch: r.branchCode,
    station: r.stationNumber,
    kind: r.kind,
    record: { type: r.recordType, id: r.recordId },
    state: JSON.parse(r.state) as unknown,
    at: r.at,
    actor: r.actor,
    audit: r.auditId === null ? null : { id: r.auditId, hash: r.auditHash },
  });
  if (!parsed.ok) throw new AppError('JOURNAL_DAMAGED', { seq: r.seq, problem: parsed.problem });
  return parsed.entry;
}

/**
 * The body of consecutive entries from `fromSeq`, at most up to `maxSeq`, cut at `maxEntries`
 * (50,000 for a folder; the live link cuts smaller) or before 16 MiB. A missing sequence number
 * is a damaged journal, never a silent skip.
 */
async function readBody(
  db: Db,
  station: Station,
  fromSeq: number,
  maxSeq: number,
  maxEntries = MAX_BATCH_ENTRIES,
): Promise<{ body: string; lastSeq: number; count: number }> {
  let body = '';
  let bytes = 0;
  let next = fromSeq;
  while (next <= maxSeq && next - fromSeq < maxEntries) {
    const limit = Math.min(READ_CHUNK, maxEntries - (next - fromSeq));
    const rows = await journalRange(db, station.id, next, maxSeq, limit);
    if (rows.length === 0) throw new AppError('JOURNAL_DAMAGED', { seq: next });
    for (const r of rows) {
      if (r.seq !== next) throw new AppError('JOURNAL_DAMAGED', { seq: next });
      const line = formatJournalBody([toEntry(r)]);
      const size = Buffer.byteLength(line, 'utf8');
      if (bytes + size > MAX_BATCH_BYTES) {
        if (next === fromSeq) throw new AppError('JOURNAL_DAMAGED', { seq: next });
        return { body, lastSeq: next - 1, count: next - fromSeq };
      }
      body += line;
      bytes += size;
      next++;
    }
  }
  return { body, lastSeq: next - 1, count: next - fromSeq };
}

/**
 * Cuts the entries after the newest batch into new batches: consecutive, never overlapping (a
 * batch starts where the previous one ended, and the database refuses two from the same point),
 * each linked to the previous manifest and signed with the station key, then recorded, so that
 * an export repeated before headquarters acknowledges it writes the same bytes.
 */
export async function cutBatches(
  env: ServiceEnv,
  actor: Actor,
  station: Station,
  onProgress: (p: ExportProgress) => void = () => undefined,
  maxEntries = MAX_BATCH_ENTRIES,
): Promise<void> {
  const start = (await lastBatch(env.db, station.id))?.lastSeq ?? 0;
  for (;;) {
    const prev = await lastBatch(env.db, station.id);
    const firstSeq = (prev?.lastSeq ?? 0) + 1;
    const end = await lastJournalSeq(env.db, station.id);
    onProgress({ phase: 'preparing', done: firstSeq - 1 - start, total: end - start });
    if (firstSeq > end) return;
    const { body, lastSeq, count } = await readBody(env.db, station, firstSeq, end, maxEntries);
    const range = { branch: station.branch, station: station.number, firstSeq, lastSeq };
    const manifest: BatchManifest = {
      format: BATCH_FORMAT,
      batchId: batchIdOf(range),
      ...range,
      count,
      bodySha256: sha256(body).toString('hex'),
      prevManifestSha256: prev?.manifestSha256 ?? null,
      schemaVersion: schemaVersion(),
      createdAt: env.clock.now().toISOString(),
    };
    const text = manifestText(manifest);
    const record: BatchRecord = {
      batchId: manifest.batchId,
      stationId: station.id,
      firstSeq,
      lastSeq,
      count,
      bodySha256: manifest.bodySha256,
      manifest: text,
      manifestSha256: sha256(text).toString('hex'),
      signature: signWithStationKey(env.keys, Buffer.from(text, 'utf8')),
      createdAt: manifest.createdAt,
      ackedAt: null,
    };
    try {
      await inTx(env, async (tx) => {
        // Another export (a second counter, the CLI) may have cut from here meanwhile: go round.
        if (((await lastBatch(tx, station.id))?.lastSeq ?? 0) !== firstSeq - 1) return;
        await insertBatch(tx, record);
        await audit(tx, env, actor, { action: 'journal.batch-created', subjectType: 'batch', subjectId: record.batchId, details: { count } });
      });
    } catch (e) {
      if (!isUniqueViolation(e, 'journal_batches')) throw e;
    }
  }
}

/** This machine's station, which signs its journal's batches (refused before setup or without its key). */
export async function signingStation(env: ServiceEnv): Promise<Station> {
  const here = await thisStation(env);
  if (!here) throw new AppError('SETUP_REQUIRED');
  if (!env.keys.readSealed('station-signing-key')) throw new AppError('STATION_KEY_MISSING');
  return { id: here.station.id, branch: here.branch.code, number: here.station.stationNumber };
}

/** The body of a recorded batch, made again from the journal; it must hash as it did when signed. */
export async function bodyOf(db: Db, station: Station, b: BatchRecord): Promise<string> {
  const { body, lastSeq } = await readBody(db, station, b.firstSeq, b.lastSeq, b.count);
  if (lastSeq !== b.lastSeq || sha256(body).toString('hex') !== b.bodySha256) throw new AppError('JOURNAL_DAMAGED', { batch: b.batchId });
  return body;
}

/**
 * Issue 8: writes the batches headquarters has not acknowledged (or, with `sinceSeq`, every batch
 * ending at or after it) to a folder — a USB stick for a branch with no line. Each file goes to a
 * temporary name and is renamed, the manifest last, so a reader never sees half a batch and an
 * export killed half way leaves nothing that the next export does not write again, byte for byte.
 */
export async function exportJournal(
  env: ServiceEnv,
  actor: Actor,
  folder: string,
  opts: { sinceSeq?: number; onProgress?: (p: ExportProgress) => void } = {},
): Promise<ExportResult> {
  checkExportFolder(folder);
  const station = await signingStation(env);
  const onProgress = opts.onProgress ?? (() => undefined);
  removeStaleTemps(folder);
  await cutBatches(env, actor, station, onProgress);
  const batches = await batchesToWrite(env.db, station.id, opts.sinceSeq ?? null);
  const total = batches.reduce((n, b) => n + b.count, 0);
  let done = 0;
  onProgress({ phase: 'writing', done, total });
  for (const b of batches) {
    const names = batchFileNames(b.batchId);
    writeFileAtomically(folder, names.body, await bodyOf(env.db, station, b));
    writeFileAtomically(folder, names.signature, `${b.signature}\n`);
    writeFileAtomically(folder, names.manifest, b.manifest);
    done += b.count;
    onProgress({ phase: 'writing', done, total });
  }
  return { batches: batches.map((b) => b.batchId), entries: total, lastSeq: await lastJournalSeq(env.db, station.id) };
}
