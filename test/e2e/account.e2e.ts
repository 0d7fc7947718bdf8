import { type Page } from '@playwright/test';
import { eightDigitRuns, expectResetSmsSent, openFirstResult, requestCounterReset, resetAtCounter, searchAccounts } from './helpers/account-steps';
import { api, latinDigits, nationalCode, persianDigits, registerCitizen, type Applicant } from './helpers/api';
import { requireChromium, type BrowserMode } from './helpers/browser-mode';
import { expect, test } from './helpers/desk-test';
import { screenshot } from './helpers/screens';
import { readTrainingSms, waitForSms } from './helpers/sms-file';
import { newClerkSession, setupAndLoginSupervisor, SUPERVISOR } from './helpers/staff-steps';
import { expectAccessible } from './helpers/axe';

/**
 * Account care at the counter, in Chromium against the real services (browser mode, training SMS
 * file): the one search box, the account page, a clerk's reset (BR-3, REC-2), a mobile change
 * confirmed with the code from the new number, and the outbox with redacted bodies.
 */
requireChromium();

const KARIMI: Applicant = {
  nationalCode: nationalCode('001234567'),
  firstName: 'علی',
  lastName: 'کریمی',
  insuranceNumber: '1234567890',
  mobile: '09121234567',
  email: 'ali.karimi@example.ir',
};
const OTHER: Applicant = {
  nationalCode: nationalCode('002345678'),
  firstName: 'مریم',
  lastName: 'یکتا',
  insuranceNumber: '2234567890',
  mobile: '09351112233',
};

test('BR-1 lookup: national code, a name typed with Arabic ي/ك and a mobile each find the account; Enter opens its page', async ({ desk, page }) => {
  await setupAndLoginSupervisor(page, desk.staffUrl);
  const karimi = await registerCitizen(page, KARIMI);
  await registerCitizen(page, OTHER);

  // National code, typed in Persian digits.
  await searchAccounts(page, desk.origin, persianDigits(KARIMI.nationalCode), 'nationalCode');
  await expect(page.locator('.lookup-row')).toHaveCount(1);

  // The name on an Arabic keyboard layout: ي and ك instead of ی and ک.
  await searchAccounts(page, desk.origin, 'علي كريمي', 'name');
  const rows = page.locator('.lookup-row');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('علی کریمی');
  await expect(rows.first()).toContainText('۰۹۱۲***۴۵۶۷');
  await screenshot(page, 'lookup');

  // The mobile in international form.
  await searchAccounts(page, desk.origin, '+98 912 123 4567', 'mobile');
  await expect(page.locator('.lookup-row')).toHaveCount(1);
  await openFirstResult(page);

  expect(page.url()).toContain(`#/accounts/${karimi.accountId}`);
  await expect(page.getByTestId('account-title')).toHaveText('علی کریمی');
  await expect(page.getByTestId('fact-mobile')).toHaveText('۰۹۱۲***۴۵۶۷');
  await expect(page.getByTestId('fact-email')).toHaveText(KARIMI.email!);
  await expect(page.getByTestId('fact-registered-by')).toHaveText(SUPERVISOR.username);
  await expect(page.getByTestId('account-status')).toHaveAttribute('data-state', 'active');
  // The supervisor sees the supervisor's actions.
  await expect(page.getByTestId('action-void')).toBeVisible();
  await expect(page.getByTestId('action-disable')).toBeVisible();
  await expect(page.getByTestId('action-reset')).toBeFocused();
  await screenshot(page, 'account');

  // The search came back "back": the last results are still there.
  await page.getByTestId('account-back').click();
  await expect(page.locator('.lookup-row')).toHaveCount(1);
});

test('BR-3, REC-2: a clerk resets at the counter — tracking code, never the password; the SMS carries the same code; a mobile change is confirmed with the code from the new number', async ({ browser, desk, page: supervisorPage }) => {
  await setupAndLoginSupervisor(supervisorPage, desk.staffUrl);
  const karimi = await registerCitizen(supervisorPage, KARIMI);
  // This branch allows back-to-back resets (the cooldown is proven in the supervisor's test).
  await api(supervisorPage, 'settings:update', { resetCooldownSeconds: 0 });
  const { context, page } = await newClerkSession(browser, desk, supervisorPage);
  try {
    await clerkCounterFlow(page, desk, karimi.accountId);
  } finally {
    await context.close();
  }
});

