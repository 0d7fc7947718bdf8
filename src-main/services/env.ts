import type { AnchorLog } from '../core/audit-anchors';
import type { LookupAudits } from './lookup-audits';
import type { Clock } from '../core/clock';
import type { KeyStore } from '../core/secrets';
import { writeTransaction, type Db, type Tx } from '../db/connection';
import { appendAuditedChange } from '../db/journal.repo';
import { writePendingHash } from '../db/pending-hash';
import { holdsDatabaseLock, type Q } from '../db/types';
import { logger } from '../core/log';
import { anchorOf, appendAuditItems, chainAuditItems, SYSTEM, type Actor, type AuditAnchor, type AuditEntry, type AuditItem } from './audit.service';
import { journalAudited, journalEntriesOf, type JournalKnown } from './journal.service';

/** What every service needs: the database, the clock, and the keys kept outside the database. */
export interface ServiceEnv {
  db: Db;
  clock: Clock;
  keys: KeyStore;
  /** The audit head's anchors outside the database (absent where nothing anchors, e.g. a read-only tool). */
  anchors?: AnchorLog | undefined;
  /** Called after a transaction that wrote journal entries commits: the live link to headquarters wakes. */
  onJournalCommitted?: (() => void) | undefined;
  /**
   * Issue 11 item 4: where a search's audit entry waits to be group-committed (absent: each
   * search commits its entry with its read, as a command-line tool does).
   */
  lookupAudits?: LookupAudits | undefined;
  /**
   * REC-4: told, after a transaction commits, the ids of messages it superseded (cancelSuperseded),
   * so a dispatcher that holds one claimed ahead never hands it to the gateway.
   */
  smsSuperseded?: Set<(ids: readonly number[]) => void> | undefined;
}

const log = logger('audit-anchor');

/** The newest audit entry each open transaction appended, anchored once it commits. */
const appended = new WeakMap<Tx, AuditAnchor>();
/** Open transactions that wrote journal entries. */
const journaled = new WeakSet<Tx>();
/** Messages each open transaction superseded (noteSuperseded). */
const superseded = new WeakMap<Tx, number[]>();

/** The messages `ids` were superseded in `tx`: once it commits, env.smsSuperseded hears of them. */
export function noteSuperseded(tx: Tx, ids: readonly number[]): void {
  if (ids.length > 0) superseded.set(tx, [...(superseded.get(tx) ?? []), ...ids]);
}

/** Multi-step writes run in one transaction; the audit entry and any SMS join it. */
export async function inTx<T>(env: ServiceEnv, fn: (tx: Tx) => Promise<T>): Promise<T> {
  let handle: Tx | undefined;
  const result = await writeTransaction(env.db, (tx) => {
    handle = tx;
    return fn(tx);
  });
  const head = handle && appended.get(handle);
  if (head && env.anchors) {
    try {
      env.anchors.record(head, env.clock.now());
    } catch (e) {
      // The change is committed; a missing anchor only weakens the truncation check.
      log.error('audit anchor not written', e instanceof Error ? e.message : String(e));
    }
  }
  if (handle && journaled.has(handle)) env.onJournalCommitted?.();
  const gone = handle && superseded.get(handle);
  if (gone) for (const l of env.smsSuperseded ?? []) l(gone);
  return result;
}

/**
 * The audit rule and the journal (issue 8): every change is audited here, and a change to an
 * account, identifier or station is journaled in the same transaction, anchored to its audit entry.
 * `known`: what the change already holds of its record, which the journal then does not read back.
 */
export async function audit(tx: Tx, env: ServiceEnv, actor: Actor, entry: AuditEntry, known?: JournalKnown): Promise<void> {
  const at = env.clock.now();
  const rows = await chainAuditItems(tx, env.keys.key('audit'), [{ actor, entry, at }]);
  const anchor = anchorOf(rows[0]!);
  const entries = await journalEntriesOf(tx, env, actor, entry, anchor, at, known);
  // The entry, the new head and its journal entries: one statement on PostgreSQL (issue 11 item 4).
  await appendAuditedChange(tx, rows, entries);
  appended.set(tx, anchor);
  if (entries.length > 0) journaled.add(tx);
}

/**
 * `audit` for a change whose row waits for an argon2id hash (a registration, a counter reset: the
 * row went in with `PASSWORD_HASH_PENDING` while the hash ran, issue 11 item 4), and the hash's
 * write. Where the transaction holds the database's lock anyway (SQLite), the entry goes in while
 * the hash still runs, and only the hash's write follows it. On PostgreSQL the audit head is every
 * counter's lock, so it is not taken until the hash is ready: the hash's write takes it in the
 * same statement, and the entry follows.
 */
export async function auditWithHash(tx: Tx, env: ServiceEnv, actor: Actor, entry: AuditEntry, known: JournalKnown | undefined, written: { table: 'accounts' | 'password_resets'; id: number; hash: Promise<string> }): Promise<void> {
  const writeHash = async () => writePendingHash(tx, written.table, written.id, await written.hash);
  if (holdsDatabaseLock(tx)) {
    await audit(tx, env, actor, entry, known);
    await writeHash();
  } else {
    await writeHash();
    await audit(tx, env, actor, entry, known);
  }
}

/** Several entries of one actor at the clock's now, chained in one step (a dispatcher batch), each journaled like `audit`. */
export async function audits(tx: Tx, env: ServiceEnv, actor: Actor, entries: readonly AuditEntry[]): Promise<void> {
  const at = env.clock.now();
  await auditItems(
    tx,
    env,
    entries.map((entry) => ({ actor, entry, at })),
  );
}

/** Entries of any actors and times (queued lookups), chained in one step, each journaled like `audit`. */
export async function auditItems(tx: Tx, env: ServiceEnv, items: readonly AuditItem[]): Promise<void> {
  const anchors = await appendAuditItems(tx, env.keys.key('audit'), items);
  const newest = anchors.at(-1);
  if (newest) appended.set(tx, newest);
  for (const [i, { actor, entry, at }] of items.entries()) if (await journalAudited(tx, env, actor, entry, anchors[i]!, at)) journaled.add(tx);
}

/**
 * A lookup and its audit entry (issue 11 item 4): where the app queues lookup entries, one read
 * and the entry joins the next group commit (no commit in the clerk's wait); elsewhere the entry
 * is written in the read's own transaction.
 */
export async function auditedLookup<T>(env: ServiceEnv, actor: Actor, read: (q: Q) => Promise<T>, entryOf: (result: T) => AuditEntry): Promise<T> {
  const queue = env.lookupAudits;
  if (!queue) {
    return inTx(env, async (tx) => {
      const result = await read(tx);
      await audit(tx, env, actor, entryOf(result));
      return result;
    });
  }
  const result = await read(env.db);
  await queue.add({ actor, entry: entryOf(result), at: env.clock.now() });
  return result;
}

export type { Actor };

export const SYSTEM_ACTOR: Actor = SYSTEM;
