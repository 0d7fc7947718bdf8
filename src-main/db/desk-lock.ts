import { mkdirSync } from 'node:fs';
import path from 'node:path';
import sqlite3 from 'sqlite3';

/** The file in the data folder whose lock says "a desk (or a writing CLI command) is in here". */
export const DESK_LOCK_FILE = 'desk.lock';

/** A desk cannot start: another desk or a writing CLI command holds the data folder. */
export class DeskBusyError extends Error {
  constructor(readonly dataDir: string) {
    super(`another desk or a command-line task that writes the database is using ${dataDir}; close it first`);
    this.name = 'DeskBusyError';
  }
}

export interface DeskLock {
  release(): Promise<void>;
}

/**
 * Takes the data folder's desk lock, or returns null when another process (or another holder in
 * this one) has it. The lock is SQLite's own exclusive file lock on a small empty database, held
 * by an open transaction: the OS drops it when the holder exits or crashes (no stale pid file to
 * clean up, no pid reuse to fool it), it works the same on Windows and Linux, and SQLite keeps
 * two connections of one process apart too.
 */
export function tryDeskLock(dataDir: string): Promise<DeskLock | null> {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, DESK_LOCK_FILE);
  return new Promise((resolve, reject) => {
    const conn = new sqlite3.Database(file, (openErr) => {
      if (openErr) return reject(openErr);
      conn.configure('busyTimeout', 0);
      conn.exec('BEGIN EXCLUSIVE', (err) => {
        if (!err) {
          resolve({
            release: () =>
              new Promise<void>((done) => {
                conn.exec('ROLLBACK', () => conn.close(() => done()));
              }),
          });
          return;
        }
        conn.close(() => ((err as Error & { code?: string }).code === 'SQLITE_BUSY' ? resolve(null) : reject(err)));
      });
    });
  });
}
