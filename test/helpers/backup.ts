import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { isAppError } from '../../shared/errors';
import type { BackupKey } from '../../src-main/core/backup-file';
import { backupSqlite, type BackupDone } from '../../src-main/services/backup.service';
import { sealedBackupKey, setBackupPassphrase } from '../../src-main/services/backup-key.service';
import type { TestApp } from './app';

export const BACKUP_PASSPHRASE = 'correct horse battery staple 1405';

/** Temporary folders made during a test, removed after it. */
export function useTempDirs(): (prefix: string) => string {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  return (prefix) => {
    const d = mkdtempSync(path.join(os.tmpdir(), prefix));
    dirs.push(d);
    return d;
  };
}

/** Sets the backup passphrase as a supervisor would, and returns the key now sealed on the machine. */
export async function withBackupPassphrase(app: TestApp): Promise<BackupKey> {
  await setBackupPassphrase(app.ctx.env, { type: 'staff', id: 1, name: 'sara.supervisor' }, BACKUP_PASSPHRASE);
  const k = sealedBackupKey(app.ctx.env.keys);
  if (!k) throw new Error('the backup key was not sealed');
  return k;
}

/** One immediate backup of a test app's SQLite file into `folder`. */
export function backupNow(app: TestApp, key: BackupKey, folder: string, keep = 10): Promise<BackupDone> {
  return backupSqlite(app.ctx.env, path.join(app.dataDir, 'desk.sqlite'), { dataDir: app.dataDir, folder, keep }, key);
}

/** The error code a promise is refused with (null when it resolves). */
export async function refusalCode(p: Promise<unknown>): Promise<string | null> {
  try {
    await p;
    return null;
  } catch (e) {
    if (isAppError(e)) return e.code;
    throw e;
  }
}

/** A copy of a backup file with one byte flipped at `at` (negative: from the end). */
export function flipByte(file: string, at: number, out: string): string {
  const b = readFileSync(file);
  const i = at < 0 ? b.length + at : at;
  b[i] = b[i]! ^ 0x01;
  writeFileSync(out, b);
  return out;
}
