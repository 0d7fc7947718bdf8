import type { PgCluster } from '../../helpers/pg';
import { legacyDesk, startLegacyPg } from './dataset';
import { figure, type Figure } from './results';
import { lookupRows, type LookupSizes } from './rows-lookup';
import { upgradeRows } from './rows-upgrade';
import { wireRows, type WireSizes } from './rows-wire';

/**
 * Issue 11 item 5: every row of the table, on SQLite and on PostgreSQL, on a branch of
 * `accounts` accounts that upgrades from schema 0009. `npm run bench` runs it at 1,000,000
 * accounts (test/bench/desk.bench.ts); the test suite runs it at 10,000 with few rounds
 * (test/integration/desk-bench.test.ts) to keep this code working.
 */

export type Engine = 'sqlite' | 'postgresql';

export interface DeskBenchOptions {
  accounts: number;
  engines: readonly Engine[];
  upgradeRounds: number;
  lookup: LookupSizes;
  wire: WireSizes;
  /**
   * The rows to run (BENCH_ONLY): any of upgrade, lookup, outbox, bridge; all when absent. The
   * upgrade runs anyway (the other rows work on its database): `upgrade` alone skips the rest.
   */
  only?: ReadonlySet<string> | undefined;
  log: (line: string) => void;
}

export async function runDeskBench(o: DeskBenchOptions): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const engine of o.engines) {
    const t0 = performance.now();
    const legacy = await legacyDesk(engine, o.accounts, o.log);
    const at = (s: string) => o.log(`[${engine}] ${s} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
    at(legacy.builtSeconds > 0 ? `database built in ${legacy.builtSeconds.toFixed(1)} s` : 'database reused from the cache');
    if (legacy.builtSeconds > 0) {
      const row = `building the ${o.accounts.toLocaleString('en')}-account database at 0009 (set-based; cached after)`;
      figures.push(figure({ bench: 'desk', row, engine, unit: 's', rounds: [legacy.builtSeconds] }));
    }
    let cluster: PgCluster | null = null;
    try {
      if (engine === 'postgresql') cluster = await startLegacyPg(legacy);
      at('upgrade from 0009');
      const up = await upgradeRows(engine, legacy, cluster, o.upgradeRounds, o.log);
      figures.push(...up.figures);
      try {
        if (engine === 'postgresql') {
          // The upgrade rewrote a million rows: PostgreSQL's autovacuum would clean and analyse
          // them in the background for the next minute or so, taking one of the two cores from
          // whatever row runs then (the outbox's dispatcher and its database, not the raw client
          // it is compared with). Done once here, before any timed row, and timed.
          const t = performance.now();
          await up.app.ctx.db.raw('VACUUM (ANALYZE)');
          at(`VACUUM (ANALYZE) after the upgrade, before the timed rows: ${((performance.now() - t) / 1000).toFixed(1)} s`);
        }
        const runs = (row: string) => !o.only || o.only.has(row);
        if (runs('lookup')) {
          at('search, lookups, hashes');
          figures.push(...(await lookupRows(up.app, engine, o.accounts, o.lookup, o.log)));
        }
        if (runs('outbox') || runs('bridge')) {
          at('outbox, registration, reset');
          figures.push(...(await wireRows(up.app, engine, o.accounts, o.wire, o.log, { outbox: runs('outbox'), bridge: runs('bridge') })));
        }
      } finally {
        await up.app.close();
      }
      at('done');
    } finally {
      await cluster?.stop();
    }
  }
  return figures;
}
