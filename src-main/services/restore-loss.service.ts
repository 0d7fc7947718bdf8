import { existsSync } from 'node:fs';
import { readNewestAnchor } from '../core/audit-anchors';
import { journalAckedByStation, journalEndByStation, openForInspection } from '../db/backup.repo';
import type { Db } from '../db/connection';

/** The newest audit anchor beside the keys against the restored copy's last audit entry. */
export interface AnchorLoss {
  source: 'audit-anchor';
  /** `other-desk`: the folder held another desk's database (`--replace-other`), so its anchor file is that desk's: not compared. */
  state: 'none' | 'damaged' | 'behind-or-equal' | 'ahead' | 'other-desk';
  /** The entry the newest anchor names (null: no readable anchor). */
  anchorId: number | null;
  restoredId: number;
}

/** Headquarters' newest acknowledgement (seen in the old database) against the restored journal. */
export interface AckLoss {
  source: 'journal-ack';
  state: 'absent' | 'unreadable' | 'covered' | 'behind';
  /** Stations whose acknowledged sequence is beyond the restored copy's journal end. */
  /** `station`: branch code and station number (`1001-07`), as on the station's slip. */
  behind: Array<{ stationId: number; station: string; ackedSeq: number; restoredSeq: number }>;
}

/**
 * Restore reports what it loses against the newest audit anchor it can see (the checkpoint file
 * beside the keys about to be moved aside): entries restoredId+1..anchorId.
 */
export function compareWithAnchor(keysDir: string, auditKey: Buffer, restoredId: number): AnchorLoss {
  const a = readNewestAnchor(keysDir, auditKey);
  const newest = a.state === 'none' ? null : a.newest;
  if (a.state === 'damaged') return { source: 'audit-anchor', state: 'damaged', anchorId: newest?.lastId ?? null, restoredId };
  if (!newest) return { source: 'audit-anchor', state: 'none', anchorId: null, restoredId };
  return { source: 'audit-anchor', state: newest.lastId > restoredId ? 'ahead' : 'behind-or-equal', anchorId: newest.lastId, restoredId };
}

/**
 * Restore reports what it loses against the newest journal acknowledgement it can see: a station
 * whose acknowledged sequence S is beyond the restored journal's end T would issue T+1..S again,
 * so it needs a new station number.
 */
export async function compareWithJournalAck(oldFile: string, restoredFile: string): Promise<AckLoss> {
  if (!existsSync(oldFile)) return { source: 'journal-ack', state: 'absent', behind: [] };
  let acked: Map<number, { ackedSeq: number; station: string }>;
  let old: Db | null = null;
  try {
    old = openForInspection(oldFile);
    acked = await journalAckedByStation(old);
  } catch {
    return { source: 'journal-ack', state: 'unreadable', behind: [] };
  } finally {
    await old?.destroy();
  }
  const restored = openForInspection(restoredFile);
  try {
    const ends = await journalEndByStation(restored);
    const behind = [...acked]
      .map(([stationId, { ackedSeq, station }]) => ({ stationId, station, ackedSeq, restoredSeq: ends.get(stationId) ?? 0 }))
      .filter((s) => s.restoredSeq < s.ackedSeq);
    return { source: 'journal-ack', state: behind.length > 0 ? 'behind' : 'covered', behind };
  } finally {
    await restored.destroy();
  }
}
