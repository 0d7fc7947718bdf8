import { test as base } from '@playwright/test';
import { startBrowserMode, type BrowserMode } from './browser-mode';

export { expect } from '@playwright/test';

/**
 * `test` with a `desk` fixture: browser mode on a fresh data folder for the one test, stopped after
 * it — and the stop asserts the clean shutdown (exit 0, "database closed") as part of every test.
 */
export const test = base.extend<{ desk: BrowserMode }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a fixture needs from this pattern
  desk: async ({}, use) => {
    const desk = await startBrowserMode();
    await use(desk);
    await desk.stop();
  },
});
