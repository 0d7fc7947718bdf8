import type { JournalRefusal } from '../../shared/journal';
import { escapeUntrusted } from '../../shared/text/escape-untrusted';
import type { HqClient } from './connection';

export interface StoredBatch {
  batchId: string;
  manifestSha256: string;
  bodySha256: string;
  ackText: string;
}

export async function findBatch(client: HqClient, batchId: string): Promise<StoredBatch | null> {
  const r = await client.query<{ batch_id: string; manifest_sha256: string; body_sha256: string; ack_text: string }>(
    'SELECT batch_id, manifest_sha256, body_sha256, ack_text FROM hq_batches WHERE batch_id = $1',
    [batchId],
  );
  const row = r.rows[0];
  return row ? { batchId: row.batch_id, manifestSha256: row.manifest_sha256, bodySha256: row.body_sha256, ackText: row.ack_text } : null;
}

export async function insertBatch(
  client: HqClient,
  b: {
    branch: string;
    station: number;
    firstSeq: number;
    lastSeq: number;
    batchId: string;
    count: number;
    manifestText: string;
    manifestSha256: string;
    bodySha256: string;
    prevManifestSha256: string | null;
    signature: string;
    ackText: string;
  },
): Promise<void> {
  await client.query(
    `INSERT INTO hq_batches (branch, station, first_seq, last_seq, batch_id, entry_count, manifest_text, manifest_sha256,
       body_sha256, prev_manifest_sha256, signature, ack_text) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [b.branch, b.station, b.firstSeq, b.lastSeq, b.batchId, b.count, b.manifestText, b.manifestSha256, b.bodySha256, b.prevManifestSha256, b.signature, b.ackText],
  );
}

/** Kept outside the refused batch's transaction (which rolled back), for `conflicts` and the operator;
 * the detail escaped again here, so no NUL ever reaches PostgreSQL (it refuses one in text). */
export async function recordRefusal(
  client: HqClient,
  where: { branch: string | null; station: number | null; batchId: string | null },
  refusal: JournalRefusal,
): Promise<void> {
  await client.query('INSERT INTO hq_refusals (branch, station, batch_id, code, detail, expected) VALUES ($1, $2, $3, $4, $5, $6)', [
    where.branch,
    where.station,
    where.batchId,
    refusal.code,
    escapeUntrusted(refusal.detail),
    refusal.expected ?? null,
  ]);
}
