/**
 * Applies an accepted batch, set-based: its entries go in by one COPY (the full history), then one
 * COPY into a staging table and one INSERT … SELECT … ON CONFLICT per table fold them into the
 * newest state of each account and identifier (folded per record in one pass here: a CTE
 * self-join planned on a table without statistics yet took seconds per batch, a join back to
 * hq_entries grew with the table, and a jsonb_to_recordset array cost twice the COPY).
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

/**
 * One checked entry as a COPY line of hq_entries; `stateText` is canonicalJson(e.state) when
 * known. Only the actor and the state can hold what COPY escapes: the other fields passed their
 * patterns (digits, kinds, times, hex).
 */
export function entryCopyLine(e: JournalEntry, stateText = canonicalJson(e.state)): string {
  const audit = e.audit ? `${e.audit.id}\t${e.audit.hash}` : '\\N\t\\N';
  return `${e.branch}\t${e.station}\t${e.seq}\t${e.kind}\t${e.record.type}\t${e.record.id}\t${copyField(stateText)}\t${e.at}\t${copyField(e.actor)}\t${audit}\n`;
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

type Cell = string | number | null;

/** A folded row as a COPY line; `state` is the newest entry's state, the bytes of its signed line. */
const foldLine = (cells: readonly Cell[], f: Fold): string => `${[...cells, stateTextOf(f.newestLine)].map(copyField).join('\t')}\n`;

/**
 * The folded rows go to a temporary staging table (no WAL, one per session, emptied at each
 * commit, created in the batch's transaction so a rollback takes it away too) by COPY, and from
 * there into the central table by one INSERT … SELECT … ON CONFLICT: no join, nothing to plan
 * from statistics, and no JSON array to parse (jsonb_to_recordset cost twice the COPY itself).
 */
async function stageAndUpsert(client: HqClient, stage: string, columns: string, lines: readonly string[], upsert: string): Promise<void> {
  await client.query(`CREATE TEMP TABLE IF NOT EXISTS ${stage} (${columns}, state jsonb NOT NULL) ON COMMIT DELETE ROWS`);
  const names = columns.split(',').map((c) => c.trim().split(' ')[0] as string);
  await copyRows(client, stage, [...names, 'state'], lines);
  await client.query(upsert.replace('$STAGE', `SELECT ${[...names, 'state'].join(', ')} FROM ${stage}`));
}

const ACCOUNT_STAGE = `username text NOT NULL, branch text NOT NULL, origin_station smallint NOT NULL, created_kind text,
  first_seen_kind text NOT NULL, first_seen_at text NOT NULL, first_seen_station smallint NOT NULL, registered_at text,
  registered_by text, status text NOT NULL, last_at text NOT NULL, last_station smallint NOT NULL, last_seq bigint NOT NULL`;

/** Account rows: staged, then one INSERT … ON CONFLICT; returns what the batch did to each account. */
export async function foldAccounts(client: HqClient, entries: readonly JournalEntry[], lines: readonly string[]): Promise<AccountTouch[]> {
  const folds = foldBy(entries, lines, 'account', 'account.registered');
  if (folds.length === 0) return [];
  const rows = folds.map((f) => {
    const created = f.created?.state as { registeredAt?: unknown; registeredBy?: unknown } | undefined;
    return foldLine(
      [
        f.newest.record.id,
        f.newest.branch,
        (f.created ?? f.newest).station,
        f.created?.kind ?? null,
        f.first.kind,
        f.first.at,
        f.first.station,
        f.created ? (str(created?.registeredAt) ?? f.created.at) : null,
        f.created ? (str(created?.registeredBy) ?? f.created.actor) : null,
        str((f.newest.state as { status?: unknown }).status) ?? '',
        f.newest.at,
        f.newest.station,
        f.newest.seq,
      ],
      f,
    );
  });
  await stageAndUpsert(
    client,
    'hq_stage_accounts',
    ACCOUNT_STAGE,
    rows,
    `INSERT INTO hq_accounts AS a (username, branch, origin_station, created_kind, first_seen_kind, first_seen_at,
      first_seen_station, registered_at, registered_by, status, last_at, last_station, last_seq, state)
    $STAGE
    ON CONFLICT (username, branch) DO UPDATE SET
      origin_station = CASE WHEN a.created_kind IS NULL AND excluded.created_kind IS NOT NULL THEN excluded.origin_station ELSE a.origin_station END,
      created_kind = coalesce(a.created_kind, excluded.created_kind),
      registered_at = CASE WHEN excluded.created_kind = 'account.registered' OR a.registered_at IS NULL THEN coalesce(excluded.registered_at, a.registered_at) ELSE a.registered_at END,
      registered_by = CASE WHEN excluded.created_kind = 'account.registered' OR a.registered_by IS NULL THEN coalesce(excluded.registered_by, a.registered_by) ELSE a.registered_by END,
      ${newerWins('a')}`,
  );
  return folds.map((f) => ({
    username: f.newest.record.id,
    station: (f.created ?? f.newest).station,
    registeredAt: (f.created && str((f.created.state as { registeredAt?: unknown }).registeredAt)) || (f.created ?? f.first).at,
    active: (f.newest.state as { status?: unknown }).status !== 'voided',
    created: f.created !== null,
  }));
}

const IDENTIFIER_STAGE = `identifier text NOT NULL, branch text NOT NULL, origin_station smallint NOT NULL, created_kind text,
  first_seen_kind text NOT NULL, first_seen_at text NOT NULL, first_seen_station smallint NOT NULL, issued_at text, issued_by text,
  issuers smallint[] NOT NULL, issue_count int NOT NULL, status text NOT NULL, last_at text NOT NULL, last_station smallint NOT NULL,
  last_seq bigint NOT NULL`;

/** Identifier rows, the same way; issuers and issue_count accumulate across batches. */
export async function foldIdentifiers(client: HqClient, entries: readonly JournalEntry[], lines: readonly string[]): Promise<void> {
  const folds = foldBy(entries, lines, 'identifier', 'identifier.issued');
  if (folds.length === 0) return;
  const rows = folds.map((f) =>
    foldLine(
      [
        f.newest.record.id,
        f.newest.branch,
        (f.created ?? f.newest).station,
        f.created?.kind ?? null,
        f.first.kind,
        f.first.at,
        f.first.station,
        f.created ? (str((f.created.state as { issuedAt?: unknown }).issuedAt) ?? f.created.at) : null,
        f.created?.actor ?? null,
        f.issued > 0 ? `{${f.newest.station}}` : '{}',
        f.issued,
        str((f.newest.state as { status?: unknown }).status) ?? '',
        f.newest.at,
        f.newest.station,
        f.newest.seq,
      ],
      f,
    ),
  );
  await stageAndUpsert(
    client,
    'hq_stage_identifiers',
    IDENTIFIER_STAGE,
    rows,
    `INSERT INTO hq_identifiers AS i (identifier, branch, origin_station, created_kind, first_seen_kind, first_seen_at,
      first_seen_station, issued_at, issued_by, issuers, issue_count, status, last_at, last_station, last_seq, state)
    $STAGE
    ON CONFLICT (identifier, branch) DO UPDATE SET
      origin_station = CASE WHEN i.created_kind IS NULL AND excluded.created_kind IS NOT NULL THEN excluded.origin_station ELSE i.origin_station END,
      created_kind = coalesce(i.created_kind, excluded.created_kind),
      issued_at = coalesce(i.issued_at, excluded.issued_at),
      issued_by = coalesce(i.issued_by, excluded.issued_by),
      issuers = ARRAY(SELECT DISTINCT x FROM unnest(i.issuers || excluded.issuers) AS x ORDER BY x),
      issue_count = i.issue_count + excluded.issue_count,
      ${newerWins('i')}`,
  );
}
