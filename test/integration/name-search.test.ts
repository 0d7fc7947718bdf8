import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertAccounts, searchAccounts, type NewAccount } from '../../src-main/db/accounts.repo';
import { writeTransaction, type Db } from '../../src-main/db/connection';
import { nameKeys } from '../../src-main/services/registration.service';
import { normalizeNameForSearch } from '../../shared/text/persian';
import { nationalCode, setUpBranch, startTestApp, type TestApp } from '../helpers/app';
import { pgSkipReason, startPg, type PgCluster } from '../helpers/pg';

/**
 * Issue 11: name search walks the (key, id) index in order and stops at the page, on both engines,
 * with today's normalisation (Arabic ي/ك, ZWNJ) — and finds exactly the accounts whose full name
 * or surname starts with what was typed.
 */
const FIRST = ['رضا', 'علی', 'رضوان', 'مریم', 'زهرا', 'محمد', 'علیرضا', 'فاطمه'];
const LAST = ['محمدی', 'رضایی', 'احمدی', 'کریمی', 'محمدزاده', 'حسینی', 'رضوی', 'نیک‌پور'];
const N = 1200;
const LIMIT = 50;

async function fill(app: TestApp): Promise<Array<{ id: number; name: string; last: string }>> {
  const { branchId } = await setUpBranch(app);
  const db = app.ctx.db;
  const group = await db('insurance_groups').first<{ id: number }>('id');
  const station = await db('stations').first<{ id: number }>('id');
  const staff = await db('staff').first<{ id: number }>('id');
  const list: NewAccount[] = [];
  for (let i = 0; i < N; i++) {
    // Every 7th account typed on an Arabic layout (ي, ك): search must still find it.
    const arabic = (s: string) => (i % 7 === 0 ? s.replace(/ی/g, 'ي').replace(/ک/g, 'ك') : s);
    const firstName = arabic(FIRST[i % FIRST.length]!);
    const lastName = arabic(LAST[(i * 5 + Math.floor(i / 8)) % LAST.length]!);
    const code = nationalCode(String(200000000 + i * 13).slice(0, 9));
    list.push({
      username: code,
      kind: 'citizen',
      foreignIdentifierId: null,
      firstName,
      lastName,
      ...nameKeys(firstName, lastName),
      branchId,
      insuranceGroupId: group!.id,
      insuranceNumber: String(3000000000 + i),
      mobile: null,
      email: null,
      passwordHash: 'x',
      initialPasswordExpiresAt: '2026-12-01T00:00:00.000Z',
      termsVersion: '1',
      termsAcceptedAt: '2026-11-01T00:00:00.000Z',
      idDocumentType: 'national_card',
      idDocumentNumber: code,
      registeredBy: staff!.id,
      registeredAt: '2026-11-01T00:00:00.000Z',
      stationId: station!.id,
    });
  }
  await writeTransaction(db, (tx) => insertAccounts(tx, list));
  const rows = await db('accounts').select<Array<{ id: number; name_search: string; last_name_search: string }>>('id', 'name_search', 'last_name_search');
  return rows.map((r) => ({ id: Number(r.id), name: r.name_search, last: r.last_name_search }));
}

function expectExact(found: Array<{ id: number }>, all: Array<{ id: number; name: string; last: string }>, typed: string): void {
  const key = normalizeNameForSearch(typed);
  const matches = new Set(all.filter((a) => a.name.startsWith(key) || a.last.startsWith(key)).map((a) => a.id));
  expect(found.length, typed).toBe(Math.min(LIMIT, matches.size));
  for (const f of found) expect(matches.has(f.id), `${typed}: ${f.id}`).toBe(true);
  expect(new Set(found.map((f) => f.id)).size).toBe(found.length);
}

/** The one statement a two-letter name search sends, with its bindings. */
async function searchSql(db: Db): Promise<Array<{ sql: string; bindings: unknown[] }>> {
  const seen: Array<{ sql: string; bindings: unknown[] }> = [];
  const listen = (q: { sql: string; bindings?: unknown[] }) => seen.push({ sql: q.sql, bindings: q.bindings ?? [] });
  db.on('query', listen);
  await searchAccounts(db, 'name', 'رض', LIMIT);
  db.removeListener('query', listen);
  expect(seen).toHaveLength(1);
  return seen;
}

