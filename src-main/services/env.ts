import type { Clock } from '../core/clock';
import type { KeyStore } from '../core/secrets';
import { writeTransaction, type Db, type Tx } from '../db/connection';
import { appendAudit, SYSTEM, type Actor, type AuditEntry } from './audit.service';

/** What every service needs: the database, the clock, and the keys kept outside the database. */
export interface ServiceEnv {
  db: Db;
  clock: Clock;
  keys: KeyStore;
}

/** Multi-step writes run in one transaction; the audit entry and any SMS join it. */
export function inTx<T>(env: ServiceEnv, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return writeTransaction(env.db, fn);
}

export function audit(tx: Tx, env: ServiceEnv, actor: Actor, entry: AuditEntry): Promise<void> {
  return appendAudit(tx, env.keys.key('audit'), actor, entry, env.clock.now());
}

export type { Actor };

export const SYSTEM_ACTOR: Actor = SYSTEM;
