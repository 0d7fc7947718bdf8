import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MIGRATIONS, migrationSource } from '../../../migrations';
import { ManualClock } from '../../../src-main/core/clock';
import { FileKeyStore } from '../../../src-main/core/secrets';
import { connect, engineOf, writeTransaction, type Db, type DatabaseTarget } from '../../../src-main/db/connection';
import { insertStaff } from '../../../src-main/db/staff.repo';
import { writeSetting } from '../../../src-main/db/settings.repo';
import { hashPassword } from '../../../src-main/services/passwords';
import { loadSampleDataIfEmpty } from '../../../src-main/services/reference.service';
import { CLERK_PASSWORD, SUPERVISOR } from '../../helpers/app';
import { startPg, type PgCluster } from '../../helpers/pg';
import { expectedRow, insertAccountRange, nameSlots, slotOf, type Fixed, type Slot } from './accounts-sql';

/**
 * The benchmark's database: a branch as it was before migration 0010 (schema 0001–0009), with
 * `n` citizen accounts with realistic Persian names, a supervisor and a clerk (known passwords),
 * and this install's one station — what a real branch upgrades from. Rows are made by the
 * project's own code: the sample reference lists through reference.service, staff through
 * staff.repo, settings through settings.repo; the accounts set-based (accounts-sql.ts) with the
 * registration's name keys (nameKeys: ی/ي, ک/ك, ZWNJ), checked against accounts.repo's row
 * builder. Every account reuses ONE argon2id hash computed once (hashing a million passwords
 * would take hours and measures nothing here).
 *
 * Built once and cached under the OS temp folder, keyed by a hash of the code that shapes it
 * (migrations 0001–0009, this builder, the names, the row builder, the normalisation): a change
 * to any of them builds it again. SQLite: the file; PostgreSQL: a stopped cluster's data folder.
 */

export const LEGACY_MIGRATION = '0009_audit_log';
const ROOT = path.resolve(__dirname, '../../..');
const CACHE_ROOT = path.join(os.tmpdir(), 'desk-bench-cache');
/** Accounts per INSERT … SELECT (one transaction each, one progress line each). */
const PER_TX = 100_000;

function sourceHash(n: number): string {
  const files = [
    ...MIGRATIONS.slice(0, MIGRATIONS.findIndex(([name]) => name === LEGACY_MIGRATION) + 1).map(([name]) => `migrations/${name}.ts`),
    'migrations/append-only.ts',
    'migrations/dialect.ts',
    'test/bench/lib/dataset.ts',
    'test/bench/lib/names.ts',
    'test/helpers/seeded.ts',
    'test/bench/lib/accounts-sql.ts',
    'src-main/db/accounts.repo.ts',
    'shared/text/persian.ts',
  ];
  const h = createHash('sha256').update(String(n));
  for (const f of files) h.update(f).update(readFileSync(path.join(ROOT, f)));
  return h.digest('hex').slice(0, 16);
}

async function migrateToLegacy(db: Db): Promise<void> {
  for (const [name] of MIGRATIONS) {
    await db.migrate.up({ migrationSource, name });
    if (name === LEGACY_MIGRATION) return;
  }
}

