import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { FIELD_MESSAGES_FA } from '../../shared/i18n/fa-fields';
import { ERROR_MESSAGES_FA, SUCCESS_MESSAGES_FA, WARNING_MESSAGES_FA } from '../../shared/i18n/fa-messages';
import { persianDigits } from './helpers/api';
import { requireChromium, startBrowserMode, type BrowserMode } from './helpers/browser-mode';
import { fillHolder, fillRegistration, HOLDER, INITIAL_PASSWORD_RULE, issueIdentifier, registerForeignNational } from './helpers/register-steps';
import { screenshot } from './helpers/screens';
import { newClerkSession, openScreen, setupAndLoginSupervisor, SETUP_BRANCH } from './helpers/staff-steps';

/**
 * The Register and Foreign-national identifier screens in Chromium against the real services
 * (browser mode, fresh data folder): a supervisor issues an identifier, a clerk at a second
 * counter registers a citizen and a foreign national, and the form refuses what main would refuse.
 * The tests run in order on one desk: each builds on the one before.
 */
requireChromium();
test.describe.configure({ mode: 'serial' });

const CITIZEN_CODE = '0012345679';

/** Records every accounts:register call the page makes. */
function recordRegisterCalls(page: Page): string[] {
  const calls: string[] = [];
  page.on('request', (req) => {
    if (req.url().includes('/api/accounts:register')) calls.push(req.postData() ?? '');
  });
  return calls;
}

let desk: BrowserMode;
let supervisorContext: BrowserContext;
let supervisor: Page;
let clerkContext: BrowserContext;
let clerk: Page;
/** The identifier issued in the first test (12 Latin digits). */
let issuedIdentifier = '';

test.beforeAll(async ({ browser }) => {
  test.setTimeout(90_000);
  desk = await startBrowserMode();
  supervisorContext = await browser.newContext({ locale: 'fa-IR' });
  supervisor = await supervisorContext.newPage();
  await setupAndLoginSupervisor(supervisor, desk.staffUrl);
  ({ context: clerkContext, page: clerk } = await newClerkSession(browser, desk, supervisor));
});

test.afterAll(async () => {
  await clerkContext?.close();
  await supervisorContext?.close();
  await desk?.stop();
});

test('BR-2, REG-4: a supervisor issues a foreign-national identifier, shown large with a printable slip; the same document cannot get a second one', async () => {
  await openScreen(supervisor, '/identifiers');
  await expect(supervisor.getByTestId('identifiers-screen')).toBeVisible();
  issuedIdentifier = await issueIdentifier(supervisor);
  const big = supervisor.getByTestId('issued-identifier');
  expect(issuedIdentifier).toMatch(new RegExp(`^${SETUP_BRANCH.code}0700001[0-9]$`));
  const grouped = `${issuedIdentifier.slice(0, 4)} ${issuedIdentifier.slice(4, 6)} ${issuedIdentifier.slice(6, 11)} ${issuedIdentifier.slice(11)}`;
  await expect(big).toHaveText(persianDigits(grouped));
  await expect(supervisor.getByTestId('issued-identifier-latin')).toHaveText(grouped);
  const slip = supervisor.getByTestId('identifier-slip');
  await expect(slip).toContainText(`${HOLDER.firstNameFa} ${HOLDER.lastNameFa}`);
  await expect(slip).toContainText(HOLDER.country);
  await expect(slip).toContainText('۱۳۷۰/۰۵/۲۱');
  await expect(supervisor.getByTestId('identifiers-list').getByTestId('row-identifier')).toHaveCount(1);
  await screenshot(supervisor, 'identifiers');

  // The same document again: IDENTIFIER_EXISTS names the identifier it already holds.
  await supervisor.getByTestId('identifier-another').click();
  await fillHolder(supervisor);
  await supervisor.getByTestId('issue-form').locator('button[type="submit"]').click();
  await expect(supervisor.getByTestId('error-alert')).toHaveText(ERROR_MESSAGES_FA.IDENTIFIER_EXISTS);
  await expect(supervisor.getByTestId('existing-identifier').locator('[data-value]')).toHaveAttribute('data-value', issuedIdentifier);
});

