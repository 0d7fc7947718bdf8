import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src-main/db/connection';
import { freshSqlite, type TempDb } from '../helpers/db';
import { T } from '../helpers/migration-rows';

describe('SQLite pragmas on every opened connection', () => {
  let t: TempDb | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  async function pragma(db: Db, name: string): Promise<unknown> {
    const rows = (await db.raw(`PRAGMA ${name}`)) as Array<Record<string, unknown>>;
    return Object.values(rows[0]!)[0];
  }

  it('WAL, foreign keys on, synchronous FULL, secure_delete on, a 5 s busy timeout', async () => {
    t = await freshSqlite();
    for (const db of [t.db, t.second()]) {
      expect(await pragma(db, 'journal_mode')).toBe('wal');
      expect(await pragma(db, 'foreign_keys')).toBe(1);
      expect(await pragma(db, 'synchronous')).toBe(2);
      expect(await pragma(db, 'secure_delete')).toBe(1);
      expect(await pragma(db, 'busy_timeout')).toBe(5000);
    }
  });

  it('secure_delete: a deleted value is overwritten in the file (and is not without it)', async () => {
    const { db, file } = (t = await freshSqlite());
    const inFile = async (marker: string) => {
      await db.raw('PRAGMA wal_checkpoint(TRUNCATE)');
      return readFileSync(file).includes(Buffer.from(marker));
    };
    const plant = async (marker: string) => {
      await db('settings').insert({ key: marker, value: JSON.stringify(marker.repeat(20)), updated_at: T });
      expect(await inFile(marker)).toBe(true);
      await db('settings').where({ key: marker }).del();
      return inFile(marker);
    };
    expect(await plant('ZQXJ-secure-delete-on')).toBe(false);
    // Control: the same steps with secure_delete off leave the bytes behind, so the search works.
    await db.raw('PRAGMA secure_delete = OFF');
    try {
      expect(await plant('ZQXJ-secure-delete-off')).toBe(true);
    } finally {
      await db.raw('PRAGMA secure_delete = ON');
    }
  });
});
