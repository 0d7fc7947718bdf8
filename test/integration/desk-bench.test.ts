import { describe, expect, it } from 'vitest';
import { runDeskBench, type Engine } from '../bench/lib/desk-bench';
import { pgSkipReason } from '../helpers/pg';

/**
 * Keeps `npm run bench`'s issue-11 code working: the same benchmark at 10,000 accounts with one
 * or two rounds. No goal is asserted here (timings belong to `npm run bench`): only that every
 * row of the table produced a number, on SQLite and (unless PostgreSQL is missing outside CI) on
 * PostgreSQL.
 */
const pgMissing = pgSkipReason();
const ENGINES: Engine[] = pgMissing ? ['sqlite'] : ['sqlite', 'postgresql'];

describe('issue 11: the benchmark at 10,000 accounts', () => {
  it(`every row of the table produces a number (${ENGINES.join(', ')})`, { timeout: 240_000 }, async () => {
    const lines: string[] = [];
    const figures = await runDeskBench({
      accounts: 10_000,
      engines: ENGINES,
      upgradeRounds: 1,
      lookup: { rounds: 2, searches: 5, lookups: 20, hashes: 1 },
      wire: { rounds: 2, messages: 50, calls: 2 },
      log: (line) => lines.push(line) && process.env.BENCH_VERBOSE && console.log(line),
    });
    for (const engine of ENGINES) {
      const rows = figures.filter((f) => f.engine === engine).map((f) => f.row);
      for (const want of [
        /^first start after the upgrade/,
        /migration 0010_account_last_name_search/,
        /migration 0012_journal/,
        /background work \(surname keys, journal snapshot\) finished after/,
        /^upgrade complete/,
        /name search «رضا»/,
        /name search «محمدی»/,
        /name search two letters/,
        /name search a first name/,
        /exact lookup by national code/,
        /outbox → SMPP/,
        /registration through the bridge/,
        /counter reset through the bridge/,
        /README: lookup by national code/,
        /README: one argon2id hash/,
      ]) {
        expect(rows.some((r) => want.test(r)), `${engine}: ${String(want)}`).toBe(true);
      }
    }
    for (const f of figures) {
      expect(f.rounds.length, f.row).toBeGreaterThan(0);
      for (const v of [f.min, f.median, ...(f.ratio === undefined ? [] : [f.ratio])]) expect(Number.isFinite(v) && v > 0, `${f.engine} ${f.row}: ${v}`).toBe(true);
    }
    // The 0010 backfill reported its progress (the terminal line the app prints).
    expect(lines.some((l) => l.includes('Updating the database (0010_account_last_name_search): 100%'))).toBe(true);
  });
});