function searchesFindExactly(getApp: () => TestApp, getAll: () => Array<{ id: number; name: string; last: string }>) {
  it('«رضا», «محمدی», two letters, a first name, Arabic ي/ك and a ZWNJ find exactly the accounts that start so, one page at most', async () => {
    const db = getApp().ctx.db;
    for (const typed of ['رضا', 'محمدی', 'رض', 'علی', 'علي', 'محمدي', 'نیک پور', 'نیک‌پ', 'فاطمه رضایی', 'ژ', '%', 'رضا_']) {
      expectExact(await searchAccounts(db, 'name', normalizeNameForSearch(typed), LIMIT), getAll(), typed);
    }
    // A page of names, in name order: the walk stops at the page.
    const page = await searchAccounts(db, 'name', normalizeNameForSearch('رضا'), LIMIT);
    const keys = page.map((a) => normalizeNameForSearch(`${a.firstName} ${a.lastName}`));
    expect(keys).toEqual([...keys].sort());
  });
}

describe('name search on SQLite: ordered index walks, stopped at the page', () => {
  let app: TestApp;
  let all: Array<{ id: number; name: string; last: string }>;
  beforeAll(async () => {
    app = await startTestApp();
    all = await fill(app);
  });
  afterAll(() => app?.close());
  searchesFindExactly(
    () => app,
    () => all,
  );

  it('the plan walks each name index in order (no sort of the matches) and never scans accounts', async () => {
    const db = app.ctx.db;
    const seen = await searchSql(db);
    const plan = (await db.raw(`explain query plan ${seen[0]!.sql}`, seen[0]!.bindings as never)) as Array<{ id: number; parent: number; detail: string }>;
    const walks = plan.filter((p) => /^SEARCH accounts USING COVERING INDEX accounts_(last_)?name_search_index/.test(p.detail));
    expect(walks).toHaveLength(2);
    for (const w of walks) {
      // A sort beside the walk would mean every match is read first.
      expect(plan.filter((p) => p.parent === w.parent && /TEMP B-TREE/.test(p.detail))).toEqual([]);
    }
    expect(plan.filter((p) => /^SCAN (a|accounts)\b/.test(p.detail))).toEqual([]);
  });
});

const skip = pgSkipReason();
describe.skipIf(skip !== null)('name search on PostgreSQL 15: the same answers from (key COLLATE "C", id) index walks', () => {
  let cluster: PgCluster;
  let app: TestApp;
  let all: Array<{ id: number; name: string; last: string }>;
  beforeAll(async () => {
    cluster = await startPg();
    app = await startTestApp({ databaseUrl: await cluster.createDatabase() });
    all = await fill(app);
    await app.ctx.db.raw('VACUUM ANALYZE accounts');
  });
  afterAll(async () => {
    await app?.close();
    await cluster?.stop();
  });
  searchesFindExactly(
    () => app,
    () => all,
  );

  it('the plan is two index walks under their limits, with no sequential scan of accounts', async () => {
    const db: Db = app.ctx.db;
    const seen = await searchSql(db);
    const plan = await db.transaction(async (tx) => {
      // A 1,200-row table is small enough that the planner may prefer reading it all; at a
      // branch's size it does not. Forbid that here, then check the walks are what remain.
      await tx.raw('SET LOCAL enable_seqscan = off');
      await tx.raw('SET LOCAL enable_bitmapscan = off');
      const sql = seen[0]!.sql.replace(/\$\d+/g, '?');
      const r = (await tx.raw(`EXPLAIN ${sql}`, seen[0]!.bindings as never)) as { rows: Array<{ 'QUERY PLAN': string }> };
      return r.rows.map((x) => x['QUERY PLAN']).join('\n');
    });
    // Each walk is an index scan straight under its Limit: no Sort of the matches between them.
    expect(plan).toMatch(/Limit[^\n]*\n\s*->\s+Index (Only )?Scan using accounts_name_search_index on accounts/);
    expect(plan).toMatch(/Limit[^\n]*\n\s*->\s+Index (Only )?Scan using accounts_last_name_search_index on accounts/);
    expect(plan).not.toMatch(/Seq Scan on accounts/);
    const columns = (await db.raw(
      "SELECT column_name, collation_name FROM information_schema.columns WHERE table_name = 'accounts' AND column_name IN ('name_search', 'last_name_search') ORDER BY column_name",
    )) as { rows: Array<{ column_name: string; collation_name: string }> };
    expect(columns.rows).toEqual([
      { column_name: 'last_name_search', collation_name: 'C' },
      { column_name: 'name_search', collation_name: 'C' },
    ]);
  });
});
