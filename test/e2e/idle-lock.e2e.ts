import { openFirstResult, searchAccounts } from './helpers/account-steps';
import { api, nationalCode, registerCitizen } from './helpers/api';
import { requireChromium, startBrowserMode } from './helpers/browser-mode';
import { expect, test } from './helpers/desk-test';
import { setupAndLoginSupervisor, SUPERVISOR } from './helpers/staff-steps';

/**
 * Issue 12 item 1: an idle account page locks at the deadline main gives it, with no request.
 * Main's clock is set at start (DESK_FAKE_NOW, months from the browser's), so the page must count
 * main's remaining time rather than compare main's time with its own; the page's clock is moved.
 */
requireChromium();

test('an idle account page locks at main’s deadline with no request: the lock covers the record, and the password lifts it', async ({ page }) => {
  test.setTimeout(150_000);
  const desk = await startBrowserMode({ env: { DESK_FAKE_NOW: '2026-03-01T08:00:00Z' } });
  try {
    await page.clock.install();
    await setupAndLoginSupervisor(page, desk.staffUrl);
    await api(page, 'settings:update', { idleLockMinutes: 1 });
    await registerCitizen(page, { nationalCode: nationalCode('008899001'), mobile: '09121118899', insuranceNumber: '9134567890' });
    await searchAccounts(page, desk.origin, nationalCode('008899001'), 'nationalCode');
    await openFirstResult(page);
    const personal: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/') && !r.url().endsWith('/api/events') && r.headers()['x-desk-background'] !== '1') personal.push(r.url());
    });
    await page.clock.fastForward(40_000);
    await expect(page.getByTestId('account-screen')).toBeVisible();
    await expect(page.getByTestId('lock-screen')).toHaveCount(0);
    await page.clock.fastForward(25_000);
    const lock = page.getByTestId('lock-screen');
    await expect(lock).toBeVisible();
    expect(personal).toEqual([]);
    await expect(page.locator('#root')).toHaveAttribute('aria-hidden', 'true');
    await lock.locator('input[name="password"]').fill(SUPERVISOR.password);
    await lock.locator('input[name="password"]').press('Enter');
    await expect(lock).toBeHidden();
    await expect(page.getByTestId('account-screen')).toBeVisible();
  } finally {
    await desk.stop();
  }
});
