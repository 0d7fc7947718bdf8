import { expect, it } from 'vitest';
import { ROW_GROUPS, runDeskBench, type Engine, type RowGroup } from './lib/desk-bench';
import { recordFigures } from './lib/results';

/**
 * Issue 11 item 5, the benchmark of a real branch's scale: 1,000,000 accounts (BENCH_ACCOUNTS
 * changes it), each row of the table on SQLite and PostgreSQL, recorded in
 * bench-results.json and printed in the run's closing table. The database is built once and
 * cached under the OS temp folder (test/bench/lib/dataset.ts).
 */
const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
/** A comma list picks rows (e.g. BENCH_ONLY=outbox) and engines (BENCH_ENGINES=sqlite); unknown names are refused. */
function list<T extends string>(name: string, all: readonly T[]): T[] {
  const raw = process.env[name];
  if (!raw) return [...all];
  const picked = raw.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = picked.filter((s) => !all.includes(s as T));
  if (bad.length > 0 || picked.length === 0) throw new Error(`${name}: ${bad.join(', ') || 'empty'} — choose from ${all.join(', ')}`);
  return picked as T[];
}
const ONLY = list<RowGroup>('BENCH_ONLY', ROW_GROUPS);
const ENGINES = list<Engine>('BENCH_ENGINES', ['sqlite', 'postgresql']);

it(`issue 11: rows ${ONLY.join(', ')} at ${ACCOUNTS.toLocaleString('en')} accounts, on ${ENGINES.join(' and ')}`, async () => {
  const figures = await runDeskBench({
    accounts: ACCOUNTS,
    engines: ENGINES,
    only: new Set(ONLY),
    upgradeRounds: Math.max(1, Math.min(ROUNDS, 2)),
    lookup: { rounds: ROUNDS, searches: 40, lookups: 200, hashes: 5 },
    wire: { rounds: ROUNDS, messages: 2000, calls: 10 },
    log: (line) => console.log(line),
  });
  recordFigures(figures);
  expect(figures.every((f) => Number.isFinite(f.median))).toBe(true);
});
