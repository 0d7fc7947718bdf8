import knexFactory, { type Knex } from 'knex';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { MIGRATIONS, migrationSource } from '../../migrations';
import { setProgressListener, type ProgressListener } from '../../migrations/progress';
import { logger } from '../core/log';
import { rememberLockedHead } from './audit.repo';
import { engineOf, type WriteTx } from './types';

export type Db = Knex;
/** The write handle services receive from `inTx`. */
export type Tx = WriteTx;

export interface DatabaseTarget {
  /** postgres://… (PostgreSQL), or null for the SQLite file. */
  url: string | null;
  sqliteFile: string;
}

export { engineOf, type Engine } from './types';

/**
 * SQLite pragmas, per connection:
 * - WAL: readers do not block the writer, and a crash mid-write cannot tear the file;
 * - foreign_keys: SQLite ignores REFERENCES without it;
 * - synchronous=FULL: a registration the clerk saw succeed survives a power cut;
 * - secure_delete: redacted SMS bodies and old hashes are overwritten, not left in free pages;
 * - busy_timeout: a second process (a CLI import, another window) waits for the lock instead of
 *   failing the clerk's call at once with SQLITE_BUSY.
 */
const SQLITE_PRAGMAS = [
  'PRAGMA journal_mode = WAL',
  'PRAGMA foreign_keys = ON',
  'PRAGMA synchronous = FULL',
  'PRAGMA secure_delete = ON',
  'PRAGMA busy_timeout = 5000',
];

const log = logger('db');
const textOf = (m: unknown): string => (m instanceof Error ? m.message : String(m)).split('\n')[0]!;
/**
 * knex's own messages (a pool connection that failed, …) go to the app's log as one line: never
 * a stack on the terminal of the person running a command (the refusal says what failed).
 */
const KNEX_LOG = {
  warn: (m: unknown) => log.warn(textOf(m)),
  error: (m: unknown) => log.error(textOf(m)),
  deprecate: (m: unknown) => log.warn(textOf(m)),
  debug: (m: unknown) => log.debug(textOf(m)),
};

export function connect(target: DatabaseTarget): Db {
  if (target.url) {
    return knexFactory({
      client: 'pg',
      connection: target.url,
      pool: { min: 0, max: 8 },
      log: KNEX_LOG,
    });
  }
  mkdirSync(path.dirname(target.sqliteFile), { recursive: true });
  return knexFactory({
    client: 'sqlite3',
    connection: { filename: target.sqliteFile },
    useNullAsDefault: true,
    log: KNEX_LOG,
    pool: {
      min: 1,
      max: 1,
      afterCreate(conn: { exec(sql: string, cb: (err: Error | null) => void): void }, done: (err: Error | null, c: unknown) => void) {
        conn.exec(SQLITE_PRAGMAS.join(';\n') + ';', (err) => done(err, conn));
      },
    },
  });
}

/**
 * Headquarters' database (its own migrations table) is never a desk's: one DATABASE_URL set for
 * `npm run hq` on the same machine must not get the desk's tables migrated into it.
 */
async function refuseHeadquartersDatabase(db: Db, target: DatabaseTarget): Promise<void> {
  if (!target.url) return;
  const r = (await db.raw("SELECT to_regclass('hq_schema_migrations') AS t")) as { rows: Array<{ t: unknown }> };
  if (r.rows[0]?.t) throw new Error(`${redactUrl(target.url)} is headquarters' database (it has hq_schema_migrations), not a branch desk's: check --database-url or DATABASE_URL`);
}

/** A database URL without its password, for messages. */
function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'the database URL';
  }
}

/**
 * Opens the database and brings its schema up to date (migrations are append-only). A long
 * migration reports its progress to `onProgress` (terminal line, "updating the database" window).
 */
export async function openDatabase(target: DatabaseTarget, onProgress?: ProgressListener): Promise<Db> {
  const db = connect(target);
  setProgressListener(onProgress ?? null);
  try {
    await refuseHeadquartersDatabase(db, target);
    await db.migrate.latest({ migrationSource });
  } catch (e) {
    await db.destroy();
    throw e;
  } finally {
    setProgressListener(null);
  }
  return db;
}

/** The name of the newest migration: the schema version a journal batch names. */
export function schemaVersion(): string {
  return MIGRATIONS[MIGRATIONS.length - 1]![0];
}

export async function migrateTo(db: Db, name: string): Promise<void> {
  await db.migrate.up({ migrationSource, name });
}

/**
 * SQLite: take the write lock at the start of a write transaction, so that a second connection
 * waits (busy_timeout) instead of failing on a stale snapshot; the unique constraints then decide
 * races. The same statement answers the audit head, so an audited change does not read it again
 * (issue 11 item 4: one round trip fewer). PostgreSQL needs nothing here: its unique indexes wait
 * for the other transaction, and the head is locked when an entry is appended.
 */
async function beginWrite(tx: WriteTx): Promise<void> {
  if (engineOf(tx) !== 'sqlite') return;
  const rows = (await tx.raw('UPDATE audit_head SET last_id = last_id WHERE id = 1 RETURNING last_id, last_hash')) as Array<{ last_id: number; last_hash: string }>;
  rememberLockedHead(tx, rows[0]);
}

/** The only place a write handle is made: a transaction that has taken the write lock. */
export function writeTransaction<T>(db: Db, fn: (tx: WriteTx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await beginWrite(tx as WriteTx);
    return fn(tx as WriteTx);
  });
}
