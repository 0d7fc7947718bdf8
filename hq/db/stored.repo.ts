/** Reads what headquarters stored, as it was ingested, for `verify`. */
import type { JournalEntry } from '../../shared/journal';
import type { HqClient } from './connection';

export interface StoredBatchFull {
  batchId: string;
  firstSeq: number;
  lastSeq: number;
  entryCount: number;
  manifestText: string;
  manifestSha256: string;
  bodySha256: string;
  prevManifestSha256: string | null;
  signature: string;
}

export async function batchesOf(client: HqClient, branch: string, station: number): Promise<StoredBatchFull[]> {
  const r = await client.query(
    `SELECT batch_id, first_seq, last_seq, entry_count, manifest_text, manifest_sha256, body_sha256, prev_manifest_sha256, signature
     FROM hq_batches WHERE branch = $1 AND station = $2 ORDER BY first_seq`,
    [branch, station],
  );
  return r.rows.map((b) => ({
    batchId: b.batch_id,
    firstSeq: Number(b.first_seq),
    lastSeq: Number(b.last_seq),
    entryCount: b.entry_count,
    manifestText: b.manifest_text,
    manifestSha256: b.manifest_sha256,
    bodySha256: b.body_sha256,
    prevManifestSha256: b.prev_manifest_sha256,
    signature: b.signature,
  }));
}

/** The stored entries of one range, rebuilt as the branch wrote them. */
export async function entriesOf(client: HqClient, branch: string, station: number, firstSeq: number, lastSeq: number): Promise<JournalEntry[]> {
  const r = await client.query(
    `SELECT seq, kind, record_type, record_id, state, at, actor, audit_id, audit_hash FROM hq_entries
     WHERE branch = $1 AND station = $2 AND seq BETWEEN $3 AND $4 ORDER BY seq`,
    [branch, station, firstSeq, lastSeq],
  );
  return r.rows.map(
    (e) =>
      ({
        seq: Number(e.seq),
        branch,
        station,
        kind: e.kind,
        record: { type: e.record_type, id: e.record_id },
        state: e.state,
        at: e.at,
        actor: e.actor,
        audit: e.audit_id === null ? null : { id: Number(e.audit_id), hash: e.audit_hash },
      }) as JournalEntry,
  );
}

/** Entries stored for a station that no batch of it covers (there must be none). */
export async function entriesOutsideBatches(client: HqClient, branch: string, station: number): Promise<number> {
  const r = await client.query(
    `SELECT count(*)::int AS n FROM hq_entries e WHERE e.branch = $1 AND e.station = $2 AND NOT EXISTS (
       SELECT 1 FROM hq_batches b WHERE b.branch = e.branch AND b.station = e.station AND e.seq BETWEEN b.first_seq AND b.last_seq)`,
    [branch, station],
  );
  return r.rows[0].n as number;
}
