import type { Clock } from '../core/clock';
import type { KeyStore } from '../core/secrets';
import { beginWrite, type Db, type Tx } from '../db/connection';
import { appendAudit, appendAudits, SYSTEM, type Actor, type AuditEntry } from './audit.service';

/** What every service needs: the database, the clock, and the keys kept outside the database. */
export interface ServiceEnv {
  db: Db;
  clock: Clock;
  keys: KeyStore;
}

/** Multi-step writes run in one transaction; the audit entry and any SMS join it. */
export function inTx<T>(env: ServiceEnv, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return env.db.transaction(async (tx) => {
    await beginWrite(tx);
    return fn(tx);
  });
}

export function audit(tx: Tx, env: ServiceEnv, actor: Actor, entry: AuditEntry): Promise<void> {
  return appendAudit(tx, env.keys.key('audit'), actor, entry, env.clock.now());
}

/** Several entries of one actor at the clock's now, chained in one step (a dispatcher batch). */
export function audits(tx: Tx, env: ServiceEnv, actor: Actor, entries: readonly AuditEntry[]): Promise<void> {
  return appendAudits(tx, env.keys.key('audit'), actor, entries, env.clock.now());
}

export type { Actor };

export const SYSTEM_ACTOR: Actor = SYSTEM;
