import { clearFailures, readFailures, writeFailures, type Scope } from '../db/login-failures.repo';
import type { Q, WriteTx } from '../db/types';

/** Failures before a lock; the first lock lasts a minute and each further one doubles, up to an hour. */
export const LOCK_THRESHOLD = 5;
export const FIRST_LOCK_MS = 60_000;
export const MAX_LOCK_MS = 60 * 60_000;

export function lockDurationMs(level: number): number {
  return Math.min(FIRST_LOCK_MS * 2 ** Math.max(0, level - 1), MAX_LOCK_MS);
}

/** Seconds until the lock ends, or 0 when the username may try. */
export async function lockedFor(q: Q, scope: Scope, username: string, now: Date): Promise<number> {
  const s = await readFailures(q, scope, username);
  if (!s.lockedUntil) return 0;
  const ms = new Date(s.lockedUntil).getTime() - now.getTime();
  return ms > 0 ? Math.ceil(ms / 1000) : 0;
}

/** Counts a failure for the typed username (known or not); returns the lock's seconds if it locked. */
export async function recordFailure(q: WriteTx, scope: Scope, username: string, now: Date): Promise<number> {
  const s = await readFailures(q, scope, username);
  // A lock still running is never overwritten: parallel guesses must not clear it.
  const running = s.lockedUntil ? new Date(s.lockedUntil).getTime() - now.getTime() : 0;
  if (running > 0) return Math.ceil(running / 1000);
  const failures = s.failures + 1;
  if (failures >= LOCK_THRESHOLD) {
    const level = s.lockLevel + 1;
    const ms = lockDurationMs(level);
    await writeFailures(q, scope, username, { failures: 0, lockLevel: level, lockedUntil: new Date(now.getTime() + ms).toISOString() }, now.toISOString());
    return Math.ceil(ms / 1000);
  }
  await writeFailures(q, scope, username, { failures, lockLevel: s.lockLevel, lockedUntil: null }, now.toISOString());
  return 0;
}

export async function clearLock(q: WriteTx, scope: Scope, username: string): Promise<boolean> {
  return (await clearFailures(q, scope, username)) > 0;
}
