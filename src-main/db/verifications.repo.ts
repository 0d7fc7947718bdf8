import type { Q, WriteTx } from './types';
import { num } from './types';

export interface VerificationRecord {
  id: number;
  accountId: number;
  newMobile: string;
  codeHash: string;
  attempts: number;
  state: 'pending' | 'confirmed' | 'expired' | 'cancelled' | 'approved';
  expiresAt: string;
  idDocumentType: string;
  smsId: number | null;
}

interface Row {
  id: number;
  account_id: number;
  new_mobile: string;
  code_hash: string;
  attempts: number;
  state: string;
  expires_at: string;
  id_document_type: string;
  sms_id: number | null;
}

function rowToVerification(r: Row): VerificationRecord {
  return {
    id: num(r.id),
    accountId: num(r.account_id),
    newMobile: r.new_mobile,
    codeHash: r.code_hash,
    attempts: num(r.attempts),
    state: r.state as VerificationRecord['state'],
    expiresAt: r.expires_at,
    idDocumentType: r.id_document_type,
    smsId: r.sms_id === null ? null : num(r.sms_id),
  };
}

export async function findVerification(q: Q, id: number): Promise<VerificationRecord | undefined> {
  const r = await q('mobile_verifications').where({ id }).first<Row | undefined>();
  return r ? rowToVerification(r) : undefined;
}

export async function pendingVerification(q: Q, accountId: number, now: string): Promise<VerificationRecord | undefined> {
  const r = await q('mobile_verifications').where({ account_id: accountId, state: 'pending' }).where('expires_at', '>', now).orderBy('id', 'desc').first<Row | undefined>();
  return r ? rowToVerification(r) : undefined;
}

export async function cancelPendingVerifications(q: WriteTx, accountId: number, at: string): Promise<number[]> {
  const rows = await q('mobile_verifications').where({ account_id: accountId, state: 'pending' }).select<{ id: number; sms_id: number | null }[]>('id', 'sms_id');
  if (rows.length) await q('mobile_verifications').whereIn('id', rows.map((r) => r.id)).update({ state: 'cancelled', ended_at: at });
  return rows.map((r) => r.sms_id).filter((x): x is number => x !== null).map(num);
}

export async function insertVerification(
  q: WriteTx,
  v: { accountId: number; newMobile: string; codeHash: string; requestedBy: number; idDocumentType: string; idDocumentNumber: string; smsId: number; createdAt: string; expiresAt: string },
): Promise<number> {
  const [row] = (await q('mobile_verifications')
    .insert({
      account_id: v.accountId,
      new_mobile: v.newMobile,
      code_hash: v.codeHash,
      attempts: 0,
      state: 'pending',
      requested_by: v.requestedBy,
      id_document_type: v.idDocumentType,
      id_document_number: v.idDocumentNumber,
      sms_id: v.smsId,
      created_at: v.createdAt,
      expires_at: v.expiresAt,
    })
    .returning('id')) as Array<{ id: number }>;
  return num(row!.id);
}

/** Counts one code try before it is checked, in one conditional UPDATE: false when none is left (or it ended, or expired). */
export async function claimAttempt(q: WriteTx, id: number, maxAttempts: number, now: string): Promise<boolean> {
  const n = await q('mobile_verifications')
    .where({ id, state: 'pending' })
    .where('attempts', '<', maxAttempts)
    .where('expires_at', '>', now)
    .update({ attempts: q.raw('attempts + 1') });
  return n > 0;
}

/**
 * Ends a verification that is still pending, in one conditional UPDATE: false when it had ended
 * already. The row lock orders a confirmation and a cancellation racing on one request (one wins).
 */
export async function endPendingVerification(q: WriteTx, id: number, state: Exclude<VerificationRecord['state'], 'pending'>, at: string, approvedBy: number | null = null): Promise<boolean> {
  return (await q('mobile_verifications').where({ id, state: 'pending' }).update({ state, ended_at: at, approved_by: approvedBy })) > 0;
}
