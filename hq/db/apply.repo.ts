/**
 * Applies an accepted batch, set-based: its entries go in by one COPY (the full history), then one
 * INSERT … SELECT … ON CONFLICT per table folds them into the newest state of each account and
 * identifier. A record seen once in the batch (nearly all of them) is folded by PostgreSQL straight
 * from the rows just copied (no second COPY, its state not parsed again); the few seen several
 * times are folded here in one pass and staged by COPY in a temporary table, and the same
 * statement takes both. (A CTE self-join planned on a table without statistics yet took seconds
 * per batch, and a jsonb_to_recordset array cost twice the COPY.)
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

/** One record's entries in a batch, folded: the newest, the first, the last creating one, how many issued it. */
interface Fold {
  newest: JournalEntry;
  /** The newest entry's canonical line (its state's bytes are taken from it). */
  newestLine: string;
  first: JournalEntry;
  created: JournalEntry | null;
  issued: number;
}

type Cell = string | number | null;

/**
 * One column of a folded row, said twice: as SQL over the one entry `e` of a record seen once in
 * the batch, and as the value folded here from a record's several entries. `created` is the SQL
 * condition "this entry creates the record" (a snapshot or the kind's creating entry).
 */
interface Column {
  name: string;
  type: string;
  sql: (created: string) => string;
  fold: (f: Fold) => Cell;
}

const col = (name: string, type: string, sql: Column['sql'], fold: Column['fold']): Column => ({ name, type, sql, fold });
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const stateStr = (e: JournalEntry | null, key: string): string | null => str((e?.state as Record<string, unknown> | undefined)?.[key]);
/** SQL for `stateStr(e, key)`: the key's value when it is a string, else null. */
const sqlStateStr = (key: string) => `CASE jsonb_typeof(e.state -> '${key}') WHEN 'string' THEN e.state ->> '${key}' END`;

/** How one record type is folded into its central table: what the kinds share and what is its own. */
interface Kind {
  table: string;
  type: 'account' | 'identifier';
  /** The kind that creates a record (a snapshot does too). */
  creating: string;
  /** The record id's column. */
  key: string;
  /** The columns between the first sighting and the newest state. */
  own: Column[];
  /** ON CONFLICT assignments of `own` (the existing row is `t`). */
  merge: string[];
}

/** The columns of every kind, around its own: key, origin, first sighting, [own], newest state. */
function columnsOf(k: Kind): Column[] {
  return [
    col(k.key, 'text NOT NULL', () => 'e.record_id', (f) => f.newest.record.id),
    col('branch', 'text NOT NULL', () => 'e.branch', (f) => f.newest.branch),
    col('origin_station', 'smallint NOT NULL', () => 'e.station', (f) => (f.created ?? f.newest).station),
    col('created_kind', 'text', (c) => `CASE WHEN ${c} THEN e.kind END`, (f) => f.created?.kind ?? null),
    col('first_seen_kind', 'text NOT NULL', () => 'e.kind', (f) => f.first.kind),
    col('first_seen_at', 'text NOT NULL', () => 'e.at', (f) => f.first.at),
    col('first_seen_station', 'smallint NOT NULL', () => 'e.station', (f) => f.first.station),
    ...k.own,
    col('status', 'text NOT NULL', () => `coalesce(${sqlStateStr('status')}, '')`, (f) => stateStr(f.newest, 'status') ?? ''),
    col('last_at', 'text NOT NULL', () => 'e.at', (f) => f.newest.at),
    col('last_station', 'smallint NOT NULL', () => 'e.station', (f) => f.newest.station),
    col('last_seq', 'bigint NOT NULL', () => 'e.seq', (f) => f.newest.seq),
    col('state', 'jsonb NOT NULL', () => 'e.state', (f) => stateTextOf(f.newestLine)),
  ];
}

/** Newer wins: the state columns are replaced only by an entry stamped at the same time or later. */
const newerWins = ['status', 'state', 'last_station', 'last_seq', 'last_at'].map(
  (c) => `${c} = CASE WHEN excluded.last_at::timestamptz >= t.last_at::timestamptz THEN excluded.${c} ELSE t.${c} END`,
);

const ACCOUNTS: Kind = {
  table: 'hq_accounts',
  type: 'account',
  creating: 'account.registered',
  key: 'username',
  own: [
    col('registered_at', 'text', (c) => `CASE WHEN ${c} THEN coalesce(${sqlStateStr('registeredAt')}, e.at) END`, (f) =>
      f.created ? (stateStr(f.created, 'registeredAt') ?? f.created.at) : null,
    ),
    col('registered_by', 'text', (c) => `CASE WHEN ${c} THEN coalesce(${sqlStateStr('registeredBy')}, e.actor) END`, (f) =>
      f.created ? (stateStr(f.created, 'registeredBy') ?? f.created.actor) : null,
    ),
  ],
  merge: ['registered_at', 'registered_by'].map(
    (c) =>
      `${c} = CASE WHEN excluded.created_kind = 'account.registered' OR t.${c} IS NULL THEN coalesce(excluded.${c}, t.${c}) ELSE t.${c} END`,
  ),
};

