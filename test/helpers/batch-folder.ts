import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { ACK_FORMAT, ackText, batchFileNames, batchIdFromManifestFile, parseJournalBody, parseManifestText, parseStationSlip, type BatchManifest, type JournalEntry } from '../../shared/journal';
import { sha256, verifyStationSignature } from '../../src-main/core/station-key';

export interface ReadBatch {
  manifest: BatchManifest;
  manifestBytes: Buffer;
  entries: JournalEntry[];
  files: Record<'body' | 'manifest' | 'signature', Buffer>;
}

/**
 * Every batch in a folder, checked as headquarters would: the signature with the slip's key, the
 * body's hash and count, and, across batches, consecutive ranges from 1 linked manifest to manifest.
 */
export function readBatchFolder(folder: string, slipText: string): ReadBatch[] {
  const slip = parseStationSlip(slipText);
  if (!slip.ok) throw new Error(slip.problem);
  const key = Buffer.from(slip.slip.publicKey, 'base64');
  const ids = readdirSync(folder)
    .map((f) => batchIdFromManifestFile(f))
    .filter((id): id is string => id !== null);
  const batches = ids.map((id) => {
    const names = batchFileNames(id);
    const files = {
      body: readFileSync(path.join(folder, names.body)),
      manifest: readFileSync(path.join(folder, names.manifest)),
      signature: readFileSync(path.join(folder, names.signature)),
    };
    const m = parseManifestText(files.manifest.toString('utf8'));
    if (!m.ok) throw new Error(`${id}: ${m.problem}`);
    expect(verifyStationSignature(key, files.manifest, files.signature.toString('latin1').trim()), `${id} signature`).toBe(true);
    expect(sha256(files.body).toString('hex')).toBe(m.value.bodySha256);
    const body = parseJournalBody(files.body.toString('utf8'));
    if (!body.ok) throw new Error(`${id} line ${body.line}: ${body.problem}`);
    expect(body.entries.map((e) => e.seq)).toEqual(Array.from({ length: m.value.count }, (_, i) => m.value.firstSeq + i));
    expect(m.value.lastSeq - m.value.firstSeq + 1).toBe(m.value.count);
    return { manifest: m.value, manifestBytes: files.manifest, entries: body.entries, files };
  });
  batches.sort((a, b) => a.manifest.firstSeq - b.manifest.firstSeq);
  let next = 1;
  let prev: string | null = null;
  for (const b of batches) {
    expect(b.manifest.firstSeq, `${b.manifest.batchId} starts where the previous one ended`).toBe(next);
    expect(b.manifest.prevManifestSha256).toBe(prev);
    next = b.manifest.lastSeq + 1;
    prev = sha256(b.manifestBytes).toString('hex');
  }
  return batches;
}

/** The acknowledgement headquarters writes for a batch it ingested. */
export function ackFor(b: ReadBatch, ackedAt = '2026-11-26T08:00:00.000Z'): string {
  const m = b.manifest;
  return ackText({ format: ACK_FORMAT, branch: m.branch, station: m.station, batchId: m.batchId, lastSeq: m.lastSeq, manifestSha256: sha256(b.manifestBytes).toString('hex'), ackedAt });
}