/** The clerk's half of the BR-3 test, on the clerk's own page (their own session). */
async function clerkCounterFlow(page: Page, server: BrowserMode, accountId: number): Promise<void> {
  await searchAccounts(page, server.origin, KARIMI.nationalCode, 'nationalCode');
  await openFirstResult(page);
  // A clerk never sees the supervisor's actions.
  await expect(page.getByTestId('action-reset')).toBeVisible();
  await expect(page.getByTestId('action-void')).toHaveCount(0);
  await expect(page.getByTestId('action-disable')).toHaveCount(0);

  // BR-3: the reset at the counter, keyboard only from the focused action button.
  const { dialog, trackingCode } = await resetAtCounter(page, KARIMI.nationalCode);
  await expect(page.getByTestId('snackbar')).toBeVisible();
  // The only 8-digit number anywhere on the page is the tracking code.
  expect(new Set(await eightDigitRuns(page))).toEqual(new Set([trackingCode]));

  // REC-2: the SMS reaches the person with the same tracking code (and a password the clerk never saw).
  const sms = await waitForSms(server, (m) => m.to === KARIMI.mobile && m.text.includes(trackingCode));
  const password = /رمز (\d{8}) /.exec(sms.text)?.[1];
  expect(password, sms.text).toMatch(/^\d{8}$/);
  expect(sms.text).toBe(`کاربر گرامی برای درخواست شما به کد رهگیری ${trackingCode} رمز ${password} تخصیص داده شد.`);
  // The live SMS state follows the outbox.
  await expectResetSmsSent(dialog);
  const html = latinDigits(await page.content());
  expect(html).not.toContain(password!);
  expect(new Set(await eightDigitRuns(page))).toEqual(new Set([trackingCode]));
  await screenshot(page, 'reset', { dialog: true });
  // The printed slip: the tracking code, and nothing of the page underneath.
  await page.emulateMedia({ media: 'print' });
  const slip = page.getByTestId('reset-slip');
  await expect(slip).toBeVisible();
  expect(latinDigits(await slip.innerText())).toContain(trackingCode);
  await expect(page.getByTestId('account-actions')).toBeHidden();
  await expect(page.getByTestId('reset-result')).toBeHidden();
  await screenshot(page, 'reset-slip');
  await page.emulateMedia({ media: 'screen' });
  await dialog.getByTestId('dialog-close').click();
  await expect(page.locator(`[data-testid="reset-row-code"][data-code="${trackingCode}"]`)).toBeVisible();

  // A mobile change: the code goes to the new number, the person reads it out at the counter.
  const newMobile = '09198887766';
  await page.getByTestId('action-mobile').click();
  const mobile = page.getByTestId('mobile-dialog');
  await expect(mobile.getByTestId('mobile-new')).toBeFocused();
  await mobile.getByTestId('mobile-new').fill('۰۹۱۹ ۸۸۸ ۷۷۶۶');
  await mobile.getByTestId('id-document-number').fill(KARIMI.nationalCode);
  await mobile.getByTestId('id-document-number').press('Enter');
  await expect(mobile.getByTestId('mobile-code-sent')).toContainText('۰۹۱۹***۷۷۶۶');
  await expectAccessible(page, 'mobile dialog: the code sent');
  const codeSms = await waitForSms(server, (m) => m.to === newMobile);
  const code = /(\d{4,12})/.exec(codeSms.text)![1]!;
  await expect(mobile.getByTestId('mobile-code')).toBeFocused();
  await mobile.getByTestId('mobile-code').fill(code);
  await mobile.getByTestId('mobile-code').press('Enter');
  await expect(mobile).toHaveCount(0);
  await expect(page.getByTestId('snackbar')).toBeVisible();
  await expect(page.getByTestId('fact-mobile')).toHaveText('۰۹۱۹***۷۷۶۶');
  // The old number hears of it.
  await waitForSms(server, (m) => m.to === KARIMI.mobile && !m.text.includes('رهگیری'));

  // A reset soon after a mobile change needs a supervisor: asked for in the same dialog.
  await expect(page.getByTestId('notice-approval')).toBeVisible();
  await page.getByTestId('action-reset').click();
  const again = page.getByTestId('reset-dialog');
  await expect(again.getByTestId('approval-fields')).toBeVisible();
  await expectAccessible(page, 'reset dialog asking for a supervisor');
  await again.getByTestId('id-document-number').fill(KARIMI.nationalCode);
  await again.getByTestId('approval-username').fill(SUPERVISOR.username);
  await again.locator('input[name="approval.password"]').fill('wrong-password');
  await again.locator('input[name="approval.password"]').press('Enter');
  await expect(again.getByTestId('error-alert')).toHaveAttribute('data-code', 'SUPERVISOR_APPROVAL_REQUIRED');
  await again.locator('input[name="approval.password"]').fill(SUPERVISOR.password);
  await again.locator('input[name="approval.password"]').press('Enter');
  const secondCode = (await again.getByTestId('reset-tracking-code').getAttribute('data-code'))!;
  expect(secondCode).not.toBe(trackingCode);
  await waitForSms(server, (m) => m.to === newMobile && m.text.includes(secondCode));
  await again.getByTestId('dialog-close').click();
  // The first reset is shown superseded by the newer one (REC-4's login rule itself: resets.test.ts,
  // counter-flow.e2e.ts).
  const firstRow = page.locator('.MuiDataGrid-row', { has: page.locator(`[data-code="${trackingCode}"]`) });
  await expect(firstRow.getByTestId('reset-state')).toHaveAttribute('data-state', 'superseded');

  // BR-4: the outbox lists every message, bodies without the secrets, numbers masked.
  await page.goto(`${server.origin}/#/outbox`);
  await expect(page.getByTestId('outbox-screen')).toBeVisible();
  await expect(page.getByTestId('outbox-gateway')).toBeVisible();
  const bodies = page.getByTestId('outbox-body');
  await expect(bodies).toHaveCount(readTrainingSms(server).length);
  const outboxText = latinDigits(await page.locator('body').innerText());
  expect(outboxText).toContain(trackingCode);
  expect(outboxText).toContain('********');
  expect(outboxText).not.toContain(password!);
  expect(outboxText).not.toContain(code);
  expect(outboxText).not.toContain(newMobile);
  // A clerk has no retry/cancel.
  await expect(page.getByTestId('outbox-retry')).toHaveCount(0);
  await expect(page.getByTestId('outbox-cancel')).toHaveCount(0);
  await screenshot(page, 'outbox');

  // The account is still the one we worked on.
  const detail = await api<{ mobileMasked: string }>(page, 'accounts:get', { accountId });
  expect(detail.mobileMasked).toBe('0919***7766');
}

