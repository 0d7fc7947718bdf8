import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { version } from '../../package.json';
import { AppError, isAppError, type ErrorCode } from '../../shared/errors';
import { openBackupFile, readManifestBlock, sameKey, sha256File, writeBackupFile, type BackupKey, type BackupKind, type BodyPart } from '../core/backup-file';
import { logger } from '../core/log';
import { appliedMigrations, countAccounts, openForInspection, snapshotSqlite } from '../db/backup.repo';
import type { Q } from '../db/types';
import { chainHead } from './audit.service';
import { bundleKeys, ManifestSchema, type Manifest } from './backup-manifest';
import type { ServiceEnv } from './env';

const log = logger('backup');

export const BACKUP_SUFFIX = '.deskbak';
const PARTIAL_SUFFIX = '.partial';
const NAME_RE = /^desk-backup-(\d{8}T\d{9}Z)-[0-9a-f]{6}\.deskbak$/;

/** Where a backup goes and how many to keep there. */
export interface BackupPlace {
  /** The app's data folder: the plaintext snapshot is made there (owner-only), never in `folder`. */
  dataDir: string;
  folder: string;
  keep: number;
  /** The CLI's `--out` may create its folder; a scheduled backup must find it (an unplugged USB disk is not a folder to fill). */
  createFolder?: boolean;
}

export interface BackupDone {
  file: string;
  bytes: number;
  manifest: Manifest;
  /** Older backups removed by retention. */
  removed: string[];
}

function stampOf(at: Date): string {
  return at.toISOString().replace(/[-:.]/g, '');
}

/**
 * `mkdir -p`, one level at a time: Node's recursive mkdir never returns where the file system
 * answers ENOENT for a folder whose parent exists (`--out /proc/x` spun at 100% CPU for good).
 */
async function makeFolder(folder: string): Promise<void> {
  const missing: string[] = [];
  for (let p = path.resolve(folder); !existsSync(p); p = path.dirname(p)) {
    missing.unshift(p);
    if (path.dirname(p) === p) break;
  }
  for (const m of missing) {
    await mkdir(m).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'EEXIST') throw e;
    });
  }
}

