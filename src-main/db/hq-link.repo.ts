import type { Q, WriteTx } from './types';
import { num } from './types';

/** The live link's durable state for one station (migration 0018). */
export interface LinkRecord {
  stationId: number;
  state: 'running' | 'stopped';
  stopCode: string | null;
  stopDetail: string | null;
  stopBatchId: string | null;
  stoppedAt: string | null;
  /** After SEQUENCE_GAP: send again from the batch that starts here (null: the first unacknowledged). */
  resendFrom: number | null;
  attempts: number;
  nextAttemptAt: string | null;
  lastContactAt: string | null;
}

interface Row {
  station_id: number;
  state: 'running' | 'stopped';
  stop_code: string | null;
  stop_detail: string | null;
  stop_batch_id: string | null;
  stopped_at: string | null;
  resend_from: number | null;
  attempts: number;
  next_attempt_at: string | null;
  last_contact_at: string | null;
}

function rowToLink(r: Row): LinkRecord {
  return {
    stationId: num(r.station_id),
    state: r.state,
    stopCode: r.stop_code,
    stopDetail: r.stop_detail,
    stopBatchId: r.stop_batch_id,
    stoppedAt: r.stopped_at,
    resendFrom: r.resend_from === null ? null : num(r.resend_from),
    attempts: num(r.attempts),
    nextAttemptAt: r.next_attempt_at,
    lastContactAt: r.last_contact_at,
  };
}

const FRESH = (stationId: number): LinkRecord => ({
  stationId,
  state: 'running',
  stopCode: null,
  stopDetail: null,
  stopBatchId: null,
  stoppedAt: null,
  resendFrom: null,
  attempts: 0,
  nextAttemptAt: null,
  lastContactAt: null,
});

/** The station's link state; a station that never linked is running with nothing pending. */
export async function readLink(q: Q, stationId: number): Promise<LinkRecord> {
  const r = await q('hq_link').where({ station_id: stationId }).first<Row | undefined>();
  return r ? rowToLink(r) : FRESH(stationId);
}

export type LinkPatch = Partial<Omit<LinkRecord, 'stationId'>>;

const COLUMNS: Record<keyof LinkPatch, keyof Row> = {
  state: 'state',
  stopCode: 'stop_code',
  stopDetail: 'stop_detail',
  stopBatchId: 'stop_batch_id',
  stoppedAt: 'stopped_at',
  resendFrom: 'resend_from',
  attempts: 'attempts',
  nextAttemptAt: 'next_attempt_at',
  lastContactAt: 'last_contact_at',
};

/** Writes the given fields of the station's link row (made on first use). */
export async function patchLink(q: WriteTx, stationId: number, patch: LinkPatch): Promise<void> {
  const values: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(patch)) if (v !== undefined) values[COLUMNS[k as keyof LinkPatch]] = v;
  if (Object.keys(values).length === 0) return;
  const fresh = FRESH(stationId);
  const insert: Record<string, unknown> = { station_id: stationId };
  for (const [k, col] of Object.entries(COLUMNS)) insert[col] = fresh[k as keyof LinkPatch];
  await q('hq_link')
    .insert({ ...insert, ...values })
    .onConflict('station_id')
    .merge(Object.keys(values));
}
