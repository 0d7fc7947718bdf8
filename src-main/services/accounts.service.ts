import type { z } from 'zod';
import type { AccountDetailSchema, AccountSummarySchema } from '../../shared/contract/accounts.contract';
import type { IdDocument } from '../../shared/contract/common';
import type { Output } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { classifySearch } from '../../shared/search/classify';
import { maskMobile } from '../../shared/text/mask';
import { findAccountById, listPermissions, searchAccounts, updateAccount, type AccountRecord, type AccountSearchKind } from '../db/accounts.repo';
import { surnameKeysPending } from '../db/deferred-upgrade.repo';
import { setIdentifierStatus } from '../db/identifiers.repo';
import { pendingVerification } from '../db/verifications.repo';
import { resetsOfAccount, supersedeResets } from '../db/resets.repo';
import type { Tx } from '../db/connection';
import { audit, auditedLookup, inTx, type Actor, type ServiceEnv } from './env';
import { requireHoldersDocument } from './id-document';
import { cancelSuperseded } from './outbox.service';
import { clearLock, lockedFor } from './lockout.service';
import { getSettings } from './settings.service';

export type AccountSummary = z.infer<typeof AccountSummarySchema>;
export type AccountDetail = z.infer<typeof AccountDetailSchema>;

function fullName(a: AccountRecord): string | null {
  const n = [a.firstName, a.lastName].filter(Boolean).join(' ');
  return n || null;
}

export function toSummary(a: AccountRecord): AccountSummary {
  return {
    id: a.id,
    username: a.username,
    kind: a.kind,
    status: a.status,
    fullName: fullName(a),
    branchName: a.branchName,
    insuranceNumber: a.insuranceNumber,
    mobileMasked: a.mobile ? maskMobile(a.mobile) : null,
    registeredAt: a.registeredAt,
  };
}

/** The account page: status, masked mobile, resets with their SMS states, who registered. */
export async function accountDetail(q: Tx | ServiceEnv['db'], env: ServiceEnv, a: AccountRecord): Promise<AccountDetail> {
  const s = await getSettings(q);
  const resets = await resetsOfAccount(q, a.id);
  const pending = await pendingVerification(q, a.id, env.clock.now().toISOString());
  const guardUntil = a.mobileChangedAt ? new Date(new Date(a.mobileChangedAt).getTime() + s.mobileChangeGuardHours * 3600_000).toISOString() : null;
  return {
    ...toSummary(a),
    branchCode: a.branchCode,
    insuranceGroup: a.insuranceGroupName,
    email: a.email,
    mustChangePassword: a.mustChangePassword,
    initialPasswordExpiresAt: a.initialPasswordExpiresAt,
    passwordRevoked: a.passwordRevokedAt !== null,
    lockedForSeconds: a.liveUsername ? await lockedFor(q, 'portal', a.liveUsername, env.clock.now()) : 0,
    permissions: await listPermissions(q, a.id),
    registeredBy: a.registeredByName,
    termsVersion: a.termsVersion,
    mobileChangedAt: a.mobileChangedAt,
    resetNeedsApprovalUntil: guardUntil && guardUntil > env.clock.now().toISOString() ? guardUntil : null,
    voidReason: a.voidReason,
    resets: resets.map((r) => ({
      id: r.id,
      trackingCode: r.trackingCode,
      channel: r.channel,
      // A sent reset whose life is over no longer works: say so rather than 'sent'.
      state: r.state === 'sent' && r.validUntil !== null && r.validUntil <= env.clock.now().toISOString() ? 'expired' : r.state,
      smsState: (r.smsStatus as AccountDetail['resets'][number]['smsState']) ?? null,
      createdAt: r.createdAt,
      sentAt: r.sentAt,
      validUntil: r.validUntil,
      requestedBy: r.requestedByName,
    })),
    pendingMobileChange: pending ? { id: pending.id, newMobileMasked: maskMobile(pending.newMobile), expiresAt: pending.expiresAt } : null,
  };
}

const KIND_TO_COLUMN: Record<ReturnType<typeof classifySearch>['kind'], AccountSearchKind> = {
  nationalCode: 'username',
  foreignId: 'username',
  mobile: 'mobile',
  insuranceNumber: 'insuranceNumber',
  name: 'name',
};