test('REC-3 cooldown, then the supervisor: a second reset at once says how long to wait; disable with a reason; void after an explicit confirmation', async ({ desk, page }) => {
  await setupAndLoginSupervisor(page, desk.staffUrl);
  const other = await registerCitizen(page, OTHER);
  await page.goto(`${desk.origin}/#/accounts/${other.accountId}`);

  // Two resets in a row: the second is refused with the time to wait (default cooldown 120 s).
  for (let i = 0; i < 2; i++) {
    const dialog = await requestCounterReset(page, OTHER.nationalCode);
    if (i === 0) {
      await expect(dialog.getByTestId('reset-tracking-code')).toBeVisible();
      await dialog.getByTestId('dialog-close').click();
      await expect(dialog).toHaveCount(0);
    } else {
      const refusal = dialog.getByTestId('error-alert');
      await expect(refusal).toHaveAttribute('data-code', 'RESET_COOLDOWN');
      await expect(refusal).toContainText('دقیقه');
      await expect(dialog.getByTestId('reset-tracking-code')).toHaveCount(0);
      await screenshot(page, 'reset-cooldown', { dialog: true });
      await expectAccessible(page, 'reset dialog: the cooldown refusal');
      await dialog.getByTestId('dialog-close').click();
    }
  }
  await expect(page.locator('[data-testid="reset-row-code"]')).toHaveCount(1);

  await page.getByTestId('action-disable').click();
  const disable = page.getByTestId('disable-dialog');
  await expect(disable.getByTestId('reason')).toBeFocused();
  await disable.getByTestId('reason').fill('درخواست کتبی صاحب حساب');
  await disable.getByTestId('reason').press('Enter');
  await expect(disable).toHaveCount(0);
  await expect(page.getByTestId('account-status')).toHaveAttribute('data-state', 'disabled');
  await expect(page.getByTestId('notice-disabled')).toBeVisible();
  await expect(page.getByTestId('action-reset')).toBeDisabled();

  await page.getByTestId('action-void').click();
  const voiding = page.getByTestId('void-dialog');
  await voiding.getByTestId('reason').fill('کد ملی اشتباه وارد شده بود');
  await expect(voiding.locator('button[type="submit"]')).toBeDisabled();
  await voiding.getByTestId('void-confirm').check();
  await voiding.getByTestId('reason').press('Enter');
  await expect(voiding).toHaveCount(0);
  await expect(page.getByTestId('account-status')).toHaveAttribute('data-state', 'voided');
  await expect(page.getByTestId('notice-voided')).toContainText('کد ملی اشتباه وارد شده بود');
  await expect(page.getByTestId('action-void')).toHaveCount(0);
  await screenshot(page, 'account-voided');
  await expectAccessible(page, 'account page: voided');
});
