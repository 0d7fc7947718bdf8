import { randomBytes } from 'node:crypto';
import { accessSync, closeSync, constants, fsyncSync, openSync, readdirSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/errors';

/** Temporary names: hidden, and never a name a reader of the folder looks for. */
const TEMP = /^\.[0-9A-Za-z.-]+\.[0-9a-f]{16}\.tmp$/;

/** A folder files can be written to (the USB stick a supervisor names): absolute, existing, writable. */
export function checkExportFolder(folder: string): void {
  try {
    if (!path.isAbsolute(folder) || folder.includes('\0')) throw new Error('not absolute');
    if (!statSync(folder).isDirectory()) throw new Error('not a folder');
    accessSync(folder, constants.W_OK);
  } catch {
    throw new AppError('EXPORT_FOLDER_INVALID');
  }
}

/** Temporary files an earlier export left when it was killed half way. */
export function removeStaleTemps(folder: string): void {
  for (const name of readdirSync(folder)) {
    if (TEMP.test(name)) unlinkSync(path.join(folder, name));
  }
}

function fsyncFolder(folder: string): void {
  try {
    const fd = openSync(folder, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Windows cannot open a folder for fsync; the rename itself is still atomic there.
  }
}

/**
 * Writes a whole file or nothing: the bytes go to a temporary name, reach the disk (fsync), and
 * are renamed over the final name; a crash at any point leaves the old file or the new one.
 */
export function writeFileAtomically(folder: string, name: string, data: string | Buffer): void {
  const tmp = path.join(folder, `.${name}.${randomBytes(8).toString('hex')}.tmp`);
  const fd = openSync(tmp, 'w', 0o644);
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path.join(folder, name));
  fsyncFolder(folder);
}
