/**
 * VERIFY: re-checks what headquarters stored, station by station — each batch's signature, its
 * manifest hash, the hash link to the batch before it, sequences without gap or overlap, the
 * entry count, and the body rebuilt from the stored entries against the signed body hash (so an
 * entry edited in the database is caught too).
 */
import { formatJournalBody, parseManifestText } from '../../shared/journal';
import type { HqClient } from '../db/connection';
import { batchesOf, entriesOf, entriesOutsideBatches } from '../db/stored.repo';
import { listStations } from '../db/stations.repo';
import { checkSignature, sha256Hex } from './check-batch';
import { BatchRefused } from './refusal';

export interface VerifyReport {
  stations: number;
  batches: number;
  entries: number;
  problems: string[];
}

export async function verifyStored(client: HqClient): Promise<VerifyReport> {
  const report: VerifyReport = { stations: 0, batches: 0, entries: 0, problems: [] };
  for (const st of await listStations(client)) {
    report.stations++;
    const label = `branch ${st.branch} station ${String(st.station).padStart(2, '0')}`;
    const problem = (what: string) => report.problems.push(`${label}: ${what}`);
    let prevLast = 0;
    let prevSha: string | null = null;
    for (const b of await batchesOf(client, st.branch, st.station)) {
      report.batches++;
      const at = `batch ${b.batchId}`;
      if (b.firstSeq !== prevLast + 1) problem(`${at} starts at ${b.firstSeq}, after ${prevLast}`);
      if (b.prevManifestSha256 !== prevSha) problem(`${at} links to ${b.prevManifestSha256 ?? 'none'}, the batch before is ${prevSha ?? 'none'}`);
      if (sha256Hex(b.manifestText) !== b.manifestSha256) problem(`${at}: its stored manifest does not hash to ${b.manifestSha256}`);
      const manifest = parseManifestText(b.manifestText);
      if (!manifest.ok) problem(`${at}: stored manifest: ${manifest.problem}`);
      else if (manifest.value.bodySha256 !== b.bodySha256 || manifest.value.count !== b.entryCount) problem(`${at}: columns differ from its manifest`);
      try {
        checkSignature(Buffer.from(b.manifestText, 'utf8'), b.signature, st.publicKey);
      } catch (e) {
        if (!(e instanceof BatchRefused)) throw e;
        problem(`${at}: the signature does not verify with the station's key`);
      }
      const entries = await entriesOf(client, st.branch, st.station, b.firstSeq, b.lastSeq);
      report.entries += entries.length;
      if (entries.length !== b.entryCount) problem(`${at}: ${entries.length} entries stored, ${b.entryCount} ingested`);
      else if (sha256Hex(formatJournalBody(entries)) !== b.bodySha256) problem(`${at}: the stored entries no longer hash to the signed body`);
      prevLast = b.lastSeq;
      prevSha = b.manifestSha256;
    }
    if (st.lastSeq !== prevLast) problem(`ingested up to ${st.lastSeq}, but the batches end at ${prevLast}`);
    if (st.lastManifestSha256 !== prevSha) problem('its last manifest hash is not the last batch\'s');
    const stray = await entriesOutsideBatches(client, st.branch, st.station);
    if (stray > 0) problem(`${stray} entries stored outside every batch`);
  }
  return report;
}
