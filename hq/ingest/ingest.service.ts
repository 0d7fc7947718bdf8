/**
 * Ingest of one batch (issue 8 item 4): verify everything, then apply it in one transaction under
 * the station's row lock, or refuse it with a reason and apply nothing. The batch comes from a
 * folder or from a POST of the live link (read-batch's BatchSource); both take this one path.
 * Split in two so a folder can be pipelined: `prepareBatch` (files, signature, body — CPU, no lock) of the next batch runs
 * while `applyBatch` of the one before waits on the database.
 */
import { type Ack, type BatchManifest, type JournalEntry, type JournalRefusal, ackText, batchIdFromManifestFile } from '../../shared/journal';
import { foldAccounts, foldIdentifiers, insertEntries } from '../db/apply.repo';
import { findBatch, insertBatch, recordRefusal } from '../db/batches.repo';
import { updateRegistry } from '../db/registry.repo';
import { type HqClient, inTransaction } from '../db/connection';
import { type StationRow, advanceStation, findStation, lockStation, openStop, stopStation } from '../db/stations.repo';
import { checkAnchors, checkBody, checkClaimedSize, checkSignature, sha256Hex } from './check-batch';
import { type BatchSource, folderSource } from './read-batch';
import { BatchRefused, refuse } from './refusal';

export type IngestOutcome =
  | { batchId: string; status: 'accepted'; count: number; ackText: string; ack: Ack }
  | { batchId: string; status: 'already'; ackText: string }
  | { batchId: string | null; status: 'refused'; refusal: JournalRefusal };

/** A batch whose files passed every check that needs no lock. */
export interface PreparedBatch {
  batchId: string;
  manifest: BatchManifest;
  manifestBytes: Buffer;
  manifestSha256: string;
  signatureText: string;
  entries: JournalEntry[];
  lines: string[];
}

type Where = { branch: string | null; station: number | null; batchId: string | null };
export type Prepared = { ok: true; batch: PreparedBatch } | { ok: false; where: Where; refusal: JournalRefusal };

/** A station's key never changes once registered, so one lookup per ingest run is enough. */
export type StationKeys = Map<string, StationRow>;

async function stationKey(client: HqClient, keys: StationKeys, branch: string, station: number): Promise<StationRow | null> {
  const id = `${branch}-${station}`;
  const known = keys.get(id) ?? (await findStation(client, branch, station));
  if (known) keys.set(id, known);
  return known;
}

/** The checks without a lock: manifest, size, station, signature, body hash, count, entries. */
export async function prepareBatch(client: HqClient, source: BatchSource, keys: StationKeys = new Map()): Promise<Prepared> {
  const where: Where = { branch: null, station: null, batchId: source.batchId };
  try {
    const { manifest, manifestBytes } = source.manifest();
    const batchId = manifest.batchId;
    where.batchId = batchId;
    where.branch = manifest.branch;
    where.station = manifest.station;
    checkClaimedSize(manifest);
    const station = await stationKey(client, keys, manifest.branch, manifest.station);
    if (!station) return refuse('UNKNOWN_STATION', `station ${manifest.station} of branch ${manifest.branch} is not registered`);
    const { body, signatureText } = source.bodyAndSignature();
    checkSignature(manifestBytes, signatureText, station.publicKey);
    const { entries, lines } = await checkBody(manifest, body);
    return { ok: true, batch: { batchId, manifest, manifestBytes, manifestSha256: sha256Hex(manifestBytes), signatureText, entries, lines } };
  } catch (e) {
    if (!(e instanceof BatchRefused)) throw e;
    return { ok: false, where, refusal: e.refusal };
  }
}

/** Under the station's row lock: same batch again, replay, gap, link, anchors; then apply. */
async function applyLocked(client: HqClient, b: PreparedBatch, now: () => Date): Promise<IngestOutcome> {
  const { manifest, batchId, entries } = b;
  const locked = await lockStation(client, manifest.branch, manifest.station);
  if (!locked) return refuse('UNKNOWN_STATION', `station ${manifest.station} of branch ${manifest.branch} is not registered`);
  const stored = await findBatch(client, batchId);
  if (stored) {
    // The same content (a repeat, or a re-export of it with a new manifest time): same answer.
    if (stored.bodySha256 === manifest.bodySha256) return { batchId, status: 'already', ackText: stored.ackText };
    return refuse('REPLAY_DIFFERENT', `batch ${batchId} was ingested before with other content (manifest ${stored.manifestSha256})`);
  }
  // A station whose audit chain went back stops there until it is looked into (README).
  const stop = await openStop(client, manifest.branch, manifest.station);
  if (stop) {
    return refuse(
      'AUDIT_ANCHOR_BACKWARDS',
      `station stopped since batch ${stop.batchId} (${stop.detail}); once looked into, \`npm run hq -- resume-station ${manifest.branch} ${manifest.station}\` lets it go on`,
    );
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

  await insertEntries(client, entries, b.lines);
  // The fold reads back the rows just copied: the manifest's station and sequence range.
  const accounts = await foldAccounts(client, manifest, entries, b.lines);
  await foldIdentifiers(client, manifest, entries, b.lines);
  const ack: Ack = {
    format: 'hq-ack/1',
    branch: manifest.branch,
    station: manifest.station,
    batchId,
    lastSeq: manifest.lastSeq,
    manifestSha256: b.manifestSha256,
    ackedAt: now().toISOString(),
  };
  const text = ackText(ack);
  await insertBatch(client, {
    ...manifest,
    batchId,
    manifestText: b.manifestBytes.toString('utf8'),
    manifestSha256: b.manifestSha256,
    signature: b.signatureText.trim(),
    ackText: text,
  });
  await advanceStation(client, {
    branch: manifest.branch,
    station: manifest.station,
    lastSeq: manifest.lastSeq,
    manifestSha256: b.manifestSha256,
    auditId: anchor?.id ?? null,
    auditHash: anchor?.hash ?? null,
  });
  // Last, so the registry's lock is held only for the commit that follows.
  await updateRegistry(client, manifest.branch, accounts);
  return { batchId, status: 'accepted', count: entries.length, ackText: text, ack };
}

/** Applies a prepared batch in one transaction, or records why it was refused. */
export async function applyBatch(client: HqClient, prepared: Prepared, now: () => Date): Promise<IngestOutcome> {
  let refusal: JournalRefusal;
  let where: Where;
  if (prepared.ok) {
    try {
      return await inTransaction(client, () => applyLocked(client, prepared.batch, now));
    } catch (e) {
      if (!(e instanceof BatchRefused)) throw e;
      refusal = e.refusal;
      where = { branch: prepared.batch.manifest.branch, station: prepared.batch.manifest.station, batchId: prepared.batch.batchId };
    }
  } else {
    ({ refusal, where } = prepared);
  }
  await recordRefusal(client, where, refusal);
  if (refusal.code === 'AUDIT_ANCHOR_BACKWARDS' && where.branch !== null && where.station !== null && where.batchId !== null) {
    await stopStation(client, where.branch, where.station, where.batchId, refusal.detail);
  }
  return { batchId: where.batchId, status: 'refused', refusal };
}

/** INGEST: one batch of `dir`, by id. Never throws for a bad batch: it is refused with a code. */
export async function ingestBatch(client: HqClient, dir: string, batchId: string, now: () => Date): Promise<IngestOutcome> {
  return applyBatch(client, await prepareBatch(client, folderSource(dir, batchId)), now);
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
