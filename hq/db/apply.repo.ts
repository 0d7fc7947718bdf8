/**
 * Applies an accepted batch, set-based: its entries go in by one COPY (the full history), then one
 * multi-row INSERT … ON CONFLICT per table folds them into the newest state of each account and
 * identifier (folded per record in one pass here: a CTE self-join planned on a table without
 * statistics yet took seconds per batch, and a join back to hq_entries grew with the table).
 * Runs inside the batch's transaction, under the station's row lock.
 */
import { canonicalJson, type JournalEntry } from '../../shared/journal';
import type { HqClient } from './connection';
import { copyField, copyRows } from './copy';

const ENTRY_COLUMNS = ['branch', 'station', 'seq', 'kind', 'record_type', 'record_id', 'state', 'at', 'actor', 'audit_id', 'audit_hash'];

/**
 * The state's canonical text inside the entry's canonical line, without serialising it again:
 * keys are sorted, so the line ends `,"state":{…},"station":N}`; no state has a key "state", and
 * a quote inside a string is escaped, so the last `,"state":` is the entry's own.
 */
export function stateTextOf(line: string): string {
  return line.slice(line.lastIndexOf(',"state":') + 9, line.lastIndexOf(',"station":'));
}

/** One entry as a COPY line of hq_entries; `stateText` is canonicalJson(e.state) when known. */
export function entryCopyLine(e: JournalEntry, stateText = canonicalJson(e.state)): string {
  return (
    [
      e.branch,
      e.station,
      e.seq,
      e.kind,
      e.record.type,
      e.record.id,
      stateText,
      e.at,
      e.actor,
      e.audit ? e.audit.id : null,
      e.audit ? e.audit.hash : null,
    ]
      .map(copyField)
      .join('\t') + '\n'
  );
}

/** `lines` are the entries' canonical lines (the body), in the same order. */
export async function insertEntries(client: HqClient, entries: readonly JournalEntry[], lines: readonly string[]): Promise<number> {
  return copyRows(client, 'hq_entries', ENTRY_COLUMNS, entries.map((e, i) => entryCopyLine(e, stateTextOf(lines[i] as string))));
}

/** Newer wins: the state columns are replaced only by an entry stamped at the same time or later. */
const newerWins = (t: string) =>
  ['status', 'state', 'last_station', 'last_seq', 'last_at']
    .map((c) => `${c} = CASE WHEN excluded.last_at::timestamptz >= ${t}.last_at::timestamptz THEN excluded.${c} ELSE ${t}.${c} END`)
    .join(',\n      ');

/** One record's entries in a batch, folded: the newest, the first, the last creating one, how many issued it. */
interface Fold {
  newest: JournalEntry;
  /** The newest entry's canonical line (its state's bytes are taken from it). */
  newestLine: string;
  first: JournalEntry;
  created: JournalEntry | null;
  issued: number;
}

/** Folds the batch's entries of one record type per record id, in one pass (entries are in sequence order). */
function foldBy(entries: readonly JournalEntry[], lines: readonly string[], type: 'account' | 'identifier', creating: string): Fold[] {
  const byId = new Map<string, Fold>();
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i] as JournalEntry;
    if (e.record.type !== type) continue;
    let f = byId.get(e.record.id);
    if (!f) byId.set(e.record.id, (f = { newest: e, newestLine: '', first: e, created: null, issued: 0 }));
    f.newest = e;
    f.newestLine = lines[i] as string;
    if (e.kind === 'snapshot' || e.kind === creating) f.created = e;
    if (e.kind === creating) f.issued++;
  }
  return [...byId.values()];
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
/**
 * Passes rows as one JSON array, unpacked server-side by jsonb_to_recordset: one parameter, parsed
 * in C, instead of a dozen typed arrays serialised by the driver. Each row's `state` is spliced in
 * as the bytes of the signed line (no second serialisation, no join back to hq_entries).
 */
const rowsParam = (rows: readonly Record<string, unknown>[], folds: readonly Fold[]) =>
  `[${rows.map((r, i) => `${JSON.stringify(r).slice(0, -1)},"state":${stateTextOf((folds[i] as Fold).newestLine)}}`).join(',')}]`;

/** What a batch did to one account, for the registry (hq/db/registry.repo.ts). */
export interface AccountTouch {
  username: string;
  station: number;
  /** When it was registered, or first seen when the batch holds no registration of it. */
  registeredAt: string;
  /** Not voided by the batch's newest entry of it. */
  active: boolean;
  /** The batch registers it (or holds its snapshot). */
  created: boolean;
}

