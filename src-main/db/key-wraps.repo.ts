import type { Q, WriteTx } from './types';
import { num } from './types';

/** The branch keys wrapped under one supervisor's password (see migration 0011). */
export interface KeyWrap {
  staffId: number;
  passwordFingerprint: string;
  salt: string;
  wrapped: string;
}

export async function findKeyWrap(q: Q, staffId: number): Promise<KeyWrap | undefined> {
  const r = await q('branch_key_wraps')
    .where({ staff_id: staffId })
    .first<{ staff_id: number; password_fingerprint: string; salt: string; wrapped: string } | undefined>();
  return r ? { staffId: num(r.staff_id), passwordFingerprint: r.password_fingerprint, salt: r.salt, wrapped: r.wrapped } : undefined;
}

export async function saveKeyWrap(q: WriteTx, w: KeyWrap, at: string): Promise<void> {
  await q('branch_key_wraps')
    .insert({ staff_id: w.staffId, password_fingerprint: w.passwordFingerprint, salt: w.salt, wrapped: w.wrapped, created_at: at })
    .onConflict('staff_id')
    .merge(['password_fingerprint', 'salt', 'wrapped', 'created_at']);
}

export async function deleteKeyWrap(q: WriteTx, staffId: number): Promise<void> {
  await q('branch_key_wraps').where({ staff_id: staffId }).delete();
}
