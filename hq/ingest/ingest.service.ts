/**
 * Ingest of one batch (issue 8 item 4): verify everything, then apply it in one transaction under
 * the station's row lock, or refuse it with a reason and apply nothing.
 */
import { type Ack, type JournalRefusal, ackText, batchIdFromManifestFile } from '../../shared/journal';
import { foldAccounts, foldIdentifiers, insertEntries } from '../db/apply.repo';
import { findBatch, insertBatch, recordRefusal } from '../db/batches.repo';
import { type HqClient, inTransaction } from '../db/connection';
import { advanceStation, findStation, lockStation } from '../db/stations.repo';
import { checkAnchors, checkBody, checkClaimedSize, checkSignature, sha256Hex } from './check-batch';
import { readBodyAndSignature, readManifest } from './read-batch';
import { BatchRefused, refuse } from './refusal';

export type IngestOutcome =
  | { batchId: string; status: 'accepted'; count: number; ackText: string; ack: Ack }
  | { batchId: string; status: 'already'; ackText: string }
  | { batchId: string; status: 'refused'; refusal: JournalRefusal };

/** INGEST: one batch of `dir`, by id. Never throws for a bad batch: it is refused with a code. */
export async function ingestBatch(client: HqClient, dir: string, batchId: string, now: () => Date): Promise<IngestOutcome> {
  let where: { branch: string | null; station: number | null } = { branch: null, station: null };
  try {
    const { manifest, manifestBytes } = readManifest(dir, batchId);
    where = { branch: manifest.branch, station: manifest.station };
    checkClaimedSize(manifest);
    const station = await findStation(client, manifest.branch, manifest.station);
    if (!station) return refuse('UNKNOWN_STATION', `station ${manifest.station} of branch ${manifest.branch} is not registered`);
    const { body, signatureText } = readBodyAndSignature(dir, batchId);
    checkSignature(manifestBytes, signatureText, station.publicKey);
    const entries = checkBody(manifest, body);
    const manifestSha256 = sha256Hex(manifestBytes);

    return await inTransaction(client, async () => {
      const locked = await lockStation(client, manifest.branch, manifest.station);
      if (!locked) return refuse('UNKNOWN_STATION', `station ${manifest.station} of branch ${manifest.branch} is not registered`);
      const stored = await findBatch(client, batchId);
      if (stored) {
        // The same content (a repeat, or a re-export of it with a new manifest time): same answer.
        if (stored.bodySha256 === manifest.bodySha256) return { batchId, status: 'already' as const, ackText: stored.ackText };
        return refuse('REPLAY_DIFFERENT', `batch ${batchId} was ingested before with other content (manifest ${stored.manifestSha256})`);
      }
      if (manifest.firstSeq <= locked.lastSeq) {
        return refuse(
          'REPLAY_DIFFERENT',
          `sequences ${manifest.firstSeq}–${manifest.lastSeq} overlap what was ingested (up to ${locked.lastSeq}) with other content`,
        );
      }
      if (manifest.firstSeq !== locked.lastSeq + 1) {
        return refuse('SEQUENCE_GAP', `the batch starts at ${manifest.firstSeq}; expected ${locked.lastSeq + 1}`, locked.lastSeq + 1);
      }
      if (manifest.prevManifestSha256 !== locked.lastManifestSha256) {
        return refuse(
          'BROKEN_LINK',
          `the batch links to manifest ${manifest.prevManifestSha256 ?? 'none'}; the last ingested is ${locked.lastManifestSha256 ?? 'none'}`,
        );
      }
      const lastAnchor = locked.lastAuditId === null ? null : { id: locked.lastAuditId, hash: locked.lastAuditHash ?? '' };
      const anchor = checkAnchors(lastAnchor, entries);

      await insertEntries(client, entries);
      await foldAccounts(client, manifest.branch, manifest.station, manifest.firstSeq, manifest.lastSeq);
      await foldIdentifiers(client, manifest.branch, manifest.station, manifest.firstSeq, manifest.lastSeq);
      const ack: Ack = {
        format: 'hq-ack/1',
        branch: manifest.branch,
        station: manifest.station,
        batchId,
        lastSeq: manifest.lastSeq,
        manifestSha256,
        ackedAt: now().toISOString(),
      };
      const text = ackText(ack);
      await insertBatch(client, {
        ...manifest,
        batchId,
        manifestText: manifestBytes.toString('utf8'),
        manifestSha256,
        signature: signatureText.trim(),
        ackText: text,
      });
      await advanceStation(client, {
        branch: manifest.branch,
        station: manifest.station,
        lastSeq: manifest.lastSeq,
        manifestSha256,
        auditId: anchor?.id ?? null,
        auditHash: anchor?.hash ?? null,
      });
      return { batchId, status: 'accepted' as const, count: entries.length, ackText: text, ack };
    });
  } catch (e) {
    if (!(e instanceof BatchRefused)) throw e;
    await recordRefusal(client, { ...where, batchId }, e.refusal);
    return { batchId, status: 'refused', refusal: e.refusal };
  }
}

/** The batches in a folder, by their manifests, in the order they apply: station, then sequence. */
export function batchIdsIn(fileNames: readonly string[]): string[] {
  const ids = fileNames.map(batchIdFromManifestFile).filter((id): id is string => id !== null);
  const key = (id: string) => id.split('-').map(Number);
  return ids.sort((a, b) => {
    const [ab, as, af] = key(a) as [number, number, number];
    const [bb, bs, bf] = key(b) as [number, number, number];
    return ab - bb || as - bs || af - bf;
  });
}
