import type { IdDocument } from '../../shared/contract/common';
import { AppError } from '../../shared/errors';
import { maskMobile } from '../../shared/text/mask';
import { findAccountById, findAccountByUsername, findAccountForUpdate, updateAccount, type AccountRecord } from '../db/accounts.repo';
import { PASSWORD_HASH_PENDING } from '../db/pending-hash';
import { insertReset, resetsSinceAndCodeTaken, supersedeResets, trackingCodeExists } from '../db/resets.repo';
import type { Tx } from '../db/connection';
import type { Q } from '../db/types';
import type { AuditEntry } from './audit.service';
import { audit, auditWithHash, inTx, SYSTEM_ACTOR, type Actor, type ServiceEnv } from './env';
import { requireHoldersDocument } from './id-document';
import type { JournalKnown } from './journal.service';
import { cancelSuperseded, queueSms, resetSmsTemplate } from './outbox.service';
import { hashPassword, hashStarted, randomDigits } from './passwords';
import { getSettings } from './settings.service';
import { verifySupervisorApproval, type Approval } from './approval.service';
import { accountStateSourceOf } from './journal-state';

const DAY_MS = 24 * 3600_000;

async function uniqueTrackingCode(tx: Tx): Promise<string> {
  for (let i = 0; i < 20; i++) {
    const code = randomDigits(8);
    if (!(await trackingCodeExists(tx, code))) return code;
  }
  throw new Error('could not find a free tracking code');
}

/**
 * REC-3: a retry is allowed after the cooldown (any reset of the account), and only so many a
 * day per channel — so that someone who knows a person's mobile cannot use up the kiosk's daily
 * cap and so block the counter, where the person stands with their documents.
 */
async function throttle(
  tx: Tx,
  env: ServiceEnv,
  accountId: number,
  channel: 'counter' | 'self',
): Promise<{ refused: { code: 'RESET_COOLDOWN' | 'RESET_DAILY_CAP'; wait: number } | null; trackingCode: string }> {
  const s = await getSettings(tx);
  const now = env.clock.now().getTime();
  // The day's resets and whether a fresh tracking code is free, in one read (issue 11 item 4).
  const candidate = randomDigits(8);
  const { recent, codeTaken } = await resetsSinceAndCodeTaken(tx, accountId, new Date(now - DAY_MS).toISOString(), candidate);
  const refused = (code: 'RESET_COOLDOWN' | 'RESET_DAILY_CAP', waitMs: number) => ({ refused: { code, wait: Math.ceil(waitMs / 1000) }, trackingCode: '' });
  const newest = recent.at(-1);
  if (newest) {
    const wait = new Date(newest.createdAt).getTime() + s.resetCooldownSeconds * 1000 - now;
    if (wait > 0) return refused('RESET_COOLDOWN', wait);
  }
  const mine = recent.filter((r) => r.channel === channel);
  const oldest = mine[0];
  if (mine.length >= s.resetDailyCap && oldest) return refused('RESET_DAILY_CAP', new Date(oldest.createdAt).getTime() + DAY_MS - now);
  return { refused: null, trackingCode: codeTaken ? await uniqueTrackingCode(tx) : candidate };
}

/**
 * REC-2, REC-4: a new tracking code and password; every earlier reset dies and its unsent SMS is
 * cancelled; the SMS is queued in the same transaction. The password never leaves this function
 * except inside the encrypted outbox row. Its hash, started before the transaction, is awaited
 * only where it is written: the reset's row goes in while it runs, its hash column after it, with
 * the audit entry (`auditWithHash`, issue 11 item 4).
 */
async function createReset(
  tx: Tx,
  env: ServiceEnv,
  account: AccountRecord,
  channel: 'counter' | 'self',
  by: { staffId: number | null; approvedBy: number | null; idDocument: IdDocument | null },
  trackingCode: string,
  passwordHash: Promise<string>,
  password: string,
  audited: { actor: Actor; entry: AuditEntry; known?: JournalKnown },
): Promise<{ resetId: number; trackingCode: string; createdAt: string }> {
  const s = await getSettings(tx);
  const now = env.clock.now();
  const oldSms = await supersedeResets(tx, account.id, now.toISOString());
  await cancelSuperseded(tx, oldSms, now.toISOString());
  const smsId = await queueSms(tx, env, {
    purpose: 'reset',
    to: account.mobile!,
    template: resetSmsTemplate(trackingCode),
    secret: password,
    accountId: account.id,
    expiresAt: new Date(now.getTime() + s.resetSmsDeadlineHours * 3600_000),
  });
  const resetId = await insertReset(tx, {
    accountId: account.id,
    trackingCode,
    passwordHash: PASSWORD_HASH_PENDING,
    channel,
    requestedBy: by.staffId,
    approvedBy: by.approvedBy,
    idDocumentType: by.idDocument?.type ?? null,
    idDocumentNumber: by.idDocument?.number ?? null,
    smsId,
    createdAt: now.toISOString(),
  });
  await auditWithHash(tx, env, audited.actor, audited.entry, audited.known, { table: 'password_resets', id: resetId, hash: passwordHash });
  return { resetId, trackingCode, createdAt: now.toISOString() };
}

