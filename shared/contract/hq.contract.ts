import { z } from 'zod';
import { ERROR_CODES } from '../errors';
import { channel } from './define';

/** An absolute folder path as typed (a USB stick's mount point or drive letter). */
const FolderSchema = z
  .string()
  .trim()
  .min(1)
  .max(1024)
  .refine((s) => !s.includes('\0'), { message: 'INVALID_FORMAT' });

export const ExportJobSchema = z.strictObject({
  state: z.enum(['idle', 'running', 'done', 'failed']),
  phase: z.enum(['preparing', 'writing']),
  done: z.number(),
  total: z.number(),
  folder: z.string().nullable(),
  batches: z.array(z.string()),
  errorCode: z.enum(ERROR_CODES).nullable(),
});

export const JournalStatusSchema = z.strictObject({
  lastSeq: z.number(),
  ackedSeq: z.number(),
  behindEntries: z.number(),
  behindHours: z.number(),
  oldestUnackedAt: z.string().nullable(),
  lastAckAt: z.string().nullable(),
  unackedBatches: z.number(),
});

/** Issue 8: the branch side of the journal to headquarters (ستاد); supervisors only. */
export const hqContract = {
  /** The station registration slip: branch, station, public key and its fingerprint, for headquarters. */
  'hq:station-slip': channel({
    role: 'supervisor',
    input: z.strictObject({}),
    output: z.strictObject({ branchCode: z.string(), branchName: z.string(), stationNumber: z.number(), slipText: z.string(), fingerprint: z.string() }),
  }),
  /** The last sequence headquarters acknowledged, and how many entries and hours the branch is behind. */
  'hq:status': channel({ role: 'supervisor', input: z.strictObject({}), output: JournalStatusSchema }),
  /** Writes the batches not yet acknowledged to a folder, in the background (one export at a time). */
  'hq:export-start': channel({ role: 'supervisor', input: z.strictObject({ folder: FolderSchema }), output: ExportJobSchema }),
  /** The running (or last) export's progress, polled by the screen. */
  'hq:export-progress': channel({ role: 'supervisor', input: z.strictObject({}), output: ExportJobSchema }),
  /** Imports headquarters' acknowledgement file; it must match a batch this station exported. */
  'hq:import-ack': channel({
    role: 'supervisor',
    input: z.strictObject({ text: z.string().min(1).max(4096) }),
    output: z.strictObject({ batchId: z.string(), lastSeq: z.number(), ackedAt: z.string(), settled: z.number(), status: JournalStatusSchema }),
  }),
};
