import type { Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './browser-mode';

/** Issue 4: a screenshot of every screen, for the README (the main ones are copied to docs/). */
export const SCREENS_DIR = path.join(REPO_ROOT, 'test-results', 'screens');

/**
 * Saves a screenshot as test-results/screens/<name>.png: the full page, or with `dialog` only the
 * window (a modal's backdrop covers the window, so a full-page picture would show it cut off).
 */
export async function screenshot(page: Page, name: string, opts: { dialog?: boolean } = {}): Promise<void> {
  mkdirSync(SCREENS_DIR, { recursive: true });
  const file = path.join(SCREENS_DIR, `${name}.png`);
  const size = page.viewportSize();
  const height = opts.dialog ? 0 : await page.evaluate(() => document.documentElement.scrollHeight);
  if (!size || height <= size.height) {
    await page.screenshot({ path: file, fullPage: !opts.dialog });
    return;
  }
  // A window as tall as the page: a sticky bar (Register's actions) is pictured where it ends up,
  // not painted over the middle of the form as a full-page capture of a short window would.
  await page.setViewportSize({ width: size.width, height });
  try {
    await page.screenshot({ path: file });
  } finally {
    await page.setViewportSize(size);
  }
}
