import { defineConfig } from '@playwright/test';
import { existsSync } from 'node:fs';

/**
 * End-to-end tests: the real renderer in Chromium against the real main-process services
 * (browser mode, over the loopback bridge), and the Electron shell when its binary exists.
 *
 * The system Chromium (Debian `chromium`, installed by `.ci/run`) is used when present, so no
 * browser download is ever needed; elsewhere Playwright's own Chromium, if installed.
 */
const SYSTEM_CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.e2e.ts',
  outputDir: 'test-results/pw',
  // One browser-mode server and one browser at a time: the machines here have two cores.
  workers: 1,
  fullyParallel: false,
  forbidOnly: process.env.CI === 'true',
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ?? 'test-results/playwright.json' }]],
  use: {
    browserName: 'chromium',
    locale: 'fa-IR',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    ...(existsSync(SYSTEM_CHROMIUM) ? { launchOptions: { executablePath: SYSTEM_CHROMIUM, args: CHROMIUM_ARGS } } : {}),
  },
  projects: [
    { name: 'browser-mode', testMatch: '**/*.e2e.ts', testIgnore: '**/electron.e2e.ts' },
    { name: 'electron', testMatch: '**/electron.e2e.ts' },
  ],
});