/** Account rows, one multi-row INSERT … ON CONFLICT; returns what the batch did to each account. */
export async function foldAccounts(client: HqClient, entries: readonly JournalEntry[], lines: readonly string[]): Promise<AccountTouch[]> {
  const folds = foldBy(entries, lines, 'account', 'account.registered');
  if (folds.length === 0) return [];
  const rows = folds.map((f) => {
    const created = f.created?.state as { registeredAt?: unknown; registeredBy?: unknown } | undefined;
    return {
      username: f.newest.record.id,
      branch: f.newest.branch,
      origin_station: (f.created ?? f.newest).station,
      created_kind: f.created?.kind ?? null,
      first_seen_kind: f.first.kind,
      first_seen_at: f.first.at,
      first_seen_station: f.first.station,
      registered_at: f.created ? (str(created?.registeredAt) ?? f.created.at) : null,
      registered_by: f.created ? (str(created?.registeredBy) ?? f.created.actor) : null,
      status: str((f.newest.state as { status?: unknown }).status) ?? '',
      last_at: f.newest.at,
      last_station: f.newest.station,
      last_seq: f.newest.seq,
    };
  });
  await client.query(
    `INSERT INTO hq_accounts AS a (username, branch, origin_station, created_kind, first_seen_kind, first_seen_at,
      first_seen_station, registered_at, registered_by, status, state, last_at, last_station, last_seq)
    SELECT username, u.branch, origin_station, created_kind, first_seen_kind, first_seen_at, first_seen_station,
      registered_at, registered_by, status, state, last_at, last_station, last_seq
    FROM jsonb_to_recordset($1::jsonb) AS u(username text, branch text, origin_station smallint, created_kind text,
      first_seen_kind text, first_seen_at text, first_seen_station smallint, registered_at text, registered_by text,
      status text, state jsonb, last_at text, last_station smallint, last_seq bigint)
    ON CONFLICT (username, branch) DO UPDATE SET
      origin_station = CASE WHEN a.created_kind IS NULL AND excluded.created_kind IS NOT NULL THEN excluded.origin_station ELSE a.origin_station END,
      created_kind = coalesce(a.created_kind, excluded.created_kind),
      registered_at = CASE WHEN excluded.created_kind = 'account.registered' OR a.registered_at IS NULL THEN coalesce(excluded.registered_at, a.registered_at) ELSE a.registered_at END,
      registered_by = CASE WHEN excluded.created_kind = 'account.registered' OR a.registered_by IS NULL THEN coalesce(excluded.registered_by, a.registered_by) ELSE a.registered_by END,
      ${newerWins('a')}`,
    [rowsParam(rows, folds)],
  );
  return rows.map((r) => ({
    username: r.username,
    station: r.origin_station,
    registeredAt: r.registered_at ?? r.first_seen_at,
    active: r.status !== 'voided',
    created: r.created_kind !== null,
  }));
}

/** Identifier rows, the same way; issuers and issue_count accumulate across batches. */
export async function foldIdentifiers(client: HqClient, entries: readonly JournalEntry[], lines: readonly string[]): Promise<void> {
  const folds = foldBy(entries, lines, 'identifier', 'identifier.issued');
  if (folds.length === 0) return;
  const rows = folds.map((f) => ({
    identifier: f.newest.record.id,
    branch: f.newest.branch,
    origin_station: (f.created ?? f.newest).station,
    created_kind: f.created?.kind ?? null,
    first_seen_kind: f.first.kind,
    first_seen_at: f.first.at,
    first_seen_station: f.first.station,
    issued_at: f.created ? (str((f.created.state as { issuedAt?: unknown }).issuedAt) ?? f.created.at) : null,
    issued_by: f.created?.actor ?? null,
    issuers: f.issued > 0 ? [f.newest.station] : [],
    issue_count: f.issued,
    status: str((f.newest.state as { status?: unknown }).status) ?? '',
    last_at: f.newest.at,
    last_station: f.newest.station,
    last_seq: f.newest.seq,
  }));
  await client.query(
    `INSERT INTO hq_identifiers AS i (identifier, branch, origin_station, created_kind, first_seen_kind, first_seen_at,
      first_seen_station, issued_at, issued_by, issuers, issue_count, status, state, last_at, last_station, last_seq)
    SELECT identifier, u.branch, origin_station, created_kind, first_seen_kind, first_seen_at, first_seen_station,
      issued_at, issued_by, issuers, issue_count, status, state, last_at, last_station, last_seq
    FROM jsonb_to_recordset($1::jsonb) AS u(identifier text, branch text, origin_station smallint, created_kind text,
      first_seen_kind text, first_seen_at text, first_seen_station smallint, issued_at text, issued_by text,
      issuers smallint[], issue_count int, status text, state jsonb, last_at text, last_station smallint, last_seq bigint)
    ON CONFLICT (identifier, branch) DO UPDATE SET
      origin_station = CASE WHEN i.created_kind IS NULL AND excluded.created_kind IS NOT NULL THEN excluded.origin_station ELSE i.origin_station END,
      created_kind = coalesce(i.created_kind, excluded.created_kind),
      issued_at = coalesce(i.issued_at, excluded.issued_at),
      issued_by = coalesce(i.issued_by, excluded.issued_by),
      issuers = ARRAY(SELECT DISTINCT x FROM unnest(i.issuers || excluded.issuers) AS x ORDER BY x),
      issue_count = i.issue_count + excluded.issue_count,
      ${newerWins('i')}`,
    [rowsParam(rows, folds)],
  );
}
