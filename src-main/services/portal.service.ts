import { AppError } from '../../shared/errors';
import { normalizeDigitInput } from '../../shared/text/digits';
import { maskId } from '../../shared/text/mask';
import { accountSessionState, findAccountById, findAccountByUsername, findAccountForUpdate, grantPermissions, listPermissions, updateAccount, type AccountRecord } from '../db/accounts.repo';
import { liveReset, setResetState } from '../db/resets.repo';
import { audit, inTx, SYSTEM_ACTOR, type ServiceEnv } from './env';
import { claimGuess, clearLock, recordFailure, releaseGuess, verifyCurrentPassword } from './lockout.service';
import { acceptNewPassword, typedPassword } from './password-policy';
import { burnVerify, hashPassword, verifyPassword } from './passwords';

/** LOG-5: the general accesses granted once the first password change succeeds. */
export const GENERAL_PERMISSIONS = ['issue_payment_slip', 'receive_payment_receipt'] as const;

export interface PortalMe {
  accountId: number;
  username: string;
  mustChangePassword: boolean;
  permissions: string[];
  /** The account's session version as read now: the kiosk session keeps it (issue 10 item 6). */
  sessionVersion: number;
}

async function me(env: ServiceEnv, account: AccountRecord): Promise<PortalMe> {
  return {
    accountId: account.id,
    username: account.username,
    mustChangePassword: account.mustChangePassword,
    sessionVersion: account.sessionVersion,
    permissions: account.mustChangePassword ? [] : await listPermissions(env.db, account.id),
  };
}

/** Issue 10 item 6: a kiosk login stands while its account is active and its session version unchanged. */
export async function portalLoginStands(env: ServiceEnv, accountId: number, sessionVersion: number): Promise<boolean> {
  const s = await accountSessionState(env.db, accountId);
  return s !== undefined && s.status === 'active' && s.sessionVersion === sessionVersion;
}

export async function portalMe(env: ServiceEnv, accountId: number): Promise<PortalMe | null> {
  const a = await findAccountById(env.db, accountId);
  return a && a.status === 'active' ? me(env, a) : null;
}

/**
 * LOG-1 (username and password = the code), REC-4/REC-5 (only the newest reset's SMS password),
 * with failures counted per typed username and the same answer for an unknown username.
 */
