import type { Q, WriteTx } from './types';
import { num, whereIdIn } from './types';

export type ResetState = 'pending' | 'sent' | 'used' | 'superseded' | 'expired' | 'undelivered';

export interface ResetRecord {
  id: number;
  accountId: number;
  trackingCode: string;
  passwordHash: string;
  channel: 'counter' | 'self';
  requestedBy: number | null;
  requestedByName: string | null;
  smsId: number | null;
  smsStatus: string | null;
  state: ResetState;
  createdAt: string;
  sentAt: string | null;
  validUntil: string | null;
  usedAt: string | null;
}

interface Row {
  id: number;
  account_id: number;
  tracking_code: string;
  password_hash: string;
  channel: string;
  requested_by: number | null;
  requested_by_name: string | null;
  sms_id: number | null;
  sms_status: string | null;
  state: string;
  created_at: string;
  sent_at: string | null;
  valid_until: string | null;
  used_at: string | null;
}

function rowToReset(r: Row): ResetRecord {
  return {
    id: num(r.id),
    accountId: num(r.account_id),
    trackingCode: r.tracking_code,
    passwordHash: r.password_hash,
    channel: r.channel === 'self' ? 'self' : 'counter',
    requestedBy: r.requested_by === null ? null : num(r.requested_by),
    requestedByName: r.requested_by_name,
    smsId: r.sms_id === null ? null : num(r.sms_id),
    smsStatus: r.sms_status,
    state: r.state as ResetState,
    createdAt: r.created_at,
    sentAt: r.sent_at,
    validUntil: r.valid_until,
    usedAt: r.used_at,
  };
}

function base(q: Q) {
  return q('password_resets as r')
    .leftJoin('staff as s', 's.id', 'r.requested_by')
    .leftJoin('sms_outbox as m', 'm.id', 'r.sms_id')
    .select('r.*', 's.username as requested_by_name', 'm.status as sms_status');
}

export async function resetsOfAccount(q: Q, accountId: number, limit = 20): Promise<ResetRecord[]> {
  return ((await base(q).where('r.account_id', accountId).orderBy('r.id', 'desc').limit(limit)) as Row[]).map(rowToReset);
}

export async function findResetById(q: Q, id: number): Promise<ResetRecord | undefined> {
  const r = (await base(q).where('r.id', id).first()) as Row | undefined;
  return r ? rowToReset(r) : undefined;
}

export async function findResetBySms(q: Q, smsId: number): Promise<ResetRecord | undefined> {
  const r = (await base(q).where('r.sms_id', smsId).first()) as Row | undefined;
  return r ? rowToReset(r) : undefined;
}

/** REC-4: the one reset whose password may work — the newest, once its SMS has gone. */
export async function liveReset(q: Q, accountId: number, now: string): Promise<ResetRecord | undefined> {
  const r = (await base(q).where('r.account_id', accountId).where('r.state', 'sent').where('r.valid_until', '>', now).orderBy('r.id', 'desc').first()) as
    | Row
    | undefined;
  return r ? rowToReset(r) : undefined;
}

/**
 * An account's resets created strictly after `since` (one made exactly 24 h ago no longer counts:
 * REC-3), oldest first, with when each was made and on which channel, and whether a tracking
 * code is already taken: one read (issue 11 item 4: a reset's round trips).
 */
export async function resetsSinceAndCodeTaken(
  q: Q,
  accountId: number,
  since: string,
  trackingCode: string,
): Promise<{ recent: Array<{ createdAt: string; channel: 'counter' | 'self' }>; codeTaken: boolean }> {
  const rows = await q('password_resets')
    .where({ account_id: accountId })
    .where('created_at', '>', since)
    .select<{ created_at: string; channel: 'counter' | 'self'; taken: unknown }[]>('created_at', 'channel', q.raw('0 as taken'))
    .unionAll((u) => u.from('password_resets').where({ tracking_code: trackingCode }).select('created_at', 'channel', q.raw('1 as taken')));
  const recent = rows
    .filter((r) => num(r.taken) === 0)
    .map((r) => ({ createdAt: r.created_at, channel: r.channel }))
    .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
  return { recent, codeTaken: rows.some((r) => num(r.taken) === 1) };
}

export async function trackingCodeExists(q: Q, code: string): Promise<boolean> {
  return (await q('password_resets').where({ tracking_code: code }).first()) !== undefined;
}

export async function insertReset(
  q: WriteTx,
  r: { accountId: number; trackingCode: string; passwordHash: string; channel: 'counter' | 'self'; requestedBy: number | null; approvedBy: number | null; idDocumentType: string | null; idDocumentNumber: string | null; smsId: number; createdAt: string },
): Promise<number> {
  const [row] = (await q('password_resets')
    .insert({
      account_id: r.accountId,
      tracking_code: r.trackingCode,
      password_hash: r.passwordHash,
      channel: r.channel,
      requested_by: r.requestedBy,
      approved_by: r.approvedBy,
      id_document_type: r.idDocumentType,
      id_document_number: r.idDocumentNumber,
      sms_id: r.smsId,
      state: 'pending',
      created_at: r.createdAt,
    })
    .returning('id')) as Array<{ id: number }>;
  return num(row!.id);
}

/** Ends every earlier reset of the account; returns their SMS ids so they can be cancelled. */
export async function supersedeResets(q: WriteTx, accountId: number, at: string): Promise<number[]> {
  // One statement: the UPDATE answers the messages of the resets it ended.
  const ended = (await q('password_resets')
    .where({ account_id: accountId })
    .whereIn('state', ['pending', 'sent'])
    .update({ state: 'superseded', ended_at: at })
    .returning('sms_id')) as Array<{ sms_id: number | null }>;
  return ended.map((r) => r.sms_id).filter((x): x is number => x !== null).map(num);
}

export async function setResetState(q: WriteTx, id: number, patch: { state: ResetState; sentAt?: string; validUntil?: string; usedAt?: string; endedAt?: string }): Promise<void> {
  await q('password_resets')
    .where({ id })
    .update({
      state: patch.state,
      ...(patch.sentAt ? { sent_at: patch.sentAt } : {}),
      ...(patch.validUntil ? { valid_until: patch.validUntil } : {}),
      ...(patch.usedAt ? { used_at: patch.usedAt } : {}),
      ...(patch.endedAt ? { ended_at: patch.endedAt } : {}),
    });
}

/** The resets whose SMS just went out start to work (REC-5): one statement for a batch of messages. */
export async function markResetsSentBySms(q: WriteTx, smsIds: readonly number[], sentAt: string, validUntil: string): Promise<void> {
  if (smsIds.length === 0) return;
  await whereIdIn(q, q('password_resets'), 'sms_id', smsIds).where({ state: 'pending' }).update({ state: 'sent', sent_at: sentAt, valid_until: validUntil });
}

/** The resets whose SMS failed or expired can never work: they end as undelivered. */
export async function endPendingResetsBySms(q: WriteTx, smsIds: readonly number[], at: string): Promise<void> {
  if (smsIds.length === 0) return;
  await whereIdIn(q, q('password_resets'), 'sms_id', smsIds).where({ state: 'pending' }).update({ state: 'undelivered', ended_at: at });
}