/** Fills a database at schema 0009: reference lists, one station, two staff, `n` accounts. */
async function fillLegacy(db: Db, n: number, log: (s: string) => void): Promise<void> {
  await migrateToLegacy(db);
  // The build only (the connection is closed after it): a page cache that holds the indexes,
  // and no fsync per commit — a build killed half-way is thrown away, never cached.
  if (!isPg(db)) await db.raw('PRAGMA cache_size = -262144').then(() => db.raw('PRAGMA synchronous = OFF'));
  const keysDir = path.join(os.tmpdir(), `desk-bench-keys-${process.pid}`);
  const env = { db, clock: new ManualClock('2026-11-01T06:00:00Z'), keys: new FileKeyStore(keysDir) };
  await loadSampleDataIfEmpty(env);
  rmSync(keysDir, { recursive: true, force: true });
  const at = '2025-03-21T06:00:00.000Z';
  const branch = await db('branches').orderBy('id').first<{ id: number }>('id');
  const group = await db('insurance_groups').where({ registration_open: true }).orderBy('id').first<{ id: number }>('id');
  const [supervisorHash, clerkHash, citizenHash] = await Promise.all([hashPassword(SUPERVISOR.password), hashPassword(CLERK_PASSWORD), hashPassword('Citizen-Pass-1405')]);
  const ids = await writeTransaction(db, async (tx) => {
    // Schema 0009 has no claim columns yet, so stations.repo's insert (0011) does not fit: the row as that era wrote it.
    const [station] = (await tx('stations').insert({ branch_id: branch!.id, station_number: 7, next_sequence: 1, registered_at: at }).returning('id')) as Array<{ id: number } | number>;
    const stationId = typeof station === 'object' ? Number(station.id) : Number(station);
    const supervisor = await insertStaff(tx, { username: SUPERVISOR.username, displayName: 'سارا محمدی', role: 'supervisor', passwordHash: supervisorHash, mustChangePassword: false, createdBy: null }, at);
    const clerk = await insertStaff(tx, { username: 'reza.clerk', displayName: 'رضا احمدی', role: 'clerk', passwordHash: clerkHash, mustChangePassword: false, createdBy: supervisor }, at);
    await writeSetting(tx, 'internal.setup_done', true, at);
    await writeSetting(tx, 'internal.station_id', stationId, at);
    return { stationId, clerk };
  });
  const fixed: Fixed = { branchId: branch!.id, groupId: group!.id, stationId: ids.stationId, clerkId: ids.clerk, passwordHash: citizenHash };
  const slots = nameSlots();
  await db.schema.createTable('bench_name_slots', (t) => {
    t.integer('slot').primary();
    for (const c of ['first_name', 'last_name', 'name_search', 'last_name_search']) t.string(c, 170).notNullable();
  });
  for (let i = 0; i < slots.length; i += 100) await db('bench_name_slots').insert(slots.slice(i, i + 100));
  const t0 = Date.now();
  for (let from = 0; from < n; from += PER_TX) {
    await writeTransaction(db, (tx) => insertAccountRange(tx, from, Math.min(n, from + PER_TX), fixed));
    log(`  ${Math.min(n, from + PER_TX).toLocaleString('en')} accounts (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  }
  await db.schema.dropTable('bench_name_slots');
  await checkSample(db, n, slots, fixed);
}

/** A sample of the rows written by SQL must be exactly what accounts.repo's row builder makes. */
async function checkSample(db: Db, n: number, slots: Slot[], fixed: Fixed): Promise<void> {
  const first = Number((await db('accounts').min({ id: 'id' }).first<{ id: number }>())!.id);
  for (const i of [0, 1, 2, 3, 4, 9, 10, 11, Math.floor(n / 2), n - 1]) {
    const row = (await db('accounts').where({ id: first + i }).first()) as Record<string, unknown>;
    const want = expectedRow(i, slots[slotOf(i)]!, fixed);
    for (const [k, v] of Object.entries(want)) {
      const got = row[k] === null ? null : typeof v === 'boolean' ? Boolean(row[k]) : typeof v === 'number' ? Number(row[k]) : row[k];
      if (got !== v) throw new Error(`bench account ${i}: ${k} is ${String(row[k])}, the row builder makes ${String(v)}`);
    }
  }
}

export interface LegacyDesk {
  /** Where the cached database is: the SQLite file, or a PostgreSQL data folder and database name. */
  sqliteFile?: string;
  pg?: { template: string; database: string };
  /** Seconds the build took (0 when reused from the cache). */
  builtSeconds: number;
}

function cacheDir(engine: 'sqlite' | 'postgresql', n: number): { dir: string; stale: string[] } {
  const key = `${engine}-${n}-${sourceHash(n)}`;
  const stale = existsSync(CACHE_ROOT) ? readdirSync(CACHE_ROOT).filter((d) => d.startsWith(`${engine}-${n}-`) && d !== key) : [];
  return { dir: path.join(CACHE_ROOT, key), stale: stale.map((d) => path.join(CACHE_ROOT, d)) };
}

/** The cached pre-0010 database for `engine` with `n` accounts, built now if missing or stale. */
export async function legacyDesk(engine: 'sqlite' | 'postgresql', n: number, log: (s: string) => void): Promise<LegacyDesk> {
  const { dir, stale } = cacheDir(engine, n);
  const meta = path.join(dir, 'meta.json');
  if (existsSync(meta)) return { ...(JSON.parse(readFileSync(meta, 'utf8')) as Omit<LegacyDesk, 'builtSeconds'>), builtSeconds: 0 };
  for (const d of stale) rmSync(d, { recursive: true, force: true });
  // Built beside the cache and renamed into place: a run killed half-way leaves no half cache.
  const building = `${dir}.building-${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  mkdirSync(building, { recursive: true });
  log(`building the ${engine} database with ${n.toLocaleString('en')} accounts at ${LEGACY_MIGRATION} (cached in ${dir})`);
  const t0 = performance.now();
  let found: Omit<LegacyDesk, 'builtSeconds'>;
  if (engine === 'sqlite') {
    const file = path.join(building, 'desk.sqlite');
    await withDb({ url: null, sqliteFile: file }, (db) => fillLegacy(db, n, log));
    found = { sqliteFile: path.join(dir, 'desk.sqlite') };
  } else {
    const cluster = await startPg();
    try {
      const url = await cluster.createDatabase();
      await withDb({ url, sqliteFile: '' }, async (db) => {
        await fillLegacy(db, n, log);
        await db.raw('VACUUM ANALYZE');
      });
      await cluster.copyDataTo(path.join(building, 'data'));
      found = { pg: { template: path.join(dir, 'data'), database: new URL(url).pathname.slice(1) } };
    } finally {
      await cluster.stop();
    }
  }
  const builtSeconds = (performance.now() - t0) / 1000;
  log(`built in ${builtSeconds.toFixed(1)} s`);
  writeFileSync(path.join(building, 'meta.json'), JSON.stringify(found));
  rmSync(dir, { recursive: true, force: true });
  renameSync(building, dir);
  return { ...found, builtSeconds };
}

const isPg = (db: Db) => engineOf(db) === 'postgresql';

async function withDb<T>(target: DatabaseTarget, fn: (db: Db) => Promise<T>): Promise<T> {
  const db = connect(target);
  try {
    return await fn(db);
  } finally {
    await db.destroy();
  }
}

/** A cluster started on a copy of the cached data folder (PostgreSQL only). */
export function startLegacyPg(desk: LegacyDesk): Promise<PgCluster> {
  return startPg({ template: desk.pg!.template });
}
