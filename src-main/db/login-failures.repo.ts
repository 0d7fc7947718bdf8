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

export async function writeFailures(q: WriteTx, scope: Scope, username: string, s: FailureState, at: string): Promise<void> {
  await q('login_failures')
    .insert({ scope, username, failures: s.failures, lock_level: s.lockLevel, locked_until: s.lockedUntil, last_failure_at: at })
    .onConflict(['scope', 'username'])
    .merge(['failures', 'lock_level', 'locked_until', 'last_failure_at']);
}

export async function clearFailures(q: WriteTx, scope: Scope, username: string): Promise<number> {
  return q('login_failures').where({ scope, username }).delete();
}
