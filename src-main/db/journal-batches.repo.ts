import type { Q, WriteTx } from './types';
import { num } from './types';

/** A batch as the station made it: its range, its manifest bytes and their signature. */
export interface BatchRecord {
  batchId: string;
  stationId: number;
  firstSeq: number;
  lastSeq: number;
  count: number;
  bodySha256: string;
  manifest: string;
  manifestSha256: string;
  signature: string;
  createdAt: string;
  ackedAt: string | null;
}

interface Row {
  batch_id: string;
  station_id: number;
  first_seq: number;
  last_seq: number;
  entry_count: number;
  body_sha256: string;
  manifest: string;
  manifest_sha256: string;
  signature: string;
  created_at: string;
  acked_at: string | null;
}

function rowToBatch(r: Row): BatchRecord {
  return {
    batchId: r.batch_id,
    stationId: num(r.station_id),
    firstSeq: num(r.first_seq),
    lastSeq: num(r.last_seq),
    count: num(r.entry_count),
    bodySha256: r.body_sha256,
    manifest: r.manifest,
    manifestSha256: r.manifest_sha256,
    signature: r.signature,
    createdAt: r.created_at,
    ackedAt: r.acked_at,
  };
}

/** The station's newest batch (the one the next batch links to), if any. */
export async function lastBatch(q: Q, stationId: number): Promise<BatchRecord | undefined> {
  const r = await q('journal_batches').where({ station_id: stationId }).orderBy('last_seq', 'desc').first<Row | undefined>();
  return r ? rowToBatch(r) : undefined;
}

/** Records a batch; the unique (station, first_seq) refuses a second batch cut from the same point. */
export async function insertBatch(q: WriteTx, b: BatchRecord): Promise<void> {
  await q('journal_batches').insert({
    batch_id: b.batchId,
    station_id: b.stationId,
    first_seq: b.firstSeq,
    last_seq: b.lastSeq,
    entry_count: b.count,
    body_sha256: b.bodySha256,
    manifest: b.manifest,
    manifest_sha256: b.manifestSha256,
    signature: b.signature,
    created_at: b.createdAt,
    acked_at: b.ackedAt,
  });
}

/** Batches of the station in order: those not acknowledged yet, or every one ending at or after `fromSeq`. */
export async function batchesToWrite(q: Q, stationId: number, fromSeq: number | null): Promise<BatchRecord[]> {
  const rows = await q('journal_batches')
    .where({ station_id: stationId })
    .modify((b) => (fromSeq === null ? b.whereNull('acked_at') : b.where('last_seq', '>=', fromSeq)))
    .orderBy('first_seq')
    .select<Row[]>('*');
  return rows.map(rowToBatch);
}

export async function findBatch(q: Q, batchId: string): Promise<BatchRecord | undefined> {
  const r = await q('journal_batches').where({ batch_id: batchId }).first<Row | undefined>();
  return r ? rowToBatch(r) : undefined;
}

/** An acknowledgement covers its batch and every earlier one of the station (batches are a chain). */
export async function markAcked(q: WriteTx, stationId: number, upToSeq: number, at: string): Promise<number> {
  return q('journal_batches').where({ station_id: stationId }).where('last_seq', '<=', upToSeq).whereNull('acked_at').update({ acked_at: at });
}

/** The last sequence headquarters acknowledged for the station (0: none yet) and when. */
export async function ackedUpTo(q: Q, stationId: number): Promise<{ seq: number; at: string | null }> {
  const r = await q('journal_batches')
    .where({ station_id: stationId })
    .whereNotNull('acked_at')
    .orderBy('last_seq', 'desc')
    .first<{ last_seq: number; acked_at: string } | undefined>('last_seq', 'acked_at');
  return r ? { seq: num(r.last_seq), at: r.acked_at } : { seq: 0, at: null };
}

/** The station's oldest batch headquarters has not acknowledged: the next one the live link sends. */
export async function firstUnacked(q: Q, stationId: number): Promise<BatchRecord | undefined> {
  const r = await q('journal_batches').where({ station_id: stationId }).whereNull('acked_at').orderBy('first_seq').first<Row | undefined>();
  return r ? rowToBatch(r) : undefined;
}

/** The station's batch that starts (`edge` first) or ends (`edge` last) at a sequence, if any. */
export async function batchAt(q: Q, stationId: number, edge: 'first' | 'last', seq: number): Promise<BatchRecord | undefined> {
  const r = await q('journal_batches').where({ station_id: stationId, [`${edge}_seq`]: seq }).first<Row | undefined>();
  return r ? rowToBatch(r) : undefined;
}
