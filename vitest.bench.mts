import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { defineConfig } from 'vitest/config';

/** The issue-11 table first (desk.bench.ts), then the other benches in name order. */
class DeskFirst extends BaseSequencer {
  override sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (f: TestSpecification) => (f.moduleId.endsWith('/desk.bench.ts') ? 0 : 1);
    return Promise.resolve([...files].sort((a, b) => rank(a) - rank(b) || a.moduleId.localeCompare(b.moduleId)));
  }
}

/**
 * `npm run bench`: the benchmarks only, one at a time, never part of `npm test`
 * (`npm run bench -- test/bench/x.bench.ts` runs one). The global setup starts bench-results.json
 * afresh and prints every recorded figure in one table at the end.
 */
export default defineConfig({
  test: {
    include: ['test/bench/**/*.bench.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 3_600_000,
    hookTimeout: 3_600_000,
    globalSetup: ['test/bench/global-setup.ts'],
    sequence: { sequencer: DeskFirst },
  },
});
