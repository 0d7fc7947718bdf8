import { execFile } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import type { BackupKey } from '../core/backup-file';
import { logger } from '../core/log';
import { backupWorkDir, backupWorkName, ensureBackupFolder, publishPgDump, readFigures, type BackupDone, type BackupPlace } from './backup.service';
import type { ServiceEnv } from './env';

const log = logger('pg-dump');

/** Debian's PostgreSQL 15 client, then PATH; `PG_DUMP` names another. */
export function findPgDump(env: NodeJS.ProcessEnv = process.env): string | null {
  const exe = process.platform === 'win32' ? 'pg_dump.exe' : 'pg_dump';
  const candidates = [env.PG_DUMP, '/usr/lib/postgresql/15/bin/pg_dump', ...(env.PATH ?? '').split(path.delimiter).filter(Boolean).map((d) => path.join(d, exe))];
  return candidates.find((c): c is string => !!c && existsSync(c)) ?? null;
}

function run(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { env, timeout: 60 * 60_000, maxBuffer: 1 << 20 }, (err, _out, stderr) => {
      if (!err) return resolve();
      const detail = String(stderr || err.message).split('\n')[0]!.slice(0, 300);
      reject(new AppError('PG_DUMP_FAILED', { detail }));
    });
  });
}

/**
 * Backups (PostgreSQL): `pg_dump --format=custom` of the shared database, encrypted into the same
 * container as a SQLite backup. The password goes to pg_dump in PGPASSWORD, never on its command
 * line (which any user of the machine can read).
 */
export async function backupPostgres(env: ServiceEnv, databaseUrl: string, place: BackupPlace, key: BackupKey, pgDump = findPgDump()): Promise<BackupDone> {
  if (!pgDump) throw new AppError('PG_DUMP_MISSING');
  await ensureBackupFolder(place);
  const at = env.clock.now();
  const figures = await readFigures(env.db);
  const url = new URL(databaseUrl);
  const password = decodeURIComponent(url.password);
  url.password = '';
  const dump = path.join(backupWorkDir(place.dataDir), backupWorkName('dump', 'pgdump'));
  try {
    await run(pgDump, ['--format=custom', '--no-password', '--file', dump, '--dbname', url.toString()], { ...process.env, PGPASSWORD: password });
    log.info(`pg_dump done (${path.basename(dump)})`);
    return await publishPgDump(env, dump, place, key, at, figures);
  } finally {
    rmSync(dump, { force: true });
  }
}
