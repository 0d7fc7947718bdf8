import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RegistryEntry } from '../../shared/journal';
import { writeTransaction } from '../../src-main/db/connection';
import { insertRowsPlain, readRegistryState, type RegistryRecord } from '../../src-main/db/hq-registry.repo';
import { SYSTEM_ACTOR } from '../../src-main/services/env';
import { importRegistryFile } from '../../src-main/services/hq-registry.service';
import { CLERK_PASSWORD, nationalCode, setUpBranch, startTestApp, type TestApp } from '../helpers/app';
import { registrationInput } from '../helpers/desk-flow';
import { hqKey, pinHqKey, registryFileText, registryPage } from '../helpers/registry';
import { figure, recordFigures, timed } from './lib/results';

/**
 * Issue 9 item 3, on SQLite: (1) loading headquarters' registry of 1,000,000 usernames at the
 * branch — the whole path from the file's text (100 signed pages of 10,000: signatures, canonical
 * parse, chain, multi-row upserts in one transaction) — as a ratio to a plain multi-row INSERT of
 * the same rows into a table of the same shape, in one transaction, in the same run (goal ≤ 2×);
 * (2) registration at a branch holding that registry vs one whose registry is empty, rounds
 * alternating (goal ≤ 1.05×).
 */
const USERNAMES = 1_000_000;
const PAGE = 10_000;
const LOAD_ROUNDS = 3;
const REG_ROUNDS = 6;
const PER_ROUND = 10;
const BRANCHES = ['2001', '3001', '4001', '5001', '6001', '7001', '9001', '9002'];

let loaded: TestApp;
let empty: TestApp;
let fileText: string;
let records: RegistryRecord[];

const entryAt = (i: number): RegistryEntry => ({
  username: String(2_000_000_000 + i),
  branch: BRANCHES[i % BRANCHES.length]!,
  station: 1 + (i % 5),
  registeredAt: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
  active: i % 50 !== 0,
  version: i + 1,
});

beforeAll(async () => {
  loaded = await startTestApp();
  empty = await startTestApp();
  const key = hqKey();
  for (const app of [loaded, empty]) await pinHqKey(app, (await setUpBranch(app)).supervisor, key);
  const pages = [];
  for (let from = 0; from < USERNAMES; from += PAGE) {
    const entries = Array.from({ length: Math.min(PAGE, USERNAMES - from) }, (_, k) => entryAt(from + k));
    pages.push(registryPage(key, entries, { fromVersion: from, toVersion: from + entries.length, hasMore: from + PAGE < USERNAMES }));
  }
  fileText = registryFileText(pages);
  records = Array.from({ length: USERNAMES }, (_, i) => {
    const e = entryAt(i);
    return { username: e.username, branchCode: e.branch, stationNumber: e.station, registeredAt: e.registeredAt, active: e.active, version: e.version };
  });
  // The baseline's table is the registry's own shape (its CREATE statement under another name).
  const { sql } = await loaded.ctx.db('sqlite_master').where({ type: 'table', name: 'hq_registry' }).first<{ sql: string }>('sql');
  await loaded.ctx.db.raw(sql.replace(/hq_registry/, 'bench_plain_registry'));
});
afterAll(async () => {
  await loaded?.close();
  await empty?.close();
});

it('loads a 1,000,000-username registry file vs a plain multi-row insert of the same rows', async () => {
  const db = loaded.ctx.db;
  const plain: number[] = [];
  const load: number[] = [];
  for (let r = 0; r < LOAD_ROUNDS; r++) {
    await db('bench_plain_registry').delete();
    plain.push(await timed(() => writeTransaction(db, (tx) => insertRowsPlain(tx, 'bench_plain_registry', records))));
    await db('hq_registry').delete();
    await writeTransaction(db, (tx) => tx('hq_registry_state').update({ version: 0 }));
    load.push(await timed(() => importRegistryFile(loaded.ctx.env, SYSTEM_ACTOR, fileText)));
  }
  expect((await readRegistryState(db)).version).toBe(USERNAMES);
  expect(Number((await db('hq_registry').count({ n: '*' }))[0]!.n)).toBe(USERNAMES);
  const f = figure(
    { bench: 'hq-registry', row: 'registry file of 1,000,000 usernames loaded (verify + parse + upsert)', engine: 'sqlite', unit: 'ms', rounds: load },
    { what: 'plain multi-row INSERT', unit: 'ms', rounds: plain },
    { text: '≤ 2×', on: 'ratio', at: 2, better: 'lower' },
  );
  recordFigures([f]);
  console.log(`\nplain insert ${f.baseline!.median.toFixed(0)} ms, registry load ${f.median.toFixed(0)} ms: ${f.ratio!.toFixed(3)}× (goal ≤ 2×)`);
});

it('registration with the 1,000,000-username registry vs with an empty one', async () => {
  const counters = await Promise.all(
    [loaded, empty].map(async (app) => {
      const clerk = app.staffSession();
      await app.ok(clerk, 'staff:login', { username: 'reza.clerk', password: CLERK_PASSWORD });
      const branchId = (await app.ok(clerk, 'reference:branches', { query: '' }))[0]!.id;
      return { app, clerk, input: await registrationInput({ app, clerk, branchId }, { nationalCode: nationalCode('100000000') }) };
    }),
  );
  let n = 0;
  const round = async (c: (typeof counters)[number]) =>
    (await timed(async () => {
      for (let i = 0; i < PER_ROUND; i++) {
        const code = nationalCode(String(300_000_000 + n++));
        const r = await c.app.call(c.clerk, 'accounts:register', { ...c.input, nationalCode: code, idDocument: { type: 'national_card', number: code } });
        if (!r.ok) throw new Error(`register failed: ${JSON.stringify(r.error)}`);
      }
    })) / PER_ROUND;
  await round(counters[0]!);
  await round(counters[1]!);
  const withRegistry: number[] = [];
  const without: number[] = [];
  for (let r = 0; r < REG_ROUNDS; r++) {
    withRegistry.push(await round(counters[0]!));
    without.push(await round(counters[1]!));
  }
  const f = figure(
    { bench: 'hq-registry', row: 'registration with a 1,000,000-username registry', engine: 'sqlite', unit: 'ms', rounds: withRegistry },
    { what: 'registration, empty registry', unit: 'ms', rounds: without },
    { text: '≤ 1.05×', on: 'ratio', at: 1.05, better: 'lower' },
  );
  recordFigures([f]);
  console.log(`registration ${f.baseline!.median.toFixed(1)} ms with an empty registry, ${f.median.toFixed(1)} ms with 1,000,000: ${f.ratio!.toFixed(3)}× (goal ≤ 1.05×)`);
});
