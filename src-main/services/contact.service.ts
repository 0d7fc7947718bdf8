import type { IdDocument } from '../../shared/contract/common';
import { AppError } from '../../shared/errors';
import { toAsciiDigits } from '../../shared/text/digits';
import { maskMobile } from '../../shared/text/mask';
import { findAccountById, updateAccount, type AccountRecord } from '../db/accounts.repo';
import { cancelMessages } from '../db/outbox.repo';
import { cancelPendingVerifications, claimAttempt, endPendingVerification, findVerification, insertVerification, type VerificationRecord } from '../db/verifications.repo';
import type { Tx } from '../db/connection';
import { accountDetail, type AccountDetail } from './accounts.service';
import { verifySupervisorApproval, type Approval } from './approval.service';
import { audit, inTx, type Actor, type ServiceEnv } from './env';
import { requireHoldersDocument } from './id-document';
import { cancelSuperseded, MOBILE_CHANGED_NOTICE, mobileCodeSmsTemplate, queueSms } from './outbox.service';
import { hashPassword, randomDigits, verifyPassword } from './passwords';

const CODE_LIFE_MS = 15 * 60_000;
/** Wrong codes a verification survives; counted before each code is checked. */
export const MAX_CODE_ATTEMPTS = 5;

async function activeAccount(q: Tx | ServiceEnv['db'], accountId: number): Promise<AccountRecord> {
  const a = await findAccountById(q, accountId);
  if (!a) throw new AppError('ACCOUNT_NOT_FOUND');
  if (a.status === 'voided') throw new AppError('ACCOUNT_VOIDED');
  if (a.status === 'disabled') throw new AppError('ACCOUNT_DISABLED');
  return a;
}

/**
 * Changing the mobile is how accounts get taken over, so the new number must prove itself: a
 * one-time code goes to it, and the person types it at the counter.
 */
export async function requestMobileChange(
  env: ServiceEnv,
  actor: Actor,
  input: { accountId: number; mobile: string; idDocument: IdDocument },
): Promise<{ verificationId: number; expiresAt: string; newMobileMasked: string }> {
  const code = randomDigits(6);
  const codeHash = await hashPassword(code);
  return inTx(env, async (tx) => {
    const a = await activeAccount(tx, input.accountId);
    requireHoldersDocument(a, input.idDocument);
    if (a.mobile === input.mobile) throw new AppError('VALIDATION');
    const now = env.clock.now();
    const expires = new Date(now.getTime() + CODE_LIFE_MS);
    await cancelSuperseded(tx, await cancelPendingVerifications(tx, a.id, now.toISOString()), now.toISOString());
    const smsId = await queueSms(tx, env, { purpose: 'mobile-code', to: input.mobile, template: mobileCodeSmsTemplate(), secret: code, accountId: a.id, expiresAt: expires });
    const id = await insertVerification(tx, {
      accountId: a.id,
      newMobile: input.mobile,
      codeHash,
      requestedBy: actor.id!,
      idDocumentType: input.idDocument.type,
      idDocumentNumber: input.idDocument.number,
      smsId,
      createdAt: now.toISOString(),
      expiresAt: expires.toISOString(),
    });
    await audit(tx, env, actor, { action: 'mobile.change-requested', subjectType: 'account', subjectId: a.id, details: { newMobile: maskMobile(input.mobile), idDocumentType: input.idDocument.type } });
    return { verificationId: id, expiresAt: expires.toISOString(), newMobileMasked: maskMobile(input.mobile) };
  });
}

async function applyChange(tx: Tx, env: ServiceEnv, actor: Actor, v: VerificationRecord, how: 'code' | 'supervisor', approvedBy: number | null): Promise<AccountDetail> {
  const now = env.clock.now();
  // Ended first, only if still pending: two counters confirming the same code apply it once, and a
  // confirmation racing a cancellation (cancelMobileChange) loses or wins whole.
  if (!(await endPendingVerification(tx, v.id, how === 'code' ? 'confirmed' : 'approved', now.toISOString(), approvedBy))) throw new AppError('NOT_FOUND');
  const a = await activeAccount(tx, v.accountId);
  await updateAccount(tx, a.id, { mobile: v.newMobile, mobileChangedAt: now.toISOString() });
  if (a.mobile) {
    // The old number hears of it: if the change was not theirs, they can come to the branch.
    await queueSms(tx, env, { purpose: 'notice', to: a.mobile, template: MOBILE_CHANGED_NOTICE, accountId: a.id, expiresAt: new Date(now.getTime() + 72 * 3600_000) });
  }
  await audit(tx, env, actor, {
    action: 'mobile.changed',
    subjectType: 'account',
    subjectId: a.id,
    details: { how, approvedBy, oldMobile: a.mobile ? maskMobile(a.mobile) : null, newMobile: maskMobile(v.newMobile) },
  });
  return accountDetail(tx, env, (await findAccountById(tx, a.id))!);
}

