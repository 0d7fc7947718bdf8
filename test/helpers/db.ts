import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connect, openDatabase, type Db } from '../../src-main/db/connection';

export interface TempDb {
  db: Db;
  dir: string;
  file: string;
  /** A second, independent connection to the same file (two counters racing). */
  second(): Db;
  close(): Promise<void>;
}

/** A real SQLite file in a fresh temporary folder, migrated to the latest schema. */
export async function freshSqlite(opts: { migrate?: boolean } = {}): Promise<TempDb> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'desk-db-'));
  const file = path.join(dir, 'desk.sqlite');
  const db = opts.migrate === false ? connect({ url: null, sqliteFile: file }) : await openDatabase({ url: null, sqliteFile: file });
  const others: Db[] = [];
  return {
    db,
    dir,
    file,
    second() {
      const d = connect({ url: null, sqliteFile: file });
      others.push(d);
      return d;
    },
    async close() {
      for (const d of others) await d.destroy();
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