/**
 * One search box: the input's shape picks one indexed lookup. The lookup is audited: its entry
 * is group-committed (issue 11 item 4: no commit of its own in the clerk's wait, at most the
 * last 250 ms of searches lost to a power cut), or written with the read where nothing queues.
 * A name search after an upgrade, while the surname keys are filled, carries a notice.
 */
export async function searchAccountsByShape(env: ServiceEnv, actor: Actor, query: string): Promise<Output<'accounts:search'>> {
  const c = classifySearch(query);
  const rows = await auditedLookup(
    env,
    actor,
    (q) => searchAccounts(q, KIND_TO_COLUMN[c.kind], c.value, 50),
    (found) => ({ action: 'account.search', details: { kind: c.kind, results: found.length, accountIds: found.map((r) => r.id).join(',') } }),
  );
  // A name search walks the surname index too: say so while older accounts' keys are being filled.
  const notice = c.kind === 'name' && (await surnameKeysPending(env.db)) ? 'SURNAME_SEARCH_UPDATING' : null;
  return { kind: c.kind, items: rows.map(toSummary), notice };
}

export async function viewAccount(env: ServiceEnv, actor: Actor, accountId: number): Promise<AccountDetail> {
  return inTx(env, async (tx) => {
    const a = await findAccountById(tx, accountId);
    if (!a) throw new AppError('ACCOUNT_NOT_FOUND');
    await audit(tx, env, actor, { action: 'account.viewed', subjectType: 'account', subjectId: accountId });
    return accountDetail(tx, env, a);
  });
}

/** A clerk lifts the portal lockout for the person present (document recorded). */
export async function unlockPortalAccount(env: ServiceEnv, actor: Actor, accountId: number, doc: IdDocument): Promise<AccountDetail> {
  return inTx(env, async (tx) => {
    const a = await findAccountById(tx, accountId);
    if (!a) throw new AppError('ACCOUNT_NOT_FOUND');
    requireHoldersDocument(a, doc);
    if (a.liveUsername) await clearLock(tx, 'portal', a.liveUsername);
    await audit(tx, env, actor, { action: 'account.unlocked', subjectType: 'account', subjectId: accountId, details: { idDocumentType: doc.type } });
    return accountDetail(tx, env, a);
  });
}

export async function setAccountDisabled(env: ServiceEnv, actor: Actor, accountId: number, disabled: boolean, reason: string): Promise<AccountDetail> {
  return inTx(env, async (tx) => {
    const a = await findAccountById(tx, accountId);
    if (!a) throw new AppError('ACCOUNT_NOT_FOUND');
    if (a.status === 'voided') throw new AppError('ACCOUNT_VOIDED');
    await updateAccount(tx, accountId, { status: disabled ? 'disabled' : 'active', disabledAt: disabled ? env.clock.now().toISOString() : null });
    await audit(tx, env, actor, { action: disabled ? 'account.disabled' : 'account.enabled', subjectType: 'account', subjectId: accountId, details: { reason } });
    return accountDetail(tx, env, (await findAccountById(tx, accountId))!);
  });
}

/**
 * A supervisor voids a registration made in error: the username is free again (a mistyped
 * national code must not block its real owner), open resets end, a foreign identifier may be
 * used again. The row stays, with the reason, for the audit.
 */
export async function voidRegistration(env: ServiceEnv, actor: Actor, accountId: number, reason: string): Promise<AccountDetail> {
  return inTx(env, async (tx) => {
    const a = await findAccountById(tx, accountId);
    if (!a) throw new AppError('ACCOUNT_NOT_FOUND');
    if (a.status === 'voided') throw new AppError('ACCOUNT_VOIDED');
    const at = env.clock.now().toISOString();
    await updateAccount(tx, accountId, { voided: { at, by: actor.id!, reason } });
    await cancelSuperseded(tx, await supersedeResets(tx, accountId, at), at);
    if (a.foreignIdentifierId !== null) await setIdentifierStatus(tx, a.foreignIdentifierId, { status: 'issued' });
    await audit(tx, env, actor, { action: 'account.voided', subjectType: 'account', subjectId: accountId, details: { reason } });
    return accountDetail(tx, env, (await findAccountById(tx, accountId))!);
  });
}