test('BR-1, REG-2, REG-3, REG-8, REG-11: a clerk registers a citizen and gets the success message and a printable receipt', async () => {
  await openScreen(clerk, '/register');
  const form = clerk.getByTestId('register-form');
  await expect(form).toBeVisible();
  // Live check-digit feedback while typing: digits so far, then the verdict.
  await fillRegistration(clerk, { code: CITIZEN_CODE, mobile: '۰۹۱۲۱۲۳۴۵۶۷' });
  const check = form.getByTestId('code-check');
  const code = form.getByTestId('code-field').locator('input');
  await code.fill(persianDigits(CITIZEN_CODE.slice(0, 6)));
  await expect(check).toHaveAttribute('data-state', 'typing');
  await expect(check).toHaveText('۶ از ۱۰ رقم');
  await code.fill(persianDigits(CITIZEN_CODE));
  await expect(check).toHaveAttribute('data-state', 'ok');
  await expect(form.getByTestId('code-ok')).toBeVisible();
  await form.locator('input[name="firstName"]').fill('مریم');
  await form.locator('input[name="lastName"]').fill('کریمی');
  await expect(form.getByTestId('no-mobile-warning')).toHaveCount(0);
  await screenshot(clerk, 'register');
  await form.locator('input[name="lastName"]').press('Enter');

  await expect(clerk.getByTestId('register-success')).toHaveText(SUCCESS_MESSAGES_FA.REGISTRATION_COMPLETED);
  await expect(clerk.getByTestId('receipt-username')).toHaveText(persianDigits(CITIZEN_CODE));
  await expect(clerk.getByTestId('receipt-branch')).toHaveText(SETUP_BRANCH.name);
  await expect(clerk.getByTestId('receipt-date')).toHaveText(/^[۰-۹]{4}\/[۰-۹]{2}\/[۰-۹]{2} [۰-۹]{2}:[۰-۹]{2}$/);
  await expect(clerk.getByTestId('receipt-password-rule')).toContainText(INITIAL_PASSWORD_RULE);
  await expect(clerk.getByTestId('receipt-name')).toHaveText('مریم کریمی');
  // The receipt never shows a password other than the rule above.
  await expect(clerk.getByTestId('receipt-slip')).not.toContainText(/رمز[^ا]*:/);
  await screenshot(clerk, 'register-receipt');
});

test('REG-5: the same national code again is refused with DUPLICATE_ACCOUNT', async () => {
  await clerk.getByTestId('register-another').click();
  await fillRegistration(clerk, { code: CITIZEN_CODE, mobile: '09121234567' });
  await clerk.getByTestId('register-form').locator('button[type="submit"]').click();
  await expect(clerk.getByTestId('error-alert')).toHaveText(ERROR_MESSAGES_FA.DUPLICATE_ACCOUNT);
  await expect(clerk.getByTestId('error-alert')).toHaveAttribute('data-code', 'DUPLICATE_ACCOUNT');
  await expect(clerk.getByTestId('register-receipt')).toHaveCount(0);
});

test('REG-4, REG-7: a foreign national ticks «اتباع خارجی می‌باشم» and registers with the issued identifier', async () => {
  expect(issuedIdentifier, 'the identifier from the first test').toMatch(/^[0-9]{12}$/);
  await openScreen(clerk, '/');
  await openScreen(clerk, '/register');
  await registerForeignNational(clerk, issuedIdentifier, '09351234567');

  // The supervisor's list now shows it as used, with no revoke.
  await supervisor.reload();
  await openScreen(supervisor, '/identifiers');
  const row = supervisor.getByTestId('identifiers-list').getByRole('row').filter({ has: supervisor.locator(`[data-value="${issuedIdentifier}"]`) });
  await expect(row.getByTestId('row-status')).toHaveAttribute('data-value', 'registered');
  await expect(row.getByTestId('revoke-button')).toHaveCount(0);
});

