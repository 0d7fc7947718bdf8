import { requestMobileChangeAt } from './helpers/account-steps';
import { api, nationalCode, rawCall, registerCitizen, type Applicant } from './helpers/api';
import { requireChromium } from './helpers/browser-mode';
import { expect, test } from './helpers/desk-test';
import { setupAndLoginSupervisor } from './helpers/staff-steps';

/**
 * A pending mobile change withdrawn at the counter, in Chromium against the real services: the
 * dialog's «لغو درخواست» ends it at once (no 15-minute wait, no new request needed), the account
 * page keeps the old number and no longer offers to continue it, and main refuses its code.
 */
requireChromium();

const PERSON: Applicant = { nationalCode: nationalCode('004567892'), firstName: 'نرگس', lastName: 'امینی', insuranceNumber: '4234567891', mobile: '09124445566' };

test('a pending mobile change is cancelled from its dialog: the request ends, the old number stays, its code no longer confirms', async ({ desk, page }) => {
  await setupAndLoginSupervisor(page, desk.staffUrl);
  const { accountId } = await registerCitizen(page, PERSON);
  const dialog = await requestMobileChangeAt(page, desk.origin, PERSON.nationalCode, '09127778899');
  await expect(dialog.getByTestId('mobile-code')).toBeVisible();
  const pending = (await api<{ pendingMobileChange: { id: number } | null }>(page, 'accounts:get', { accountId })).pendingMobileChange;
  expect(pending).not.toBeNull();

  await dialog.getByTestId('mobile-cancel').click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('snackbar')).toContainText('لغو شد');
  await expect(page.getByTestId('notice-pending-mobile')).toHaveCount(0);
  await expect(page.getByTestId('fact-mobile')).toHaveText('۰۹۱۲***۵۵۶۶');

  // Reopened, the dialog asks for a new number: nothing is pending.
  await page.getByTestId('action-mobile').click();
  await expect(dialog.getByTestId('mobile-new')).toBeVisible();
  await expect(dialog.getByTestId('mobile-code')).toHaveCount(0);

  // Main's side: the cancellation is audited, and the request's code is refused whatever it is.
  const cancelled = await api<{ items: Array<{ details: string }> }>(page, 'audit:list', { action: 'mobile.change-cancelled' });
  expect(cancelled.items.map((e) => JSON.parse(e.details) as unknown)).toEqual([{ newMobile: '0912***8899' }]);
  const late = await rawCall(page, 'accounts:confirm-mobile-change', { verificationId: pending!.id, code: '123456' });
  expect(late.body.error?.code).toBe('NOT_FOUND');
});
