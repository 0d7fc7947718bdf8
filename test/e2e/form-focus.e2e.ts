import { requireChromium } from './helpers/browser-mode';
import { expect, test } from './helpers/desk-test';
import { openKiosk } from './helpers/kiosk-steps';

/**
 * Keyboard use (outside probe in Chromium, 2026-12-07): a form submitted with Enter moves focus to
 * its first invalid field, so the person hears and sees where to go. The fields' refs were on
 * MUI's wrapper <div>, whose focus() does nothing: focus stayed where Enter was pressed.
 */
requireChromium();

test('the kiosk login submitted without a username moves focus to the username, where its error is', async ({ browser, desk }) => {
  const kiosk = await openKiosk(browser, desk.kioskUrl);
  const username = kiosk.getByTestId('kiosk-username').locator('input');
  const password = kiosk.getByTestId('kiosk-password').locator('input');
  await password.fill('Some-Password-1');
  await password.press('Enter');
  await expect(username).toHaveAttribute('aria-invalid', 'true');
  await expect(username).toBeFocused();
  // Refused in the form: nothing was sent, so no refusal from main stands beside it.
  await expect(kiosk.getByTestId('error-alert')).toHaveCount(0);
});