async function pending(env: ServiceEnv, id: number): Promise<VerificationRecord> {
  const v = await findVerification(env.db, id);
  if (!v || v.state !== 'pending') throw new AppError('NOT_FOUND');
  if (v.expiresAt <= env.clock.now().toISOString() || v.attempts >= MAX_CODE_ATTEMPTS) throw new AppError('VERIFICATION_EXPIRED');
  return v;
}

/** The code from the new number's SMS, typed at the counter. */
export async function confirmMobileChange(env: ServiceEnv, actor: Actor, verificationId: number, code: string): Promise<AccountDetail> {
  const v = await pending(env, verificationId);
  const digits = toAsciiDigits(code);
  // Counted before it is checked (issue 10 item 2): a burst gets at most MAX_CODE_ATTEMPTS checked.
  if (!(await inTx(env, (tx) => claimAttempt(tx, v.id, MAX_CODE_ATTEMPTS, env.clock.now().toISOString())))) {
    await pending(env, verificationId);
    throw new AppError('VERIFICATION_EXPIRED');
  }
  if (!(await verifyPassword(v.codeHash, digits))) {
    await inTx(env, async (tx) => {
      await audit(tx, env, actor, { action: 'mobile.code-wrong', subjectType: 'account', subjectId: v.accountId });
    });
    throw new AppError('VERIFICATION_FAILED');
  }
  return inTx(env, (tx) => applyChange(tx, env, actor, v, 'code', null));
}

/** With the gateway offline no code can arrive: a supervisor approves with their own password. */
export async function approveMobileChange(env: ServiceEnv, actor: Actor, verificationId: number, approval: Approval, gatewayOnline: boolean): Promise<AccountDetail> {
  if (gatewayOnline) throw new AppError('GATEWAY_ONLINE');
  const v = await pending(env, verificationId);
  const supervisor = await verifySupervisorApproval(env, approval);
  return inTx(env, async (tx) => {
    // The code can no longer matter; it must not arrive later and confuse the person.
    if (v.smsId !== null) await cancelMessages(tx, [v.smsId]);
    return applyChange(tx, env, actor, v, 'supervisor', supervisor.id);
  });
}

/**
 * A pending mobile change withdrawn at the counter (the person changed their mind, or the number
 * was mistyped): its code no longer confirms, its SMS is not sent if still waiting, and the old
 * number stays. Audited. Ended, replaced or expired requests are refused (MOBILE_CHANGE_ENDED).
 */
export async function cancelMobileChange(env: ServiceEnv, actor: Actor, verificationId: number): Promise<AccountDetail> {
  return inTx(env, async (tx) => {
    const v = await findVerification(tx, verificationId);
    if (!v) throw new AppError('NOT_FOUND');
    const now = env.clock.now().toISOString();
    if (v.state !== 'pending' || v.expiresAt <= now || v.attempts >= MAX_CODE_ATTEMPTS) throw new AppError('MOBILE_CHANGE_ENDED');
    if (!(await endPendingVerification(tx, v.id, 'cancelled', now))) throw new AppError('MOBILE_CHANGE_ENDED');
    if (v.smsId !== null) await cancelSuperseded(tx, [v.smsId], now);
    await audit(tx, env, actor, { action: 'mobile.change-cancelled', subjectType: 'account', subjectId: v.accountId, details: { newMobile: maskMobile(v.newMobile) } });
    return accountDetail(tx, env, (await findAccountById(tx, v.accountId))!);
  });
}

/** REG-10: the e-mail channel; the document seen is recorded. */
export async function updateEmail(env: ServiceEnv, actor: Actor, accountId: number, email: string | null, doc: IdDocument): Promise<AccountDetail> {
  return inTx(env, async (tx) => {
    const a = await activeAccount(tx, accountId);
    requireHoldersDocument(a, doc);
    await updateAccount(tx, a.id, { email });
    await audit(tx, env, actor, { action: 'email.changed', subjectType: 'account', subjectId: a.id, details: { idDocumentType: doc.type, cleared: email === null } });
    return accountDetail(tx, env, (await findAccountById(tx, a.id))!);
  });
}