const IDENTIFIERS: Kind = {
  table: 'hq_identifiers',
  type: 'identifier',
  creating: 'identifier.issued',
  key: 'identifier',
  own: [
    col('issued_at', 'text', (c) => `CASE WHEN ${c} THEN coalesce(${sqlStateStr('issuedAt')}, e.at) END`, (f) =>
      f.created ? (stateStr(f.created, 'issuedAt') ?? f.created.at) : null,
    ),
    col('issued_by', 'text', (c) => `CASE WHEN ${c} THEN e.actor END`, (f) => f.created?.actor ?? null),
    col('issuers', 'smallint[] NOT NULL', () => `CASE WHEN e.kind = 'identifier.issued' THEN ARRAY[e.station] ELSE '{}' END`, (f) =>
      f.issued > 0 ? `{${f.newest.station}}` : '{}',
    ),
    col('issue_count', 'int NOT NULL', () => `CASE WHEN e.kind = 'identifier.issued' THEN 1 ELSE 0 END`, (f) => f.issued),
  ],
  merge: [
    'issued_at = coalesce(t.issued_at, excluded.issued_at)',
    'issued_by = coalesce(t.issued_by, excluded.issued_by)',
    'issuers = ARRAY(SELECT DISTINCT x FROM unnest(t.issuers || excluded.issuers) AS x ORDER BY x)',
    'issue_count = t.issue_count + excluded.issue_count',
  ],
};

/** The batch the fold reads back from hq_entries: its station and sequence range. */
export interface BatchRange {
  branch: string;
  station: number;
  firstSeq: number;
  lastSeq: number;
}

/** The folded rows of one kind in a batch, as a SELECT with its parameters (for the registry too). */
export interface FoldedRows {
  select: string;
  params: unknown[];
}

/**
 * The batch's entries of one kind by record id, in one pass (entries are in sequence order): the
 * ids seen once go to SQL, the others are folded here.
 */
function foldSeveral(k: Kind, entries: readonly JournalEntry[], lines: readonly string[]): { any: boolean; several: Fold[] } {
  const byId = new Map<string, Fold | number>();
  let any = false;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i] as JournalEntry;
    if (e.record.type !== k.type) continue;
    any = true;
    const seen = byId.get(e.record.id);
    // An id seen once is only its entry's index; a Fold is built at its second entry.
    if (seen === undefined) {
      byId.set(e.record.id, i);
      continue;
    }
    let f = seen;
    if (typeof f === 'number') byId.set(e.record.id, (f = startFold(k, entries[f] as JournalEntry, lines[f] as string)));
    addToFold(k, f, e, lines[i] as string);
  }
  return { any, several: [...byId.values()].filter((f): f is Fold => typeof f !== 'number') };
}

function startFold(k: Kind, e: JournalEntry, line: string): Fold {
  const f: Fold = { newest: e, newestLine: line, first: e, created: null, issued: 0 };
  addToFold(k, f, e, line);
  return f;
}

function addToFold(k: Kind, f: Fold, e: JournalEntry, line: string): void {
  f.newest = e;
  f.newestLine = line;
  if (e.kind === 'snapshot' || e.kind === k.creating) f.created = e;
  if (e.kind === k.creating) f.issued++;
}

/**
 * Folds the batch's records of one kind into its table; returns the folded rows as a SELECT (valid
 * until the transaction ends), or null when the batch holds none. The records seen several times
 * go to a temporary staging table (no WAL, one per session, emptied at each commit, created in the
 * batch's transaction so a rollback takes it away too).
 */
async function foldKind(client: HqClient, k: Kind, range: BatchRange, entries: readonly JournalEntry[], lines: readonly string[]): Promise<FoldedRows | null> {
  const { any, several } = foldSeveral(k, entries, lines);
  if (!any) return null;
  const columns = columnsOf(k);
  const names = columns.map((c) => c.name).join(', ');
  const created = `e.kind IN ('snapshot', '${k.creating}')`;
  let select = `SELECT ${columns.map((c) => `${c.sql(created)} AS ${c.name}`).join(', ')}
    FROM hq_entries e WHERE e.branch = $1 AND e.station = $2 AND e.seq BETWEEN $3 AND $4 AND e.record_type = '${k.type}'`;
  const params: unknown[] = [range.branch, range.station, range.firstSeq, range.lastSeq];
  if (several.length > 0) {
    const stage = `${k.table.replace('hq_', 'hq_stage_')}`;
    await client.query(`CREATE TEMP TABLE IF NOT EXISTS ${stage} (${columns.map((c) => `${c.name} ${c.type}`).join(', ')}) ON COMMIT DELETE ROWS`);
    await copyRows(
      client,
      stage,
      columns.map((c) => c.name),
      several.map((f) => `${columns.map((c) => copyField(c.fold(f))).join('\t')}\n`),
    );
    select += ` AND e.record_id <> ALL($5::text[]) UNION ALL SELECT ${names} FROM ${stage}`;
    params.push(several.map((f) => f.newest.record.id));
  }
  await client.query(
    `INSERT INTO ${k.table} AS t (${names}) ${select}
    ON CONFLICT (${k.key}, branch) DO UPDATE SET
      origin_station = CASE WHEN t.created_kind IS NULL AND excluded.created_kind IS NOT NULL THEN excluded.origin_station ELSE t.origin_station END,
      created_kind = coalesce(t.created_kind, excluded.created_kind),
      ${[...k.merge, ...newerWins].join(',\n      ')}`,
    params,
  );
  return { select, params };
}

/** Account rows: the newest state of each account the batch touched; the rows, for the registry. */
export function foldAccounts(client: HqClient, range: BatchRange, entries: readonly JournalEntry[], lines: readonly string[]): Promise<FoldedRows | null> {
  return foldKind(client, ACCOUNTS, range, entries, lines);
}

/** Identifier rows, the same way; issuers and issue_count accumulate across batches. */
export async function foldIdentifiers(client: HqClient, range: BatchRange, entries: readonly JournalEntry[], lines: readonly string[]): Promise<void> {
  await foldKind(client, IDENTIFIERS, range, entries, lines);
}
