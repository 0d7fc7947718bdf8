import { defineConfig } from 'vitest/config';

/** `npm run bench`: the benchmarks only, one at a time, never part of `npm test`. */
export default defineConfig({
  test: {
    include: ['test/bench/**/*.bench.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
