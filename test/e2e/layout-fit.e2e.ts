import type { Locator, Page } from '@playwright/test';
import { api, nationalCode, registerCitizen, type Applicant } from './helpers/api';
import { requireChromium } from './helpers/browser-mode';
import { expect, test } from './helpers/desk-test';
import { openScreen, setupAndLoginSupervisor } from './helpers/staff-steps';

/**
 * Issue 12 item 9, in Chromium at the counter's 1366×768 and at narrower windows, right to left:
 * no state chip or column header is cut, the success snackbar never covers the status bar, and
 * the Register button is on screen without scrolling (a sticky action bar).
 */
requireChromium();

const WHO: Applicant = { nationalCode: nationalCode('003456789'), firstName: 'رضا', lastName: 'نادری', insuranceNumber: '3234567890', mobile: '09123334455' };
const DOC = { type: 'national_card', number: WHO.nationalCode };
const WIDTHS = [1366, 1024, 800];

/**
 * The elements under `selector` whose text does not fit their box (cut or ending in an ellipsis):
 * the laid-out text, measured with a Range, is wider than the box. (scrollWidth rounds to whole
 * pixels and misses a header cut by less than one.)
 */
async function cutTexts(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).evaluateAll((els) =>
    els.flatMap((el) => {
      const range = document.createRange();
      range.selectNodeContents(el);
      const text = range.getBoundingClientRect().width;
      const box = el.getBoundingClientRect().width;
      return text > box + 0.01 ? [`${el.textContent ?? ''} (${text.toFixed(1)} > ${box.toFixed(1)})`] : [];
    }),
  );
}

async function rect(l: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  const box = await l.boundingBox();
  expect(box, 'element on screen').not.toBeNull();
  return box!;
}

test('Issue 12 item 9: reset state chips and their column headers are not cut, at 1366×768 and narrower', async ({ desk, page }) => {
  await setupAndLoginSupervisor(page, desk.staffUrl);
  await api(page, 'settings:update', { resetCooldownSeconds: 0 });
  const { accountId } = await registerCitizen(page, WHO);
  // Two resets: the first is «باطل با درخواست تازه‌تر» (REC-4), the longest state there is.
  await api(page, 'resets:at-counter', { accountId, idDocument: DOC });
  await api(page, 'resets:at-counter', { accountId, idDocument: DOC });
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 768 });
    await page.goto(`${desk.origin}/#/accounts/${accountId}`);
    const table = page.getByTestId('resets-table');
    await expect(table.locator('[data-testid="reset-state"][data-state="superseded"]')).toBeVisible();
    expect(await cutTexts(page, '[data-testid="resets-table"] .MuiChip-label'), `chips at ${width}px`).toEqual([]);
    expect(await cutTexts(page, '[data-testid="resets-table"] .MuiDataGrid-columnHeaderTitle'), `headers at ${width}px`).toEqual([]);
  }
});

test('Issue 12 item 9: the outbox column headers and state chips are not cut, at 1366×768 and narrower', async ({ desk, page }) => {
  await setupAndLoginSupervisor(page, desk.staffUrl);
  const { accountId } = await registerCitizen(page, WHO);
  await api(page, 'resets:at-counter', { accountId, idDocument: DOC });
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 768 });
    await page.goto(`${desk.origin}/#/outbox`);
    await expect(page.getByTestId('outbox-body').first()).toBeVisible();
    const headers = page.locator('[data-testid="outbox-table"] .MuiDataGrid-columnHeaderTitle');
    await expect(headers.first()).toBeVisible();
    expect(await cutTexts(page, '[data-testid="outbox-table"] .MuiDataGrid-columnHeaderTitle'), `headers at ${width}px`).toEqual([]);
    expect(await cutTexts(page, '[data-testid="outbox-table"] .MuiChip-label'), `chips at ${width}px`).toEqual([]);
  }
});

test('Issue 12 item 9: the success snackbar does not cover the status bar, at 1366×768 and narrower', async ({ desk, page }) => {
  await setupAndLoginSupervisor(page, desk.staffUrl);
  const { accountId } = await registerCitizen(page, WHO);
  for (const [i, width] of WIDTHS.entries()) {
    await page.setViewportSize({ width, height: 768 });
    await page.goto(`${desk.origin}/#/accounts/${accountId}`);
    await page.getByTestId('action-email').click();
    const dialog = page.getByTestId('email-dialog');
    await dialog.getByTestId('email-new').fill(`reza.naderi${i}@example.ir`);
    await dialog.getByTestId('id-document-number').fill(WHO.nationalCode);
    await dialog.getByTestId('id-document-number').press('Enter');
    const snackbar = page.getByTestId('snackbar');
    await expect(snackbar).toBeVisible();
    // The status bar closes the page: scrolled to the end, it is at the bottom of the window.
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    const bar = await rect(page.getByTestId('status-bar'));
    expect(bar.y + bar.height, `status bar on screen at ${width}px`).toBeLessThanOrEqual(768 + 1);
    const snack = await rect(snackbar);
    expect(snack.y + snack.height, `snackbar above the status bar at ${width}px`).toBeLessThanOrEqual(bar.y);
    await snackbar.getByRole('button').click();
    await expect(snackbar).toHaveCount(0);
  }
});

test('Issue 12 item 9: at 1366×768 the Register button is on screen without scrolling, and stays there while the form scrolls', async ({ desk, page }) => {
  await setupAndLoginSupervisor(page, desk.staffUrl);
  for (const [width, height] of [
    [1366, 768],
    [1024, 768],
    [800, 600],
  ] as const) {
    await page.setViewportSize({ width, height });
    await openScreen(page, '/home');
    await openScreen(page, '/register');
    const form = page.getByTestId('register-form');
    await expect(form.getByTestId('terms-accepted')).toBeFocused();
    const submit = form.getByRole('button', { name: 'ثبت نام' });
    // At the top of the page, as the screen opens before anyone scrolls.
    await page.evaluate(() => window.scrollTo(0, 0));
    let box = await rect(submit);
    expect(box.y, `register button at ${width}×${height}`).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height, `register button within ${width}×${height}`).toBeLessThanOrEqual(height);
    // Half-way down the form it is still there, and nothing of the status bar hides it.
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight / 2));
    box = await rect(submit);
    expect(box.y + box.height, `register button within ${width}×${height} while scrolled`).toBeLessThanOrEqual(height);
    const hit = await page.evaluate(([x, y]) => document.elementFromPoint(x!, y!)?.closest('button')?.textContent ?? null, [box.x + box.width / 2, box.y + box.height / 2]);
    expect(hit).toContain('ثبت نام');
  }
});
