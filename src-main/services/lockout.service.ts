import { clearFailures, lockWhenSpent, readFailures, returnGuessSlot, takeGuessSlot, type Scope } from '../db/login-failures.repo';
import type { Q, WriteTx } from '../db/types';
import { AppError } from '../../shared/errors';
import { inTx, type ServiceEnv } from './env';

/** Failures before a lock; the first lock lasts a minute and each further one doubles, up to an hour. */
export const LOCK_THRESHOLD = 5;
export const FIRST_LOCK_MS = 60_000;
export const MAX_LOCK_MS = 60 * 60_000;

export function lockDurationMs(level: number): number {
  return Math.min(FIRST_LOCK_MS * 2 ** Math.max(0, level - 1), MAX_LOCK_MS);
}

/** Seconds until the lock ends, or 0 when the username may try. */
export async function lockedFor(q: Q, scope: Scope, username: string, now: Date): Promise<number> {
  return secondsLeft((await readFailures(q, scope, username)).lockedUntil, now);
}

function secondsLeft(lockedUntil: string | null, now: Date): number {
  const ms = lockedUntil ? new Date(lockedUntil).getTime() - now.getTime() : 0;
  return ms > 0 ? Math.ceil(ms / 1000) : 0;
}

/**
 * Issue 10 item 2: a guess is counted before it is verified, in one atomic step, so that a burst
 * sent at once gets at most LOCK_THRESHOLD guesses verified. Returns 0 when this guess may be
 * verified, else the seconds to wait (the running lock, or the one the guesses still being
 * verified will set).
 */
export async function claimGuess(tx: WriteTx, scope: Scope, username: string, now: Date): Promise<number> {
  if (await takeGuessSlot(tx, scope, username, LOCK_THRESHOLD, now.toISOString())) return 0;
  const s = await readFailures(tx, scope, username);
  return secondsLeft(s.lockedUntil, now) || Math.ceil(lockDurationMs(s.lockLevel + 1) / 1000);
}

/** A claimed guess proved right but the login is refused for another reason (disabled, expired): it is no failure. */
export function releaseGuess(tx: WriteTx, scope: Scope, username: string): Promise<void> {
  return returnGuessSlot(tx, scope, username);
}

/** After a claimed guess proved wrong: locks once the threshold is spent; returns the lock's seconds, or 0. */
export async function recordFailure(tx: WriteTx, scope: Scope, username: string, now: Date): Promise<number> {
  const s = await readFailures(tx, scope, username);
  // A lock still running is never overwritten: parallel guesses must not clear it.
  const running = secondsLeft(s.lockedUntil, now);
  if (running > 0) return running;
  if (s.failures < LOCK_THRESHOLD) return 0;
  const level = s.lockLevel + 1;
  const ms = lockDurationMs(level);
  if (await lockWhenSpent(tx, scope, username, LOCK_THRESHOLD, s.lockLevel, new Date(now.getTime() + ms).toISOString(), now.toISOString())) {
    return Math.ceil(ms / 1000);
  }
  return lockedFor(tx, scope, username, now);
}

export async function clearLock(q: WriteTx, scope: Scope, username: string): Promise<boolean> {
  return (await clearFailures(q, scope, username)) > 0;
}

/**
 * The current password typed into a change-password form is a guess like a login's: it is
 * claimed before it is verified and counts towards the same lock, so a session left open cannot
 * be used to try passwords without limit (and a burst gets at most the threshold verified).
 * `verify` is called only when the guess may be tried; a wrong guess is WRONG_CURRENT_PASSWORD
 * (the form has no username: issue 12 item 6) until the lock, then ACCOUNT_LOCKED.
 */
export async function verifyCurrentPassword(env: ServiceEnv, scope: Scope, username: string, verify: () => Promise<boolean>): Promise<void> {
  const now = env.clock.now();
  const wait = await inTx(env, (tx) => claimGuess(tx, scope, username, now));
  if (wait > 0) throw new AppError('ACCOUNT_LOCKED', { retryAfterSeconds: wait });
  if (await verify()) {
    await inTx(env, (tx) => clearLock(tx, scope, username));
    return;
  }
  const locked = await inTx(env, (tx) => recordFailure(tx, scope, username, now));
  if (locked > 0) throw new AppError('ACCOUNT_LOCKED', { retryAfterSeconds: locked });
  throw new AppError('WRONG_CURRENT_PASSWORD');
}
