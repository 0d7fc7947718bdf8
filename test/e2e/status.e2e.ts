import { mkdirSync } from 'node:fs';
import { openFirstResult, resetAtCounter, searchAccounts } from './helpers/account-steps';
import { api, nationalCode, registerCitizen } from './helpers/api';
import { requireChromium } from './helpers/browser-mode';
import { expect, test } from './helpers/desk-test';
import { openKiosk } from './helpers/kiosk-steps';
import { smsFile } from './helpers/sms-file';
import { setupAndLoginSupervisor } from './helpers/staff-steps';

/**
 * Issue 12 item 10: the status a person sees is the real one, at once — the training gateway's
 * state before any SMS, the queue right after a reset — and the kiosk shows a citizen none of the
 * staff's status, nor waits forever when it has no kiosk session.
 */
requireChromium();

const ONLINE = 'برخط';
const LOADING_STATUS = 'در حال دریافت وضعیت…';

test('the training gateway shows online, not «نامشخص», before the first SMS', async ({ desk, page }) => {
  await setupAndLoginSupervisor(page, desk.staffUrl);
  const sms = page.getByTestId('status-bar').getByTestId('status-sms');
  await expect(sms).toContainText(ONLINE);
  await expect(sms).not.toContainText('نامشخص');
});

test('BR-4: the queue count in the status bar moves right after a queued reset, pushed by main (no polling)', async ({ desk, page }) => {
  await setupAndLoginSupervisor(page, desk.staffUrl);
  // The training gateway cannot write its file (a folder stands in its place): every SMS waits.
  mkdirSync(smsFile(desk));
  await api(page, 'sms:test', { to: '09121112233' });
  await registerCitizen(page, { nationalCode: nationalCode('003456789'), insuranceNumber: '3234567890', mobile: '09121112233' });
  await searchAccounts(page, desk.origin, nationalCode('003456789'), 'nationalCode');
  await openFirstResult(page);
  const sms = page.getByTestId('status-bar').getByTestId('status-sms');
  // Polling may bring these (every 15 s): allow for it.
  await expect(sms).toContainText('برون‌خط', { timeout: 20_000 });
  await expect(sms).toContainText('در صف ۱', { timeout: 20_000 });
  // From here on the page cannot poll app:status: only an event from main can move the count.
  await page.route('**/api/app:status', (route) => route.abort());
  await resetAtCounter(page, nationalCode('003456789'));
  await expect(sms).toContainText('در صف ۲');
});

test('the kiosk shows a citizen no staff status bar (gateway, database, queue)', async ({ browser, desk }) => {
  const kiosk = await openKiosk(browser, desk.kioskUrl);
  try {
    await expect(kiosk.getByTestId('kiosk-login')).toBeVisible();
    await expect(kiosk.getByTestId('status-bar')).toHaveCount(0);
    await expect(kiosk.getByTestId('status-sms')).toHaveCount(0);
    await expect(kiosk.locator('body')).not.toContainText('پایگاه داده');
  } finally {
    await kiosk.context().close();
  }
});

test('a kiosk page opened on a staff address, or without its launch link, says so instead of fetching status forever', async ({ browser, desk, page }) => {
  await setupAndLoginSupervisor(page, desk.staffUrl);
  // The kiosk's route on the staff desk's address, in the staff's own browser.
  await page.goto(`${desk.origin}/#/kiosk`);
  await page.reload();
  await expect(page.getByTestId('kiosk-no-session')).toBeVisible();
  await expect(page.locator('body')).not.toContainText(LOADING_STATUS);
  // The kiosk's address with no launch code, in a fresh browser.
  const context = await browser.newContext({ locale: 'fa-IR' });
  try {
    const kiosk = await context.newPage();
    await kiosk.goto(`${desk.origin}/kiosk/`);
    await expect(kiosk.getByTestId('kiosk-no-session')).toBeVisible();
    await expect(kiosk.getByTestId('kiosk-no-session')).toHaveAttribute('data-code', 'UNAUTHENTICATED');
    await expect(kiosk.locator('body')).not.toContainText(LOADING_STATUS);
    // The kiosk page is titled as the kiosk, not as the staff desk (outside probe, 2026-12-06).
    await expect(kiosk).toHaveTitle('پیشخوان خدمات شهروند');
    // The staff desk's address with no launch code: the session problem, and a status bar that
    // says it has no status rather than «fetching…» forever (the same probe).
    const staff = await context.newPage();
    await staff.goto(`${desk.origin}/`);
    await expect(staff.getByTestId('session-error')).toBeVisible();
    await expect(staff.getByTestId('status-bar')).toHaveAttribute('data-state', 'unavailable');
    await expect(staff.locator('body')).not.toContainText(LOADING_STATUS);
  } finally {
    await context.close();
  }
});
