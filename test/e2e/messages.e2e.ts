import { FIELD_MESSAGES_FA } from '../../shared/i18n/fa-fields';
import { ERROR_MESSAGES_FA } from '../../shared/i18n/fa-messages';
import { requireChromium } from './helpers/browser-mode';
import { expect, test } from './helpers/desk-test';
import { createClerk, login, openCounter, openScreen, setupAndLoginSupervisor } from './helpers/staff-steps';

/**
 * Issue 12 item 11: each message says what is wrong — "required" for a field left empty, the
 * staff password rules without the citizen's identifiers, ten equal digits named as such.
 */
requireChromium();

test('an empty required field says "required", not that its value or date is wrong', async ({ desk, page }) => {
  await setupAndLoginSupervisor(page, desk.staffUrl);
  await openScreen(page, '/identifiers');
  const form = page.getByTestId('issue-form');
  await expect(form).toBeVisible({ timeout: 30_000 }); // a lazy screen, slow on a loaded machine
  await expect(form.locator('input[name="firstNameFa"]')).toBeFocused();
  await form.locator('button[type="submit"]').click();
  for (const field of ['first-name-fa', 'first-name-latin', 'document-number']) {
    await expect(form.getByTestId(field).locator('.MuiFormHelperText-root')).toHaveText(FIELD_MESSAGES_FA.REQUIRED!);
  }
  await expect(form.getByTestId('birth-date')).toContainText(FIELD_MESSAGES_FA.REQUIRED!);
  await expect(form.getByTestId('birth-date')).not.toContainText(FIELD_MESSAGES_FA.DATE_FORMAT!);
  // A value that is there but wrong still says what is wrong with it.
  await form.locator('input[name="documentNumber"]').fill('P1');
  await form.locator('input[name="documentNumber"]').blur();
  await expect(form.getByTestId('document-number').locator('.MuiFormHelperText-root')).toHaveText(FIELD_MESSAGES_FA.DOCUMENT_NUMBER_FORMAT!);
});

test('a staff password refusal lists only the rules that apply to staff (no national code, insurance number or mobile)', async ({ browser, desk, page }) => {
  await setupAndLoginSupervisor(page, desk.staffUrl);
  const clerk = await createClerk(page);
  const counter = await openCounter(browser, desk);
  try {
    await login(counter, clerk.username, clerk.temporaryPassword);
    const screen = counter.getByTestId('change-password-screen');
    await screen.locator('input[name="current"]').fill(clerk.temporaryPassword);
    for (const name of ['next', 'repeat']) await screen.locator(`input[name="${name}"]`).fill('password123');
    await screen.locator('input[name="repeat"]').press('Enter');
    const alert = counter.getByTestId('error-alert');
    await expect(alert).toHaveAttribute('data-code', 'WEAK_STAFF_PASSWORD');
    await expect(alert).toHaveText(ERROR_MESSAGES_FA.WEAK_STAFF_PASSWORD);
    for (const citizenOnly of ['کد ملی', 'بیمه', 'همراه']) await expect(alert).not.toContainText(citizenOnly);
  } finally {
    await counter.context().close();
  }
});

test('ten equal digits in a national code get their own message, not "wrong check digit"', async ({ desk, page }) => {
  await setupAndLoginSupervisor(page, desk.staffUrl);
  await openScreen(page, '/register');
  const form = page.getByTestId('register-form');
  // 1111111111 even satisfies the check-digit formula: only the equal-digits rule refuses it.
  await form.getByTestId('code-field').locator('input').fill('۱۱۱۱۱۱۱۱۱۱');
  const check = form.getByTestId('code-check');
  await expect(check).toHaveAttribute('data-state', 'bad');
  await expect(check).toHaveText(FIELD_MESSAGES_FA.NATIONAL_CODE_REPEATED!);
  await form.getByTestId('code-field').locator('input').fill('0499370898');
  await expect(check).toHaveText(FIELD_MESSAGES_FA.NATIONAL_CODE_CHECKSUM!);
});
