import type { Knex } from 'knex';
import type { Q, WriteTx } from './types';
import { bool, num } from './types';

/** One username in the branch's copy of headquarters' registry. */
export interface RegistryRecord {
  username: string;
  branchCode: string;
  stationNumber: number;
  registeredAt: string;
  active: boolean;
  version: number;
}

/** Where the copy stands: the registry version, when headquarters published it, when it came, and how. */
export interface RegistryState {
  version: number;
  publishedAt: string | null;
  receivedAt: string | null;
  source: 'link' | 'file' | null;
}

interface RegistryRow {
  username: string;
  branch_code: string;
  station_number: number;
  registered_at: string;
  active: unknown;
  version: unknown;
}

function rowToRecord(r: RegistryRow): RegistryRecord {
  return {
    username: r.username,
    branchCode: r.branch_code,
    stationNumber: num(r.station_number),
    registeredAt: r.registered_at,
    active: bool(r.active),
    version: num(r.version),
  };
}

/** REG-5 across branches: the username's row, by its primary key (one index probe). */
export async function findRegistryRecord(q: Q, username: string): Promise<RegistryRecord | undefined> {
  const r = await q('hq_registry').where({ username }).first<RegistryRow | undefined>();
  return r ? rowToRecord(r) : undefined;
}

export async function readRegistryState(q: Q): Promise<RegistryState> {
  const r = await q('hq_registry_state').where({ id: 1 }).first<{ version: unknown; published_at: string | null; received_at: string | null; source: string | null }>();
  return {
    version: num(r?.version),
    publishedAt: r?.published_at ?? null,
    receivedAt: r?.received_at ?? null,
    source: r?.source === 'link' || r?.source === 'file' ? r.source : null,
  };
}

/** Takes the state row's lock (PostgreSQL) so two pulls or imports apply pages one after the other. */
export async function lockRegistryState(tx: WriteTx): Promise<RegistryState> {
  await tx('hq_registry_state').where({ id: 1 }).forUpdate().first('id');
  return readRegistryState(tx);
}

export async function writeRegistryState(tx: WriteTx, s: RegistryState): Promise<void> {
  await tx('hq_registry_state').where({ id: 1 }).update({ version: s.version, published_at: s.publishedAt, received_at: s.receivedAt, source: s.source });
}

/**
 * Rows per statement: 6 bindings a row stays under SQLite's 32 766 variables and PostgreSQL's
 * 65 535 parameters, and is big enough that the statement count is no cost.
 */
export const REGISTRY_ROWS_PER_STATEMENT = 4000;
const COLUMNS = '(username, branch_code, station_number, registered_at, active, version)';
const ROW = '(?,?,?,?,?,?)';

function bindings(rows: readonly RegistryRecord[]): Knex.Value[] {
  const out: Knex.Value[] = new Array<Knex.Value>(rows.length * 6);
  let i = 0;
  for (const r of rows) {
    out[i++] = r.username;
    out[i++] = r.branchCode;
    out[i++] = r.stationNumber;
    out[i++] = r.registeredAt;
    out[i++] = r.active;
    out[i++] = r.version;
  }
  return out;
}

const valuesList = (n: number) => Array.from({ length: n }, () => ROW).join(',');

/**
 * Set-based load of registry rows: multi-row upserts of REGISTRY_ROWS_PER_STATEMENT rows, in the
 * caller's transaction. A row is replaced only by a newer version, so a page applied twice, or an
 * older file after a newer copy, changes nothing.
 */
export async function upsertRegistryRecords(tx: WriteTx, rows: readonly RegistryRecord[]): Promise<void> {
  for (let at = 0; at < rows.length; at += REGISTRY_ROWS_PER_STATEMENT) {
    const chunk = rows.slice(at, at + REGISTRY_ROWS_PER_STATEMENT);
    await tx.raw(
      `INSERT INTO hq_registry ${COLUMNS} VALUES ${valuesList(chunk.length)} ` +
        'ON CONFLICT (username) DO UPDATE SET branch_code = excluded.branch_code, station_number = excluded.station_number, ' +
        'registered_at = excluded.registered_at, active = excluded.active, version = excluded.version ' +
        'WHERE excluded.version > hq_registry.version',
      bindings(chunk),
    );
  }
}

/** The same rows by the same multi-row statements, plain INSERT into `table`: the bench's baseline. */
export async function insertRowsPlain(tx: WriteTx, table: string, rows: readonly RegistryRecord[]): Promise<void> {
  for (let at = 0; at < rows.length; at += REGISTRY_ROWS_PER_STATEMENT) {
    const chunk = rows.slice(at, at + REGISTRY_ROWS_PER_STATEMENT);
    await tx.raw(`INSERT INTO ?? ${COLUMNS} VALUES ${valuesList(chunk.length)}`, [table, ...bindings(chunk)]);
  }
}