/** The account may get a reset now: it exists, is active and has a mobile (read in the caller's transaction). */
async function resettableAccount(tx: Tx, accountId: number): Promise<AccountRecord & { mobile: string }> {
  // Parallel resets of one account (two counters, two processes) queue here: exactly one is the latest.
  const account = await findAccountForUpdate(tx, accountId);
  if (!account) throw new AppError('ACCOUNT_NOT_FOUND');
  if (account.status === 'voided') throw new AppError('ACCOUNT_VOIDED');
  if (account.status === 'disabled') throw new AppError('ACCOUNT_DISABLED');
  if (!account.mobile) throw new AppError('NO_MOBILE');
  return account as AccountRecord & { mobile: string };
}

/** Within the guard period after a mobile change, a counter reset needs a supervisor. */
async function underMobileGuard(q: Q, env: ServiceEnv, account: AccountRecord): Promise<boolean> {
  if (!account.mobileChangedAt) return false;
  const s = await getSettings(q);
  return env.clock.now().getTime() - new Date(account.mobileChangedAt).getTime() < s.mobileChangeGuardHours * 3600_000;
}

/**
 * BR-3: a clerk resets the password of the person at the counter (document seen). The current
 * password dies at once; within the guard period after a mobile change a supervisor approves.
 * The account's status, mobile and the guard are read inside the write transaction, so a change
 * committed meanwhile (a mobile change at another counter) decides; the look before it only
 * saves the supervisor's password check when no approval is needed.
 */
export async function resetPasswordAtCounter(
  env: ServiceEnv,
  actor: Actor,
  input: { accountId: number; idDocument: IdDocument; approval?: Approval | undefined },
): Promise<{ resetId: number; trackingCode: string; mobileMasked: string; smsState: 'queued'; createdAt: string }> {
  // The new password depends on no read: its hash runs from here, beside the approval check and
  // the transaction's reads, and a refused reset throws it away (issue 11 item 4).
  const password = randomDigits(8);
  const hash = hashStarted(password);
  let approvedBy: number | null = null;
  // Without an approval the guard is decided in the transaction alone (one read fewer, issue 11).
  const before = input.approval ? await findAccountById(env.db, input.accountId) : undefined;
  if (input.approval && before && (await underMobileGuard(env.db, env, before))) {
    // The supervisor's password check (argon2) decides whether the reset may go on at all, so it
    // stays outside the transaction, running beside the new password's hash.
    approvedBy = (await verifySupervisorApproval(env, input.approval)).id;
  }
  return inTx(env, async (tx) => {
    const account = await resettableAccount(tx, input.accountId);
    requireHoldersDocument(account, input.idDocument);
    if (approvedBy === null && (await underMobileGuard(tx, env, account))) throw new AppError('SUPERVISOR_APPROVAL_REQUIRED');
    const t = await throttle(tx, env, account.id, 'counter');
    if (t.refused) throw new AppError(t.refused.code, { retryAfterSeconds: t.refused.wait });
    // The current password dies at once (BR-3); written before the reset's row, which waits for the hash.
    const revokedAt = env.clock.now().toISOString();
    await updateAccount(tx, account.id, { passwordRevokedAt: revokedAt });
    const r = await createReset(tx, env, account, 'counter', { staffId: actor.id, approvedBy, idDocument: input.idDocument }, t.trackingCode, hash, password, {
      actor,
      entry: {
        action: 'reset.counter',
        subjectType: 'account',
        subjectId: account.id,
        details: { trackingCode: t.trackingCode, idDocumentType: input.idDocument.type, approvedBy },
      },
      known: { account: { ...accountStateSourceOf(account), passwordRevokedAt: revokedAt, liveReset: true } },
    });
    return { ...r, mobileMasked: maskMobile(account.mobile), smsState: 'queued' as const };
  });
}

/**
 * REC-1..3: self-service recovery with the username and the registered mobile. The answer is
 * the same whatever happened (unknown user, wrong mobile, cooldown), so the kiosk cannot be used
 * to learn who is registered; the current password keeps working until the new one is used.
 * The account is read, under its row lock, inside the transaction that writes the reset.
 */
export async function recoverBySelfService(env: ServiceEnv, input: { username: string; mobile: string }): Promise<void> {
  const password = randomDigits(8);
  const hash = await hashPassword(password); // always, so every answer costs the same
  await inTx(env, async (tx) => {
    const found = await findAccountByUsername(tx, input.username);
    // The same row lock as a counter reset: a recovery racing a reset at a counter takes turns with
    // it, so the second sees the first (cooldown, supersede) and exactly one reset is the latest.
    const account = found && (await findAccountForUpdate(tx, found.id));
    const eligible = account && account.status === 'active' && account.mobile !== null && account.mobile === input.mobile;
    if (!eligible || !account) {
      await audit(tx, env, SYSTEM_ACTOR, { action: 'reset.self-refused', details: { reason: account ? 'mismatch' : 'unknown' } });
      return;
    }
    const t = await throttle(tx, env, account.id, 'self');
    if (t.refused) {
      await audit(tx, env, SYSTEM_ACTOR, { action: 'reset.self-throttled', subjectType: 'account', subjectId: account.id, details: { reason: t.refused.code } });
      return;
    }
    await createReset(tx, env, account, 'self', { staffId: null, approvedBy: null, idDocument: null }, t.trackingCode, Promise.resolve(hash), password, {
      actor: { type: 'portal', id: account.id, name: account.username },
      entry: { action: 'reset.self', subjectType: 'account', subjectId: account.id, details: { trackingCode: t.trackingCode } },
    });
  });
}