async function ensureFolder(place: BackupPlace): Promise<void> {
  try {
    if (place.createFolder) await makeFolder(place.folder);
    if (!(await stat(place.folder)).isDirectory()) throw new Error('not a folder');
    // Writable? A read-only share is as useless as a missing one.
    const probe = path.join(place.folder, `.desk-probe-${randomBytes(4).toString('hex')}`);
    await (await open(probe, 'wx')).close();
    await rm(probe);
  } catch (e) {
    log.warn('backup folder unreachable', e instanceof Error ? e.message : String(e));
    throw new AppError('BACKUP_FOLDER_UNREACHABLE');
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The owner-only folder for plaintext snapshots and dumps, in the data folder. Each file carries
 * its process id; what a killed process left there (a whole plaintext copy) goes at the next use.
 */
function workDir(dataDir: string): string {
  const dir = path.join(dataDir, 'backup-work');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  for (const name of readdirSync(dir)) {
    const pid = Number(/^[a-z]+-(\d+)-/.exec(name)?.[1]);
    if (pid && pid !== process.pid && !alive(pid)) rmSync(path.join(dir, name), { force: true });
  }
  return dir;
}

/** A work file name: kind, owning process, a random part. */
function workName(kind: string, ext: string): string {
  return `${kind}-${process.pid}-${randomBytes(6).toString('hex')}.${ext}`;
}

/** What the manifest says about a database's contents. */
export type Figures = Pick<Manifest, 'schema' | 'migrations' | 'accounts' | 'audit'>;

export async function readFigures(q: Q): Promise<Figures> {
  const migrations = await appliedMigrations(q);
  const head = await chainHead(q);
  return { schema: migrations.at(-1) ?? '', migrations, accounts: await countAccounts(q), audit: { lastId: head.lastId, head: head.lastHash } };
}

function manifestOf(engine: Manifest['engine'], at: Date, figures: Figures, db: Manifest['database'], keys: Buffer): Manifest {
  return ManifestSchema.parse({
    format: 1,
    createdAt: at.toISOString(),
    appVersion: version,
    engine,
    ...figures,
    database: db,
    keys: { bytes: keys.length, sha256: createHash('sha256').update(keys).digest('hex') },
  });
}

/**
 * Writes the container under a temporary name and renames it only once it is complete and on
 * disk: a process killed mid-backup leaves a `.partial` file that is never counted as a backup.
 */
async function publish(place: BackupPlace, at: Date, kind: BackupKind, key: BackupKey, manifest: Manifest, parts: BodyPart[]): Promise<BackupDone> {
  const name = `desk-backup-${stampOf(at)}-${randomBytes(3).toString('hex')}${BACKUP_SUFFIX}`;
  const tmp = path.join(place.folder, `.${name}${PARTIAL_SUFFIX}`);
  const file = path.join(place.folder, name);
  try {
    await writeBackupFile(tmp, kind, key, manifest, parts);
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => undefined);
    // The folder went away while the file was written (a stick pulled, a share dropped): said as such.
    const still = await stat(place.folder).then((s) => s.isDirectory(), () => false);
    if (!still) {
      log.warn('backup folder went away during the backup', e instanceof Error ? e.message : String(e));
      throw new AppError('BACKUP_FOLDER_UNREACHABLE');
    }
    throw e;
  }
  const removed = await applyRetention(place.folder, place.keep, key.key);
  const bytes = (await stat(file)).size;
  log.info(`backup written: ${name} (${bytes} bytes, ${manifest.accounts} accounts, audit ${manifest.audit.lastId})`);
  return { file, bytes, manifest, removed };
}

/**
 * Keeps this desk's newest `keep` complete backups in the folder and removes its older ones. A
 * backup folder may be shared (a network share for several counters or branches): only files
 * written with this desk's key (their key check) are its own; another desk's, and a file that
 * cannot be opened, are never removed here (an outside probe lost another branch's backups).
 */
export async function applyRetention(folder: string, keep: number, key: Buffer): Promise<string[]> {
  const mine: string[] = [];
  for (const n of (await readdir(folder)).filter((f) => NAME_RE.test(f)).sort()) {
    const opened = await openBackupFile(path.join(folder, n)).catch(() => null);
    if (opened && sameKey(key, opened.header)) mine.push(n);
  }
  const old = mine.slice(0, Math.max(0, mine.length - keep));
  for (const n of old) await rm(path.join(folder, n), { force: true });
  return old;
}

/**
 * Backups (SQLite): an online copy of the live database (the desk keeps working), encrypted with
 * the backup key, with its manifest and the keys the restored database needs.
 */
export async function backupSqlite(env: ServiceEnv, sqliteFile: string, place: BackupPlace, key: BackupKey): Promise<BackupDone> {
  await ensureFolder(place);
  const at = env.clock.now();
  const snap = path.join(workDir(place.dataDir), workName('snapshot', 'sqlite'));
  try {
    await snapshotSqlite(sqliteFile, snap);
    const keys = bundleKeys(env.keys);
    // Read the figures first: opening the copy sets its journal mode, which changes its header.
    const inspect = openForInspection(snap);
    let figures: Figures;
    try {
      figures = await readFigures(inspect);
    } finally {
      await inspect.destroy();
    }
    const manifest = manifestOf('sqlite', at, figures, { bytes: (await stat(snap)).size, sha256: await sha256File(snap) }, keys);
    return await publish(place, at, 'sqlite', key, manifest, [{ file: snap, size: manifest.database.bytes }, { bytes: keys }]);
  } finally {
    for (const f of [snap, `${snap}-wal`, `${snap}-shm`]) rmSync(f, { force: true });
  }
}

/**
 * Encrypts a finished pg_dump archive like any other backup (see pg-dump.service.ts); `figures`
 * were read before the dump began, so the dump holds at least what they count.
 */
export async function publishPgDump(env: ServiceEnv, dumpFile: string, place: BackupPlace, key: BackupKey, at: Date, figures: Figures): Promise<BackupDone> {
  const keys = bundleKeys(env.keys);
  const manifest = manifestOf('postgresql', at, figures, { bytes: (await stat(dumpFile)).size, sha256: await sha256File(dumpFile) }, keys);
  return publish(place, at, 'pg_dump', key, manifest, [{ file: dumpFile, size: manifest.database.bytes }, { bytes: keys }]);
}

export { ensureFolder as ensureBackupFolder, workDir as backupWorkDir, workName as backupWorkName };

/** One file in the backup folder, as the supervisor's list shows it. */
export interface BackupEntry {
  name: string;
  bytes: number;
  /** From the manifest when this machine's key opens it, else the file's time. */
  createdAt: string;
  accounts: number | null;
  state: 'ok' | 'other-key' | 'incomplete' | 'failed';
  code: ErrorCode | null;
}

/** Lists the folder's backups, newest first, each checked as far as the sealed key allows. */
export async function listBackups(folder: string, key: Buffer | null): Promise<BackupEntry[]> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    throw new AppError('BACKUP_FOLDER_UNREACHABLE');
  }
  const out: BackupEntry[] = [];
  for (const name of names) {
    const partial = name.startsWith('.desk-backup-') && name.endsWith(PARTIAL_SUFFIX);
    if (!NAME_RE.test(name) && !partial) continue;
    const file = path.join(folder, name);
    const st = await stat(file).catch(() => null);
    if (!st) continue;
    const entry: BackupEntry = { name, bytes: st.size, createdAt: st.mtime.toISOString(), accounts: null, state: 'incomplete', code: null };
    if (!partial) {
      try {
        const opened = await openBackupFile(file);
        if (key && sameKey(key, opened.header)) {
          const m = ManifestSchema.parse(await readManifestBlock(opened, key));
          Object.assign(entry, { createdAt: m.createdAt, accounts: m.accounts, state: 'ok' });
        } else entry.state = 'other-key';
      } catch (e) {
        Object.assign(entry, { state: 'failed', code: isAppError(e) ? e.code : 'BACKUP_DAMAGED' });
      }
    }
    out.push(entry);
  }
  return out.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
}
