import type { Clock } from '../core/clock';
import type { KeyStore } from '../core/secrets';
import { writeTransaction, type Db, type Tx } from '../db/connection';
import { appendAudit, appendAudits, SYSTEM, type Actor, type AuditEntry } from './audit.service';
import { journalAudited } from './journal.service';

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

/**
 * The audit rule and the journal (issue 8): every change is audited here, and a change to an
 * account, identifier or station is journaled in the same transaction, anchored to its audit entry.
 */
export async function audit(tx: Tx, env: ServiceEnv, actor: Actor, entry: AuditEntry): Promise<void> {
  const at = env.clock.now();
  const anchor = await appendAudit(tx, env.keys.key('audit'), actor, entry, at);
  await journalAudited(tx, env, actor, entry, anchor, at);
}

/** Several entries of one actor at the clock's now, chained in one step (a dispatcher batch), each journaled like `audit`. */
export async function audits(tx: Tx, env: ServiceEnv, actor: Actor, entries: readonly AuditEntry[]): Promise<void> {
  const at = env.clock.now();
  const anchors = await appendAudits(tx, env.keys.key('audit'), actor, entries, at);
  for (const [i, entry] of entries.entries()) await journalAudited(tx, env, actor, entry, anchors[i]!, at);
}

export type { Actor };

export const SYSTEM_ACTOR: Actor = SYSTEM;
