import { defineConfig } from 'vitest/config';

/**
 * Unit and integration tests run in plain Node. Playwright's end-to-end files (test/e2e/*.e2e.ts)
 * are deliberately outside these globs: `npm run test:e2e` runs them.
 */
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'test/e2e/**'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