test('BR-2, REG-4: a supervisor revokes an identifier with a reason, and a revoked identifier cannot register', async () => {
  await supervisor.reload();
  await openScreen(supervisor, '/identifiers');
  const revokedId = await issueIdentifier(supervisor, 'R7654321');

  // The list's search finds it by document number (typed in lower case); revoke it with a reason.
  const list = supervisor.getByTestId('identifiers-list');
  await list.getByTestId('identifiers-search').locator('input').fill('r7654321');
  await expect(list.getByTestId('row-identifier')).toHaveCount(1);
  await expect(list.getByTestId('row-identifier')).toHaveAttribute('data-value', revokedId);
  // Keyboard only: from the search box into the grid, along the row to the revoke button.
  await supervisor.keyboard.press('Tab');
  await supervisor.keyboard.press('ArrowDown');
  const revoke = list.getByTestId('revoke-button');
  for (let i = 0; i < 12 && !(await revoke.evaluate((b) => b === document.activeElement)); i++) await supervisor.keyboard.press('ArrowLeft');
  await expect(revoke).toBeFocused();
  await supervisor.keyboard.press('Enter');
  const dialog = supervisor.getByTestId('revoke-dialog');
  await expect(dialog.locator('input[name="reason"]')).toBeFocused();
  await dialog.locator('input[name="reason"]').fill('گذرنامه باطل شده است');
  await dialog.locator('input[name="reason"]').press('Enter');
  await expect(supervisor.getByTestId('snackbar')).toContainText('شناسه باطل شد');
  await expect(dialog).toBeHidden();
  await expect(list.getByTestId('row-status')).toHaveAttribute('data-value', 'revoked');
  await expect(list.getByTestId('revoke-button')).toHaveCount(0);

  await clerk.getByTestId('register-another').click();
  await fillRegistration(clerk, { code: revokedId, foreign: true, documentNumber: 'R7654321', mobile: '09351234568' });
  const form = clerk.getByTestId('register-form');
  await expect(form.getByTestId('identifier-holder')).toContainText('باطل');
  await form.locator('button[type="submit"]').click();
  await expect(clerk.getByTestId('error-alert')).toHaveText(ERROR_MESSAGES_FA.IDENTIFIER_REVOKED);
});

test('REG-9: a wrong check digit and a 9-digit insurance number show errors beside the fields and send nothing', async () => {
  const calls = recordRegisterCalls(clerk);
  await openScreen(clerk, '/');
  await openScreen(clerk, '/register');
  const wrongCheckDigit = CITIZEN_CODE.slice(0, 9) + String((Number(CITIZEN_CODE[9]) + 1) % 10);
  await fillRegistration(clerk, { code: wrongCheckDigit, insuranceNumber: '123456789', mobile: '09121234567' });
  const form = clerk.getByTestId('register-form');
  // Live, before any submit: the Persian reason beside the code.
  await expect(form.getByTestId('code-check')).toHaveText(FIELD_MESSAGES_FA.NATIONAL_CODE_CHECKSUM!);
  await form.locator('button[type="submit"]').click();
  await expect(form.getByTestId('code-field')).toContainText(FIELD_MESSAGES_FA.NATIONAL_CODE_CHECKSUM!);
  await expect(form.getByTestId('insurance-number')).toContainText(FIELD_MESSAGES_FA.INSURANCE_NUMBER_FORMAT!);
  await expect(form.locator('input[name="insuranceNumber"]')).toHaveAttribute('aria-invalid', 'true');
  // The errors are shown once the submit has been refused in the page: a request would have gone first.
  expect(calls, 'accounts:register requests').toEqual([]);
});

test('REG-10: with no mobile the form warns, before submitting, that recovery will not be possible', async () => {
  await openScreen(clerk, '/');
  await openScreen(clerk, '/register');
  const form = clerk.getByTestId('register-form');
  await fillRegistration(clerk, { code: '1234567891' });
  await expect(form.getByTestId('no-mobile-warning')).toHaveText(WARNING_MESSAGES_FA.NO_RECOVERY_CHANNEL);
  await expect(form.getByTestId('no-mobile-warning')).toContainText('بدون شمارهٔ همراه');
  // Typing a mobile takes the warning away.
  await form.locator('input[name="mobile"]').fill('09121234567');
  await expect(form.getByTestId('no-mobile-warning')).toHaveCount(0);
  await form.locator('input[name="mobile"]').fill('');
  await form.locator('button[type="submit"]').click();
  // Registered anyway (the mobile is optional), and the receipt repeats the warning.
  await expect(clerk.getByTestId('register-success')).toBeVisible();
  await expect(clerk.getByTestId('register-warning-NO_RECOVERY_CHANNEL')).toHaveText(WARNING_MESSAGES_FA.NO_RECOVERY_CHANNEL);
});
