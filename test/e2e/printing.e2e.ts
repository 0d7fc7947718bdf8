import { openFirstResult, resetAtCounter, searchAccounts } from './helpers/account-steps';
import { nationalCode, registerCitizen } from './helpers/api';
import { requireChromium } from './helpers/browser-mode';
import { expect, test } from './helpers/desk-test';
import { issueIdentifier, registerForeignNational } from './helpers/register-steps';
import { openScreen, setupAndLoginSupervisor, SUPERVISOR } from './helpers/staff-steps';

/**
 * Issue 12 item 8: what comes out of the printer is the slip — not the dialog around it, not the
 * buttons — and it names the person, also when the form's name fields were left empty.
 */
requireChromium();

test('BR-3: the reset slip prints alone, without the dialog title, its buttons or the account page behind it', async ({ desk, page }) => {
  await setupAndLoginSupervisor(page, desk.staffUrl);
  const code = nationalCode('004567891');
  await registerCitizen(page, { nationalCode: code, insuranceNumber: '4234567890', mobile: '09123334455' });
  await searchAccounts(page, desk.origin, code, 'nationalCode');
  await openFirstResult(page);
  const { dialog, trackingCode } = await resetAtCounter(page, code);
  const slip = dialog.getByTestId('reset-slip');
  await expect(slip).toBeHidden();

  await page.emulateMedia({ media: 'print' });
  await expect(slip).toBeVisible();
  await expect(slip).toContainText(trackingCode.replace(/[0-9]/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]!));
  await expect(dialog.locator('.MuiDialogTitle-root')).toBeHidden();
  await expect(dialog.getByTestId('reset-print')).toBeHidden();
  for (const button of await dialog.getByRole('button', { includeHidden: true }).all()) await expect(button).toBeHidden();
  await expect(page.getByTestId('account-screen')).toBeHidden();
  // On paper the slip starts at the top of the page, not where the dialog floated on screen.
  const box = await slip.boundingBox();
  expect(box?.y ?? Infinity).toBeLessThan(100);

  await page.emulateMedia({ media: 'screen' });
  await expect(dialog.getByTestId('reset-print')).toBeVisible();
});

test('BR-2, REG-4: the identifier slip names its issuer; the foreign national receipt carries the holder name when the form’s name fields were empty', async ({ desk, page }) => {
  test.setTimeout(120_000); // two whole flows through the UI: an identifier issued, then registered
  await setupAndLoginSupervisor(page, desk.staffUrl);
  await openScreen(page, '/identifiers');
  await expect(page.getByTestId('issue-form')).toBeVisible({ timeout: 30_000 }); // a lazy screen, slow on a loaded machine
  const identifier = await issueIdentifier(page);
  const slip = page.getByTestId('identifier-slip');
  await expect(slip).toContainText(SUPERVISOR.displayName);
  await expect(slip).not.toContainText(SUPERVISOR.username);

  await openScreen(page, '/register');
  // The helper leaves the names empty and expects the holder's name on the receipt.
  await registerForeignNational(page, identifier, '09351234567');
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByTestId('receipt-slip')).toBeVisible();
  await expect(page.getByTestId('receipt-print')).toBeHidden();
  await expect(page.getByTestId('register-another')).toBeHidden();
});
