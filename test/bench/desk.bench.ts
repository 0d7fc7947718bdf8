import { expect, it } from 'vitest';
import { runDeskBench } from './lib/desk-bench';
import { recordFigures } from './lib/results';

/**
 * Issue 11 item 5, the benchmark of a real branch's scale: 1,000,000 accounts (BENCH_ACCOUNTS
 * changes it), each row of the table on SQLite and PostgreSQL, recorded in
 * bench-results.json and printed in the run's closing table. The database is built once and
 * cached under the OS temp folder (test/bench/lib/dataset.ts). BENCH_ONLY=lookup,outbox,bridge
 * (any of them) runs only those rows after the upgrade, e.g. to judge one change on a busy machine.
 */
const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const ONLY = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',').map((s) => s.trim())) : undefined;

it(`issue 11: every row of the table at ${ACCOUNTS.toLocaleString('en')} accounts, on SQLite and PostgreSQL`, async () => {
  const figures = await runDeskBench({
    accounts: ACCOUNTS,
    engines: ['sqlite', 'postgresql'],
    upgradeRounds: Math.max(1, Math.min(ROUNDS, 2)),
    lookup: { rounds: ROUNDS, searches: 40, lookups: 200, hashes: 5 },
    wire: { rounds: ROUNDS, messages: 2000, calls: 10 },
    only: ONLY,
    log: (line) => console.log(line),
  });
  recordFigures(figures);
  expect(figures.every((f) => Number.isFinite(f.median))).toBe(true);
});
