import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrationSource } from '../../migrations';
import type { MigrationProgress } from '../../migrations/progress';
import { normalizeNameForSearch } from '../../shared/text/persian';
import { openDatabase } from '../../src-main/db/connection';
import { freshSqlite, type TempDb } from '../helpers/db';
import { upgradeWorkLeft } from '../../src-main/db/deferred-upgrade.repo';
import { finishUpgradeWork } from '../helpers/legacy-upgrade';
import { accountRow, hasObject, SEEDS, T } from '../helpers/migration-rows';

describe('issue 11: upgrades that do not stall', () => {
  let t: TempDb | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('0010 leaves the surname keys of existing accounts to the background job, which fills them batch by batch with the keys one row at a time would give', async () => {
    t = await freshSqlite({ migrate: false });
    const upTo = MIGRATIONS.findIndex(([n]) => n === '0010_account_last_name_search');
    for (const [earlier] of MIGRATIONS.slice(0, upTo)) await t.db.migrate.up({ migrationSource, name: earlier });
    for (const [table, row] of SEEDS.slice(0, 5)) await t.db(table).insert(row);
    const surnames = ['كاظمي', 'کاظمی', 'نیک‌پور', 'نيك پور', 'أحمدی', null, 'رضايي'];
    const rows = Array.from({ length: 700 }, (_, i) => accountRow({ id: 100 + i, username: String(1000000000 + i), live_username: String(1000000000 + i), last_name: surnames[i % surnames.length] }));
    for (let i = 0; i < rows.length; i += 100) await t.db('accounts').insert(rows.slice(i, i + 100));
    await t.db.destroy();

    const seen: MigrationProgress[] = [];
    const db = await openDatabase({ url: null, sqliteFile: t.file }, (p) => seen.push(p));
    try {
      const mine = seen.filter((p) => p.migration === '0010_account_last_name_search');
      expect(mine.at(-1)!.done).toBe(mine.at(-1)!.total);
      expect(await hasObject(db, 'index', 'accounts_last_name_search_index')).toBe(true);
      expect(await upgradeWorkLeft(db)).toEqual({ done: 0, total: 700, pending: ['internal.upgrade.surname_keys'] });
      expect(await finishUpgradeWork(db, 300)).toBe(3);
      const after = (await db('accounts').select('last_name', 'last_name_search')) as Array<{ last_name: string | null; last_name_search: string | null }>;
      expect(after).toHaveLength(700);
      for (const r of after) expect(r.last_name_search).toBe(r.last_name === null ? null : normalizeNameForSearch(r.last_name));
      expect(await upgradeWorkLeft(db)).toBeNull();
    } finally {
      await db.destroy();
    }
  });

  it('0012 writes the stations’ and identifiers’ snapshot and leaves the accounts’ to the background job, which numbers them on without a gap, range by range of ids (an empty range too)', async () => {
    t = await freshSqlite({ migrate: false });
    const upTo = MIGRATIONS.findIndex(([n]) => n === '0012_journal');
    for (const [earlier] of MIGRATIONS.slice(0, upTo)) await t.db.migrate.up({ migrationSource, name: earlier });
    for (const [table, row] of SEEDS.slice(0, 7)) await t.db(table).insert(row);
    await t.db('settings').insert({ key: 'internal.station_id', value: '1', updated_at: T });
    // Ids far apart: three ranges of 100,000 ids, one of them empty.
    const ids = [1, 2, 100_000, 100_001, 250_000];
    for (const [k, id] of ids.entries()) await t.db('accounts').insert(accountRow({ id, username: String(1000000000 + k), live_username: String(1000000000 + k) }));
    await t.db.destroy();

    const seen: MigrationProgress[] = [];
    const db = await openDatabase({ url: null, sqliteFile: t.file }, (p) => seen.push(p));
    try {
      const mine = seen.filter((p) => p.migration === '0012_journal');
      expect(mine.at(-1)!.done).toBe(mine.at(-1)!.total);
      expect(await db('journal').where({ station_id: 1 }).orderBy('seq').pluck('record_type')).toEqual(['station', 'identifier']);
      expect((await db('stations').where({ id: 1 }).first<{ journal_next_seq: number }>())!.journal_next_seq).toBe(3);
      expect(await upgradeWorkLeft(db)).toEqual({ done: 0, total: 250_000, pending: ['internal.upgrade.account_snapshot'] });
      expect(await finishUpgradeWork(db, 100_000)).toBe(3);
      expect(await upgradeWorkLeft(db)).toBeNull();
      const rows = (await db('journal').where({ station_id: 1 }).orderBy('seq').select('seq', 'kind', 'record_type', 'record_id')) as Array<{ seq: number; kind: string; record_type: string; record_id: string }>;
      expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(rows.every((r) => r.kind === 'snapshot')).toBe(true);
      expect(rows.map((r) => r.record_type)).toEqual(['station', 'identifier', 'account', 'account', 'account', 'account', 'account']);
      expect(rows.slice(2).map((r) => r.record_id)).toEqual(ids.map((_, k) => String(1000000000 + k)));
      expect((await db('stations').where({ id: 1 }).first<{ journal_next_seq: number }>())!.journal_next_seq).toBe(8);
    } finally {
      await db.destroy();
    }
  });
});
