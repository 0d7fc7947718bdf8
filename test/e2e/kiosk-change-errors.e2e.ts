import { ERROR_MESSAGES_FA } from '../../shared/i18n/fa-messages';
import { nationalCode, registerCitizen } from './helpers/api';
import { requireChromium } from './helpers/browser-mode';
import { expect, test } from './helpers/desk-test';
import { kioskLogin, openKiosk } from './helpers/kiosk-steps';
import { setupAndLoginSupervisor } from './helpers/staff-steps';

/**
 * Issue 12 item 6: the kiosk's password change says what is wrong on the form the citizen sees —
 * a form with no username field — and an old refusal from main never stands beside a new problem.
 */
requireChromium();

const NEW_PASSWORD = 'Blue-Lake-7731';

test('LOG-3 kiosk change: a wrong current password says so, and a new local error clears the earlier refusal from main', async ({ browser, desk, page }) => {
  // Several logins and password hashes: more than a minute on a busy two-core machine.
  test.setTimeout(120_000);
  await setupAndLoginSupervisor(page, desk.staffUrl);
  const code = nationalCode('003344556');
  await registerCitizen(page, { nationalCode: code, mobile: '09121114455', insuranceNumber: '7234567890' });

  const kiosk = await openKiosk(browser, desk.kioskUrl);
  await kioskLogin(kiosk, code, code);
  const change = kiosk.getByTestId('kiosk-change');
  await expect(change).toBeVisible();
  const current = kiosk.getByTestId('kiosk-current').locator('input');
  const next = kiosk.getByTestId('kiosk-next').locator('input');
  const repeat = kiosk.getByTestId('kiosk-repeat').locator('input');
  const alert = kiosk.getByTestId('error-alert');

  // A wrong current password: main names the current password, not "username or password" —
  // in view on a 1024×768 kiosk screen (it was drawn under the window's edge: outside probe 2026-12-07).
  await kiosk.setViewportSize({ width: 1024, height: 768 });
  await current.fill(nationalCode('003344557'));
  await next.fill(NEW_PASSWORD);
  await repeat.fill(NEW_PASSWORD);
  await repeat.press('Enter');
  await expect(alert).toHaveAttribute('data-code', 'WRONG_CURRENT_PASSWORD');
  await expect(alert).toBeInViewport({ ratio: 0.95 });
  await expect(alert).toHaveText(ERROR_MESSAGES_FA.WRONG_CURRENT_PASSWORD);
  await expect(alert).not.toContainText('نام کاربری');

  // The right current password, but the repeat now differs: only the local error is shown.
  await current.fill(code);
  await repeat.fill(NEW_PASSWORD + 'x');
  await repeat.press('Enter');
  await expect(kiosk.getByTestId('kiosk-repeat')).toContainText('یکسان نیستند');
  await expect(alert).toHaveCount(0);

  // Main's refusal (the code as the new password), then a local one (too short): the same.
  await next.fill(code);
  await repeat.fill(code);
  await repeat.press('Enter');
  await expect(alert).toHaveAttribute('data-code', 'WEAK_PASSWORD');
  await next.fill('Ab1-');
  await repeat.fill('Ab1-');
  await repeat.press('Enter');
  await expect(kiosk.getByTestId('kiosk-next').locator('p.Mui-error')).toBeVisible();
  await expect(alert).toHaveCount(0);

  // And the change still goes through.
  await next.fill(NEW_PASSWORD);
  await repeat.fill(NEW_PASSWORD);
  await repeat.press('Enter');
  await expect(kiosk.getByTestId('kiosk-done')).toBeVisible();
  await kiosk.context().close();
});
