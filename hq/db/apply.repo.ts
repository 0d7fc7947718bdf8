/**
 * Applies an accepted batch, set-based: its entries go in by one COPY (the full history), then one
 * INSERT … ON CONFLICT per table folds them into the newest state of each account and identifier.
 * Runs inside the batch's transaction, under the station's row lock.
 */
import { canonicalJson, type JournalEntry } from '../../shared/journal';
import type { HqClient } from './connection';
import { copyField, copyRows } from './copy';

const ENTRY_COLUMNS = ['branch', 'station', 'seq', 'kind', 'record_type', 'record_id', 'state', 'at', 'actor', 'audit_id', 'audit_hash'];

/** One entry as a COPY line of hq_entries. */
export function entryCopyLine(e: JournalEntry): string {
  return (
    [
      e.branch,
      e.station,
      e.seq,
      e.kind,
      e.record.type,
      e.record.id,
      canonicalJson(e.state),
      e.at,
      e.actor,
      e.audit ? e.audit.id : null,
      e.audit ? e.audit.hash : null,
    ]
      .map(copyField)
      .join('\t') + '\n'
  );
}

export async function insertEntries(client: HqClient, entries: readonly JournalEntry[]): Promise<number> {
  return copyRows(client, 'hq_entries', ENTRY_COLUMNS, entries.map(entryCopyLine));
}

/** Newer wins: the state columns are replaced only by an entry stamped at the same time or later. */
const newerWins = (t: string) =>
  ['status', 'state', 'last_station', 'last_seq', 'last_at']
    .map((c) => `${c} = CASE WHEN excluded.last_at::timestamptz >= ${t}.last_at::timestamptz THEN excluded.${c} ELSE ${t}.${c} END`)
    .join(',\n      ');

/**
 * The batch's entries of one record type, folded per record: the newest state, the first entry
 * seen, and the entry that created the record (registered / issued / snapshot), if any.
 */
const folded = (type: 'account' | 'identifier', creating: string) => `
  WITH b AS (
    SELECT * FROM hq_entries WHERE branch = $1 AND station = $2 AND seq BETWEEN $3 AND $4 AND record_type = '${type}'
  ), newest AS (
    SELECT DISTINCT ON (record_id) record_id, branch, station, seq, state, at FROM b ORDER BY record_id, seq DESC
  ), firsts AS (
    SELECT DISTINCT ON (record_id) record_id, kind, at FROM b ORDER BY record_id, seq
  ), created AS (
    SELECT DISTINCT ON (record_id) record_id, kind, at, actor, state FROM b
    WHERE kind IN ('snapshot', '${creating}') ORDER BY record_id, seq DESC
  ), issued AS (
    SELECT record_id, count(*)::int AS n FROM b WHERE kind = '${creating}' GROUP BY record_id
  )`;

export async function foldAccounts(client: HqClient, branch: string, station: number, firstSeq: number, lastSeq: number): Promise<void> {
  await client.query(
    `${folded('account', 'account.registered')}
    INSERT INTO hq_accounts AS a (username, branch, origin_station, created_kind, first_seen_kind, first_seen_at,
      first_seen_station, registered_at, registered_by, status, state, last_at, last_station, last_seq)
    SELECT n.record_id, n.branch, n.station, c.kind, f.kind, f.at, n.station,
      coalesce(c.state->>'registeredAt', c.at), coalesce(c.state->>'registeredBy', c.actor),
      n.state->>'status', n.state, n.at, n.station, n.seq
    FROM newest n JOIN firsts f USING (record_id) LEFT JOIN created c USING (record_id)
    ON CONFLICT (username, branch) DO UPDATE SET
      origin_station = CASE WHEN a.created_kind IS NULL AND excluded.created_kind IS NOT NULL THEN excluded.origin_station ELSE a.origin_station END,
      created_kind = coalesce(a.created_kind, excluded.created_kind),
      registered_at = CASE WHEN excluded.created_kind = 'account.registered' OR a.registered_at IS NULL THEN coalesce(excluded.registered_at, a.registered_at) ELSE a.registered_at END,
      registered_by = CASE WHEN excluded.created_kind = 'account.registered' OR a.registered_by IS NULL THEN coalesce(excluded.registered_by, a.registered_by) ELSE a.registered_by END,
      ${newerWins('a')}`,
    [branch, station, firstSeq, lastSeq],
  );
}

export async function foldIdentifiers(client: HqClient, branch: string, station: number, firstSeq: number, lastSeq: number): Promise<void> {
  await client.query(
    `${folded('identifier', 'identifier.issued')}
    INSERT INTO hq_identifiers AS i (identifier, branch, origin_station, created_kind, first_seen_kind, first_seen_at,
      first_seen_station, issued_at, issued_by, issuers, issue_count, status, state, last_at, last_station, last_seq)
    SELECT n.record_id, n.branch, n.station, c.kind, f.kind, f.at, n.station,
      coalesce(c.state->>'issuedAt', c.at), c.actor,
      CASE WHEN coalesce(s.n, 0) > 0 THEN ARRAY[n.station] ELSE '{}'::smallint[] END, coalesce(s.n, 0),
      n.state->>'status', n.state, n.at, n.station, n.seq
    FROM newest n JOIN firsts f USING (record_id) LEFT JOIN created c USING (record_id) LEFT JOIN issued s USING (record_id)
    ON CONFLICT (identifier, branch) DO UPDATE SET
      origin_station = CASE WHEN i.created_kind IS NULL AND excluded.created_kind IS NOT NULL THEN excluded.origin_station ELSE i.origin_station END,
      created_kind = coalesce(i.created_kind, excluded.created_kind),
      issued_at = coalesce(i.issued_at, excluded.issued_at),
      issued_by = coalesce(i.issued_by, excluded.issued_by),
      issuers = ARRAY(SELECT DISTINCT x FROM unnest(i.issuers || excluded.issuers) AS x ORDER BY x),
      issue_count = i.issue_count + excluded.issue_count,
      ${newerWins('i')}`,
    [branch, station, firstSeq, lastSeq],
  );
}
