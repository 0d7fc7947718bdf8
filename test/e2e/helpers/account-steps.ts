import { expect, type Locator, type Page } from '@playwright/test';
import { latinDigits } from './api';

/**
 * Account care at the counter through the real UI: the one search box, the account page, the
 * reset at the counter (BR-3). Setup and login are staff-steps.ts'; data and SMS are api.ts' and
 * sms-file.ts'.
 */

/** The lookup screen: type into the one box, Enter, and expect what it recognised. */
export async function searchAccounts(page: Page, origin: string, query: string, kind: string): Promise<void> {
  await page.goto(`${origin}/#/lookup`);
  const box = page.getByTestId('lookup-query');
  await expect(box).toBeFocused();
  await box.fill(query);
  await box.press('Enter');
  await expect(page.getByTestId('lookup-kind')).toHaveAttribute('data-kind', kind);
}

/** Opens the only result with the keyboard: ArrowDown from the box to the grid, then Enter. */
export async function openFirstResult(page: Page): Promise<void> {
  await page.getByTestId('lookup-query').press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('account-screen')).toBeVisible();
}

/** From the lookup screen to the person's account page, and a mobile change to `mobile` requested in its dialog (their national card seen). */
export async function requestMobileChangeAt(page: Page, origin: string, nationalCode: string, mobile: string): Promise<Locator> {
  await searchAccounts(page, origin, nationalCode, 'nationalCode');
  await openFirstResult(page);
  await page.getByTestId('action-mobile').click();
  const dialog = page.getByTestId('mobile-dialog');
  await dialog.getByTestId('mobile-new').fill(mobile);
  await dialog.getByTestId('id-document-number').fill(nationalCode);
  await dialog.getByTestId('id-document-number').press('Enter');
  return dialog;
}

/** Every run of 8 digits on the page (Latin or Persian). */
export async function eightDigitRuns(page: Page): Promise<string[]> {
  const text = latinDigits(await page.locator('body').innerText());
  return text.match(/(?<!\d)\d{8}(?!\d)/g) ?? [];
}

/** On the account page: Enter on the reset action, the person's document number, Enter. The dialog. */
export async function requestCounterReset(page: Page, documentNumber: string): Promise<Locator> {
  await page.getByTestId('action-reset').press('Enter');
  const dialog = page.getByTestId('reset-dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByTestId('id-document-number').fill(documentNumber);
  await dialog.getByTestId('id-document-number').press('Enter');
  return dialog;
}

/**
 * BR-3, REC-2: a reset at the counter that main accepts. The dialog shows the 8-digit tracking
 * code (in Persian digits; `data-code` holds it in Latin) and never the password.
 */
export async function resetAtCounter(page: Page, documentNumber: string): Promise<{ dialog: Locator; trackingCode: string }> {
  const dialog = await requestCounterReset(page, documentNumber);
  const codeEl = dialog.getByTestId('reset-tracking-code');
  await expect(codeEl).toBeVisible();
  const trackingCode = (await codeEl.getAttribute('data-code'))!;
  expect(trackingCode).toMatch(/^\d{8}$/);
  expect(latinDigits(await codeEl.innerText())).toBe(trackingCode);
  return { dialog, trackingCode };
}

/** The reset dialog's live SMS state reaches "sent": the outbox has handed the SMS to the gateway. */
export async function expectResetSmsSent(dialog: Locator): Promise<void> {
  await expect(dialog.getByTestId('reset-sms-state')).toHaveAttribute('data-state', 'sent', { timeout: 15_000 });
}
