import { expect, test } from './helpers/desk-test';
import { toPersianDigits } from '../../shared/text/digits';
import { updating } from '../../src-renderer/i18n/fa/updating';

/**
 * Issue 11: the window Electron shows while a long migration runs (from file:// there, before any
 * bridge or IPC exists); main moves its fragment as the migration goes. Plain Chromium refuses
 * module scripts from file://, so the same built page is loaded here from browser mode's static files.
 */
const say = (n: number) => updating.progress.replace('{percent}', toPersianDigits(n));

test('issue 11: "updating the database, N%" in Persian, following the fragment main sets, right to left', async ({ desk, page }) => {
  const PAGE = `${desk.origin}/updating.html`;
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(PAGE);
  await expect(page.getByRole('status')).toHaveText(updating.starting);
  await page.goto(`${PAGE}#45`);
  await expect(page.getByRole('status')).toHaveText(say(45));
  await expect(page.locator('progress')).toHaveJSProperty('value', 45);
  await page.evaluate(() => (window.location.hash = '100'));
  await expect(page.getByRole('status')).toHaveText(say(100));
  await expect(page).toHaveTitle(updating.title);
  await expect(page.getByText(updating.hint)).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
  expect(errors).toEqual([]); // the CSP lets its own script run
});
