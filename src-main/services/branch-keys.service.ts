import { createHash, randomBytes } from 'node:crypto';
import { AppError } from '../../shared/errors';
import { decryptSecret, encryptSecret } from '../core/secrets';
import { findKeyWrap, saveKeyWrap } from '../db/key-wraps.repo';
import type { StaffRecord } from '../db/staff.repo';
import type { Q } from '../db/types';
import { inTx, type ServiceEnv } from './env';
import { typedPassword } from './password-policy';
import { deriveKey } from './passwords';

/**
 * Every counter of a branch must use the same audit key (one verifiable chain) and the same
 * outbox key (any counter's dispatcher sends any counter's messages). Neither is stored in the
 * database in clear: a supervisor's login leaves a copy wrapped with an argon2id key from their
 * password, and a join by that supervisor unwraps it on the new counter.
 */
export interface BranchKeys {
  audit: Buffer;
  outbox: Buffer;
}

function fingerprint(passwordHash: string): string {
  return createHash('sha256').update(passwordHash, 'utf8').digest('hex');
}

/** Wraps this counter's keys under the supervisor's password (skipped when the wrap is current). */
export async function wrapBranchKeys(env: ServiceEnv, staff: StaffRecord, passwordTyped: string): Promise<void> {
  if (staff.role !== 'supervisor') return;
  const current = await findKeyWrap(env.db, staff.id);
  if (current?.passwordFingerprint === fingerprint(staff.passwordHash)) return;
  const salt = randomBytes(16);
  const key = await deriveKey(typedPassword(passwordTyped), salt);
  const body = JSON.stringify({ audit: env.keys.key('audit').toString('base64'), outbox: env.keys.key('outbox').toString('base64') });
  const wrap = { staffId: staff.id, passwordFingerprint: fingerprint(staff.passwordHash), salt: salt.toString('hex'), wrapped: encryptSecret(key, body) };
  await inTx(env, (tx) => saveKeyWrap(tx, wrap, env.clock.now().toISOString()));
}

/**
 * The branch keys from the supervisor's wrap, with the password they just proved; refused with
 * BRANCH_KEYS_UNAVAILABLE when this supervisor has no current wrap (they have not logged in at a
 * joined counter since their password was set).
 */
export async function unwrapBranchKeys(q: Q, staff: StaffRecord, passwordTyped: string): Promise<BranchKeys> {
  const wrap = await findKeyWrap(q, staff.id);
  if (!wrap || wrap.passwordFingerprint !== fingerprint(staff.passwordHash)) throw new AppError('BRANCH_KEYS_UNAVAILABLE');
  try {
    const key = await deriveKey(typedPassword(passwordTyped), Buffer.from(wrap.salt, 'hex'));
    const body = JSON.parse(decryptSecret(key, wrap.wrapped)) as { audit: string; outbox: string };
    const keys = { audit: Buffer.from(body.audit, 'base64'), outbox: Buffer.from(body.outbox, 'base64') };
    if (keys.audit.length !== 32 || keys.outbox.length !== 32) throw new Error('bad key length');
    return keys;
  } catch {
    throw new AppError('BRANCH_KEYS_UNAVAILABLE');
  }
}
