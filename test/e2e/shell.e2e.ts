import { type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { persianDigits } from './helpers/api';
import { REPO_ROOT, requireChromium } from './helpers/browser-mode';
import { expect, test } from './helpers/desk-test';
import { screenshot } from './helpers/screens';

/**
 * The renderer shell in Chromium against the real main-process services in browser mode: RTL
 * Persian shell, live status from main, the bundled font, and one-time launch codes.
 */
requireChromium();

const APP_TITLE = 'میز حساب‌های شعبه';
const DATABASE_READY = 'آماده';
const { version } = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };

/** Fails the test if the page asks for anything outside the app's own origin (fonts are bundled). */
function recordForeignRequests(page: Page, origin: string): string[] {
  const foreign: string[] = [];
  page.on('request', (req) => {
    const url = req.url();
    if (!url.startsWith(origin + '/') && !url.startsWith('data:') && !url.startsWith('blob:')) foreign.push(url);
  });
  return foreign;
}

test('staff desk: RTL Persian shell with live status from main, bundled Vazirmatn', async ({ desk, page }) => {
  const foreign = recordForeignRequests(page, desk.origin);

  await page.goto(desk.staffUrl);

  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fa');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(APP_TITLE);

  const statusBar = page.getByTestId('status-bar');
  await expect(statusBar.getByTestId('status-database')).toContainText(DATABASE_READY);
  await expect(statusBar.getByTestId('status-version')).toContainText(persianDigits(version));
  await expect(statusBar.getByTestId('status-mode')).toContainText('حالت مرورگر');
  await expect(statusBar.getByTestId('status-sms')).toBeVisible();
  await expect(page.getByTestId('training-banner')).toBeVisible();
  await expect(page.getByTestId('session-error')).toHaveCount(0);

  // The one-time code was exchanged for a cookie and removed from the address bar.
  expect(page.url()).not.toContain('launch=');
  expect(page.url().startsWith(desk.origin + '/')).toBe(true);

  // The bundled Persian font is in use and loaded (no network: see the request check below).
  const fontFamily = await page.evaluate<string>('getComputedStyle(document.body).fontFamily');
  expect(fontFamily).toContain('Vazirmatn');
  await page.evaluate('document.fonts.ready');
  expect(await page.evaluate<boolean>("document.fonts.check('16px Vazirmatn')")).toBe(true);
  // check() is also true for a family with no @font-face at all, so ask for a loaded face too.
  const loadedFaces = await page.evaluate<number>(
    "[...document.fonts].filter((f) => f.family.replace(/[\"']/g, '') === 'Vazirmatn' && f.status === 'loaded').length",
  );
  expect(loadedFaces).toBeGreaterThan(0);
  expect(foreign, 'requests outside the app origin').toEqual([]);

  await screenshot(page, 'shell');
});

test('citizen kiosk: its launch URL opens a kiosk session whose API calls succeed', async ({ desk, page }) => {
  const foreign = recordForeignRequests(page, desk.origin);
  const apiFailures: string[] = [];
  page.on('response', (res) => {
    if (new URL(res.url()).pathname.startsWith('/kiosk-api/') && !res.ok()) apiFailures.push(`${res.status()} ${res.url()}`);
  });

  await page.goto(desk.kioskUrl);

  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  // The kiosk's first call answered: its login form (a citizen sees no staff status bar, issue 12 item 10).
  await expect(page.getByTestId('kiosk-login')).toBeVisible();
  await expect(page.getByTestId('status-bar')).toHaveCount(0);
  await expect(page.getByTestId('session-error')).toHaveCount(0);
  expect(new URL(page.url()).pathname.startsWith('/kiosk')).toBe(true);
  expect(page.url()).not.toContain('launch=');
  expect(apiFailures).toEqual([]);
  expect(foreign, 'requests outside the app origin').toEqual([]);
});

test('a launch URL works once: reopened in a fresh browser context it gets no session', async ({ browser, desk, page }) => {

  await page.goto(desk.staffUrl);
  await expect(page.getByTestId('status-database')).toContainText(DATABASE_READY);

  const stranger = await browser.newContext();
  try {
    const replay = await stranger.newPage();
    await replay.goto(desk.staffUrl);
    await expect(replay.getByTestId('session-error')).toBeVisible();
    await expect(replay.getByTestId('status-bar')).not.toContainText(DATABASE_READY);
    await expect(replay.getByTestId('status-database')).toHaveCount(0);
    expect(replay.url()).not.toContain('launch=');

    // A fresh code from the running server does work in that same context (a new page: going to
    // the same address with only a new hash would not reload the document).
    const fresh = await stranger.newPage();
    await fresh.goto(await desk.newLaunchUrl('staff'));
    await expect(fresh.getByTestId('status-database')).toContainText(DATABASE_READY);
    await expect(fresh.getByTestId('session-error')).toHaveCount(0);
  } finally {
    await stranger.close();
  }

  // The first page keeps its session through its cookie after a reload (no code in the URL now).
  await page.reload();
  await expect(page.getByTestId('status-database')).toContainText(DATABASE_READY);
});