export async function portalLogin(env: ServiceEnv, usernameTyped: string, passwordTyped: string): Promise<PortalMe> {
  const username = normalizeDigitInput(usernameTyped).slice(0, 40);
  const now = env.clock.now();
  const password = typedPassword(passwordTyped);
  // Counted before it is verified (issue 10 item 2): a burst gets at most the threshold verified.
  const wait = await inTx(env, (tx) => claimGuess(tx, 'portal', username, now));
  if (wait > 0) throw new AppError('ACCOUNT_LOCKED', { retryAfterSeconds: wait });
  const account = await findAccountByUsername(env.db, username);

  let via: 'account' | 'reset' | null = null;
  let resetId: number | null = null;
  let resetHash: string | null = null;
  // Every refusal costs exactly two hashes (the account's or a dummy, then the live reset's or a
  // dummy), so the answer's timing says nothing about whether the username exists, whether its
  // password was revoked at the counter, or whether a reset is waiting.
  if (account && account.passwordRevokedAt === null) {
    if (await verifyPassword(account.passwordHash, password)) via = 'account';
  } else {
    await burnVerify(password);
  }
  if (via === null) {
    const reset = account ? await liveReset(env.db, account.id, now.toISOString()) : undefined;
    if (reset) {
      if (await verifyPassword(reset.passwordHash, password)) {
        via = 'reset';
        resetId = reset.id;
        resetHash = reset.passwordHash;
      }
    } else {
      await burnVerify(password);
    }
  }
  if (!account || via === null) {
    const locked = await inTx(env, async (tx) => {
      // The guess was counted when it was claimed; this sets the lock once the threshold is spent.
      // A password typed into the username field must not reach the audit: record only what
      // has a username's shape, masked like any identifier.
      const shown = /^\d{10}(\d{2})?$/.test(username) ? maskId(username) : '(not a username)';
      await audit(tx, env, SYSTEM_ACTOR, { action: 'portal.login-failed', subjectType: 'username', subjectId: shown });
      return recordFailure(tx, 'portal', username, now);
    });
    if (locked > 0) throw new AppError('ACCOUNT_LOCKED', { retryAfterSeconds: locked });
    throw new AppError('INVALID_CREDENTIALS');
  }
  const refusal =
    account.status === 'disabled'
      ? 'ACCOUNT_DISABLED'
      : via === 'account' && account.mustChangePassword && account.initialPasswordExpiresAt && account.initialPasswordExpiresAt <= now.toISOString()
        ? 'INITIAL_PASSWORD_EXPIRED'
        : null;
  if (refusal) {
    await inTx(env, (tx) => releaseGuess(tx, 'portal', username));
    throw new AppError(refusal);
  }
  const signedIn = await inTx(env, async (tx) => {
    // BR-3, REC-4: what was verified must still hold under the account's lock — a counter reset
    // committed while the hash was checked has revoked the password (the session version moved)
    // or superseded the reset whose SMS password was typed.
    const locked = await findAccountForUpdate(tx, account.id);
    const stands =
      locked !== undefined &&
      locked.status === 'active' &&
      locked.sessionVersion === account.sessionVersion &&
      (via === 'account' ? locked.passwordRevokedAt === null : (await liveReset(tx, account.id, now.toISOString()))?.id === resetId);
    if (!stands) return null;
    if (via === 'reset') {
      // The SMS password becomes the account's password, to be changed at once (LOG-2).
      await updateAccount(tx, account.id, { passwordHash: resetHash!, mustChangePassword: true, passwordRevokedAt: null, initialPasswordExpiresAt: null });
      await setResetState(tx, resetId!, { state: 'used', usedAt: now.toISOString(), endedAt: now.toISOString() });
    }
    await clearLock(tx, 'portal', username);
    await audit(tx, env, { type: 'portal', id: account.id, name: account.username }, { action: 'portal.login', subjectType: 'account', subjectId: account.id, details: { via } });
    // The session keeps the version this transaction leaves, not one a later reset makes.
    return findAccountById(tx, account.id);
  });
  if (!signedIn) {
    // Not a wrong guess: the password was right until a reset took it. The same answer as a login a moment later.
    await inTx(env, (tx) => releaseGuess(tx, 'portal', username));
    throw new AppError('INVALID_CREDENTIALS');
  }
  return me(env, signedIn);
}

/**
 * LOG-2, LOG-3, LOG-5: current, new and repeat; the new one is 8–64 printable ASCII, not common,
 * not the username, the insurance number or the mobile. Then the general accesses are granted.
 */
export async function portalChangePassword(env: ServiceEnv, accountId: number, current: string, next: string, repeat: string): Promise<PortalMe> {
  const account = await findAccountById(env.db, accountId);
  if (!account || account.status !== 'active') throw new AppError('UNAUTHENTICATED');
  // BR-3: a password killed by a reset at the counter cannot be "changed" from a kiosk session
  // that was opened with it before the reset.
  await verifyCurrentPassword(env, 'portal', account.username, async () =>
    account.passwordRevokedAt === null ? verifyPassword(account.passwordHash, typedPassword(current)) : (await burnVerify(current), false),
  );
  const accepted = acceptNewPassword(next, repeat, [account.username, account.insuranceNumber, account.mobile]);
  if (accepted === typedPassword(current)) throw new AppError('WEAK_PASSWORD', { reason: 'same' });
  const hash = await hashPassword(accepted);
  const changed = await inTx(env, async (tx) => {
    // BR-3: a counter reset committed while the current password was checked has revoked it.
    const locked = await findAccountForUpdate(tx, accountId);
    if (!locked || locked.status !== 'active' || locked.sessionVersion !== account.sessionVersion) throw new AppError('PASSWORD_CHANGED_MEANWHILE');
    const at = env.clock.now().toISOString();
    await updateAccount(tx, accountId, { passwordHash: hash, mustChangePassword: false, initialPasswordExpiresAt: null, passwordRevokedAt: null, passwordChangedAt: at });
    await grantPermissions(tx, accountId, GENERAL_PERMISSIONS, at);
    await audit(tx, env, { type: 'portal', id: accountId, name: account.username }, { action: 'portal.password-changed', subjectType: 'account', subjectId: accountId });
    return (await findAccountById(tx, accountId))!;
  });
  return me(env, changed);
}
