import { AppError } from '../../shared/errors';
import { parseAckText, type Ack } from '../../shared/journal';
import { ackedUpTo, batchesToWrite, findBatch, markAcked } from '../db/journal-batches.repo';
import { journalEntryAt, lastJournalSeq } from '../db/journal.repo';
import { audit, inTx, type Actor, type ServiceEnv } from './env';
import { thisStation } from './station-identity.service';

/** An acknowledgement file is a few hundred bytes; anything far bigger is not one. */
export const MAX_ACK_BYTES = 4096;

export interface AckResult {
  batchId: string;
  lastSeq: number;
  ackedAt: string;
  /** Batches this acknowledgement settled (0: they were acknowledged already). */
  settled: number;
}

/**
 * Issue 8: headquarters' acknowledgement of a batch, brought back on the USB stick. It is taken
 * only if it names a batch this station actually exported, with the same manifest hash (part 1's
 * acknowledgements are unsigned: the hash is what ties them to our signed batch); it settles that
 * batch and every earlier one. Importing the same file again changes nothing.
 */
export async function importAck(env: ServiceEnv, actor: Actor, text: string): Promise<AckResult> {
  if (Buffer.byteLength(text, 'utf8') > MAX_ACK_BYTES) throw new AppError('ACK_INVALID');
  const parsed = parseAckText(text.replace(/\r?\n$/, ''));
  if (!parsed.ok) throw new AppError('ACK_INVALID');
  return settleAck(env, actor, parsed.value);
}

/**
 * An acknowledgement, however it came (a file, or the live link's answer after its headquarters
 * signature was checked): it must name a batch of this station with the same manifest hash and
 * range; it settles that batch and every earlier one, audited when it settled anything.
 */
export async function settleAck(env: ServiceEnv, actor: Actor, ack: Ack): Promise<AckResult> {
  return inTx(env, async (tx) => {
    const here = await thisStation(env, tx);
    if (!here) throw new AppError('SETUP_REQUIRED');
    if (ack.branch !== here.branch.code || ack.station !== here.station.stationNumber) throw new AppError('ACK_OTHER_STATION');
    const batch = await findBatch(tx, ack.batchId);
    if (!batch || batch.stationId !== here.station.id || batch.manifestSha256 !== ack.manifestSha256 || batch.lastSeq !== ack.lastSeq) {
      throw new AppError('ACK_UNKNOWN_BATCH');
    }
    const settled = await markAcked(tx, here.station.id, ack.lastSeq, env.clock.now().toISOString());
    if (settled > 0) {
      await audit(tx, env, actor, { action: 'journal.ack-imported', subjectType: 'batch', subjectId: ack.batchId, details: { lastSeq: ack.lastSeq, settled } });
    }
    return { batchId: ack.batchId, lastSeq: ack.lastSeq, ackedAt: ack.ackedAt, settled };
  });
}

export interface JournalStatus {
  lastSeq: number;
  ackedSeq: number;
  /** Entries headquarters has not acknowledged yet. */
  behindEntries: number;
  /** Hours since the oldest entry headquarters has not acknowledged (0 when none). */
  behindHours: number;
  oldestUnackedAt: string | null;
  lastAckAt: string | null;
  unackedBatches: number;
}

export type Behind = Omit<JournalStatus, 'unackedBatches'>;

/** How far headquarters is behind a station: entries after the last acknowledged one, and the age of the oldest. */
export async function behindHq(env: ServiceEnv, stationId: number): Promise<Behind> {
  const lastSeq = await lastJournalSeq(env.db, stationId);
  const acked = await ackedUpTo(env.db, stationId);
  const oldest = lastSeq > acked.seq ? await journalEntryAt(env.db, stationId, acked.seq + 1) : null;
  const hours = oldest ? Math.max(0, (env.clock.now().getTime() - new Date(oldest).getTime()) / 3600_000) : 0;
  return {
    lastSeq,
    ackedSeq: acked.seq,
    behindEntries: lastSeq - acked.seq,
    behindHours: Math.round(hours * 10) / 10,
    oldestUnackedAt: oldest,
    lastAckAt: acked.at,
  };
}

/** How far headquarters is behind this station: what the «ستاد» screen shows. */
export async function journalStatus(env: ServiceEnv): Promise<JournalStatus> {
  const here = await thisStation(env);
  if (!here) throw new AppError('SETUP_REQUIRED');
  const id = here.station.id;
  return { ...(await behindHq(env, id)), unackedBatches: (await batchesToWrite(env.db, id, null)).length };
}
