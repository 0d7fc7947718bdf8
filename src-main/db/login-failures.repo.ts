import type { Q, WriteTx } from './types';
import { num } from './types';

export type Scope = 'staff' | 'portal';
export interface FailureState {
  failures: number;
  lockLevel: number;
  lockedUntil: string | null;
}

export async function readFailures(q: Q, scope: Scope, username: string): Promise<FailureState> {
  const r = await q('login_failures').where({ scope, username }).first<{ failures: number; lock_level: number; locked_until: string | null } | undefined>();
  return r ? { failures: num(r.failures), lockLevel: num(r.lock_level), lockedUntil: r.locked_until } : { failures: 0, lockLevel: 0, lockedUntil: null };
}

/**
 * Counts one guess before it is verified, in one conditional UPDATE (atomic on SQLite and, by its
 * row lock, on PostgreSQL): true when the username is not locked and fewer than `threshold`
 * guesses are counted, those still being verified included.
 */
export async function takeGuessSlot(q: WriteTx, scope: Scope, username: string, threshold: number, at: string): Promise<boolean> {
  await q('login_failures').insert({ scope, username, failures: 0, lock_level: 0, locked_until: null, last_failure_at: null }).onConflict(['scope', 'username']).ignore();
  const n = await q('login_failures')
    .where({ scope, username })
    .where('failures', '<', threshold)
    .where((w) => w.whereNull('locked_until').orWhere('locked_until', '<=', at))
    .update({ failures: q.raw('failures + 1'), last_failure_at: at });
  return n > 0;
}

/** Gives back a counted guess that proved right (the login was refused for another reason); drops an empty row. */
export async function returnGuessSlot(q: WriteTx, scope: Scope, username: string): Promise<void> {
  await q('login_failures').where({ scope, username }).where('failures', '>', 0).update({ failures: q.raw('failures - 1') });
  await q('login_failures').where({ scope, username, failures: 0, lock_level: 0 }).whereNull('locked_until').delete();
}

/** Sets the lock once the threshold of counted guesses is spent; false when another guess set it first. */
export async function lockWhenSpent(q: WriteTx, scope: Scope, username: string, threshold: number, fromLevel: number, lockedUntil: string, at: string): Promise<boolean> {
  const n = await q('login_failures')
    .where({ scope, username, lock_level: fromLevel })
    .where('failures', '>=', threshold)
    .where((w) => w.whereNull('locked_until').orWhere('locked_until', '<=', at))
    .update({ failures: 0, lock_level: fromLevel + 1, locked_until: lockedUntil, last_failure_at: at });
  return n > 0;
}

export async function clearFailures(q: WriteTx, scope: Scope, username: string): Promise<number> {
  return q('login_failures').where({ scope, username }).delete();
}
