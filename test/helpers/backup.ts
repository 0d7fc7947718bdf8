import { createHash } from 'node:crypto';
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

/**
 * A copy of a backup whose clear header is replaced (`edit` gets the header's JSON bytes and
 * returns new bytes), with the header's length and SHA-256 recomputed: what someone who knows the
 * format, but not the passphrase, can forge (see core/backup-file: MAGIC | u32 length | header |
 * SHA-256 of the header | blocks).
 */
export function forgeHeader(file: string, edit: (header: Buffer) => Buffer, out: string): string {
  const b = readFileSync(file);
  const at = 8; // "DESKBAK1"
  const len = b.readUInt32BE(at);
  const header = edit(b.subarray(at + 4, at + 4 + len));
  const newLen = Buffer.alloc(4);
  newLen.writeUInt32BE(header.length);
  const hash = createHash('sha256').update(header).digest();
  writeFileSync(out, Buffer.concat([b.subarray(0, at), newLen, header, hash, b.subarray(at + 4 + len + 32)]));
  return out;
}

/** forgeHeader with the header as JSON: `edit` changes the parsed object in place. */
export function forgeHeaderJson(file: string, edit: (header: Record<string, unknown>) => void, out: string): string {
  return forgeHeader(
    file,
    (bytes) => {
      const h = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
      edit(h);
      return Buffer.from(JSON.stringify(h), 'utf8');
    },
    out,
  );
}
