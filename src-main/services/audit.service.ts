import type { AnchorRead } from '../core/audit-anchors';
import { hmacHex } from '../core/secrets';
import { auditBatch, insertAudits, listAudit, lockHead, readHead, type AuditFilter, type AuditRow } from '../db/audit.repo';
import type { Q, WriteTx } from '../db/types';

export const GENESIS_HASH = '0'.repeat(64);

/** Who did something: a staff member, a portal user at the kiosk, or the system itself. */
export interface Actor {
  type: 'staff' | 'portal' | 'system';
  id: number | null;
  name: string | null;
}

export const SYSTEM: Actor = { type: 'system', id: null, name: 'system' };

export interface AuditEntry {
  action: string;
  subjectType?: string;
  subjectId?: string | number;
  /** Never a password, a code or a full secret: callers pass only what an auditor may read. */
  details?: Record<string, string | number | boolean | null | undefined>;
}

/**
 * Sorted keys, no whitespace, undefined values left out (as JSON leaves them out): the same bytes
 * on SQLite and PostgreSQL, whatever order the caller built the object in.
 */
export function canonicalJson(value: Record<string, unknown>): string {
  const keys = Object.keys(value)
    .filter((k) => value[k] !== undefined)
    .sort();
  return '{' + keys.map((k) => JSON.stringify(k) + ':' + JSON.stringify(value[k])).join(',') + '}';
}

function serialise(r: Omit<AuditRow, 'hash'>): string {
  return JSON.stringify([r.id, r.at, r.actor_type, r.actor_id, r.actor_name, r.action, r.subject_type, r.subject_id, r.details, r.prev_hash]);
}

/**
 * REG-6 and the audit rule: every change and every lookup is appended in the caller's transaction,
 * chained with an HMAC whose key is outside the database.
 */
export async function appendAudit(tx: WriteTx, key: Buffer, actor: Actor, entry: AuditEntry, at: Date): Promise<AuditAnchor> {
  return (await appendAudits(tx, key, actor, [entry], at))[0]!;
}

/** The same for several entries of one actor at one time (a dispatcher batch): one head lock, one insert. */
export async function appendAudits(tx: WriteTx, key: Buffer, actor: Actor, entries: readonly AuditEntry[], at: Date): Promise<AuditAnchor[]> {
  return appendAuditItems(
    tx,
    key,
    entries.map((entry) => ({ actor, entry, at })),
  );
}

/** An entry with its own actor and time: a lookup's entry, queued and written later in a group (issue 11 item 4). */
export interface AuditItem {
  actor: Actor;
  entry: AuditEntry;
  at: Date;
}

/** Entries of any actors and times, chained in the given order: one head lock, one insert. */
export async function appendAuditItems(tx: WriteTx, key: Buffer, items: readonly AuditItem[]): Promise<AuditAnchor[]> {
  if (items.length === 0) return [];
  const rows = await chainAuditItems(tx, key, items);
  await insertAudits(tx, rows);
  return rows.map(anchorOf);
}

export function anchorOf(row: AuditRow): AuditAnchor {
  return { id: row.id, hash: row.hash };
}

/**
 * The rows of entries chained after the head, which this takes (locked to the commit on
 * PostgreSQL): computed, for the caller to write (`insertAudits`, or with the journal in one
 * statement).
 */
export async function chainAuditItems(tx: WriteTx, key: Buffer, items: readonly AuditItem[]): Promise<AuditRow[]> {
  const head = await lockHead(tx);
  let prev = head.lastHash;
  const rows: AuditRow[] = items.map(({ actor, entry, at }, i) => {
    const row: Omit<AuditRow, 'hash'> = {
      id: head.lastId + 1 + i,
      at: at.toISOString(),
      actor_type: actor.type,
      actor_id: actor.id,
      actor_name: actor.name,
      action: entry.action,
      subject_type: entry.subjectType ?? null,
      subject_id: entry.subjectId === undefined ? null : String(entry.subjectId),
      details: canonicalJson(entry.details ?? {}),
      prev_hash: prev,
    };
    prev = hmacHex(key, serialise(row));
    return { ...row, hash: prev };
  });
  return rows;
}

/** Which audit entry a change belongs to: its position in the chain and its hash. */
export interface AuditAnchor {
  id: number;
  hash: string;
}

export type VerifyResult =
  | { ok: true; entries: number; head: string; anchoredId?: number | undefined }
  | {
      ok: false;
      entries: number;
      /** The first entry that is wrong or missing; null when only the anchor file is damaged. */
      firstBrokenId: number | null;
      reason: 'hash' | 'link' | 'gap' | 'truncated' | 'anchor' | 'anchor-damaged';
      /** For `truncated`: the entries that are gone, e.g. 1041–1057. */
      missing?: { from: number; to: number } | undefined;
      /** The newest entry the anchor file vouches for, when one was given. */
      anchoredId?: number | undefined;
    };

/**
 * Walks the chain; names the first entry whose hash, link or position is wrong. With the anchor
 * file's newest head (issue 10 item 3), a chain shorter than the anchor says is `truncated` and
 * names the entries that are gone, and an anchored entry whose hash differs is `anchor` (the
 * chain was rebuilt). A chain longer than the anchor is fine: the anchor is written after the
 * commit, so a crash in between leaves it one commit behind.
 */
export async function verifyAudit(q: Q, key: Buffer, anchor: AnchorRead = { state: 'none' }): Promise<VerifyResult> {
  const anchored = anchor.state === 'none' ? null : anchor.newest;
  const anchoredId = anchored?.lastId;
  let prevHash = GENESIS_HASH;
  let expectedId = 1;
  let count = 0;
  let after = 0;
  let hashAtAnchor: string | null = null;
  for (;;) {
    const batch = await auditBatch(q, after, 1000);
    if (batch.length === 0) break;
    for (const r of batch) {
      if (r.id !== expectedId) return { ok: false, entries: count, firstBrokenId: expectedId, reason: 'gap', anchoredId };
      if (r.prev_hash !== prevHash) return { ok: false, entries: count, firstBrokenId: r.id, reason: 'link', anchoredId };
      const { hash, ...rest } = r;
      if (hmacHex(key, serialise(rest)) !== hash) return { ok: false, entries: count, firstBrokenId: r.id, reason: 'hash', anchoredId };
      if (r.id === anchoredId) hashAtAnchor = hash;
      prevHash = hash;
      expectedId++;
      count++;
      after = r.id;
    }
  }
  const head = await readHead(q);
  const end = Math.max(head.lastId, anchoredId ?? 0);
  if (end > count) return { ok: false, entries: count, firstBrokenId: count + 1, reason: 'truncated', missing: { from: count + 1, to: end }, anchoredId };
  if (head.lastId !== count || (count > 0 && head.lastHash !== prevHash)) {
    return { ok: false, entries: count, firstBrokenId: count + 1, reason: 'truncated', anchoredId };
  }
  if (anchored && hashAtAnchor !== anchored.lastHash) return { ok: false, entries: count, firstBrokenId: anchored.lastId, reason: 'anchor', anchoredId };
  if (anchor.state === 'damaged') return { ok: false, entries: count, firstBrokenId: null, reason: 'anchor-damaged', anchoredId };
  return { ok: true, entries: count, head: prevHash, anchoredId };
}

export async function pageAudit(q: Q, f: AuditFilter, page: number, pageSize: number) {
  return listAudit(q, f, page * pageSize, pageSize);
}

export async function chainHead(q: Q): Promise<{ lastId: number; lastHash: string }> {
  return readHead(q);
}
