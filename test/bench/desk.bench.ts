import { expect, it } from 'vitest';
import { runDeskBench } from './lib/desk-bench';
import { recordFigures } from './lib/results';

/**
 * Issue 11 item 5, the benchmark of a real branch's scale: 1,000,000 accounts (BENCH_ACCOUNTS
 * changes it), each row of the table on SQLite and PostgreSQL, recorded in
 * bench-results.json and printed in the run's closing table. The database is built once and
 * cached under the OS temp folder (test/bench/lib/dataset.ts).
 */
const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
/**
 * BENCH_ONLY=upgrade,lookup,outbox,bridge (any of them): only those rows (the upgrade always runs:
 * the other rows work on its database); BENCH_ENGINES=sqlite or postgresql: only that engine.
 */
const ONLY = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',').map((s) => s.trim())) : undefined;
const ENGINES = (process.env.BENCH_ENGINES ?? 'sqlite,postgresql').split(',').filter((e): e is 'sqlite' | 'postgresql' => e === 'sqlite' || e === 'postgresql');

it(`issue 11: every row of the table at ${ACCOUNTS.toLocaleString('en')} accounts, on SQLite and PostgreSQL`, async () => {
  const figures = await runDeskBench({
    accounts: ACCOUNTS,
    engines: ENGINES,
    upgradeRounds: Math.max(1, Math.min(ROUNDS, 2)),
    lookup: { rounds: ROUNDS, searches: 40, lookups: 200, hashes: 5 },
    wire: { rounds: ROUNDS, messages: 2000, calls: 10 },
    only: ONLY,
    log: (line) => console.log(line),
  });
  recordFigures(figures);
  expect(figures.every((f) => Number.isFinite(f.median))).toBe(true);
});
