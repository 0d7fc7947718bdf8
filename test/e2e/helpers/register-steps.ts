import { expect, type Page } from '@playwright/test';
import { SUCCESS_MESSAGES_FA } from '../../../shared/i18n/fa-messages';
import { persianDigits } from './api';
import { SETUP_BRANCH } from './staff-steps';

/**
 * The Register and Foreign-national identifier screens, filled through the real UI by keyboard
 * where a clerk would use it. Submitting, and what follows, is the caller's to expect.
 */

/** The receipt's sentence about the first password (REG-3, LOG-1): never any other password. */
export const INITIAL_PASSWORD_RULE = 'رمز اولیهٔ شما همان کد ملی / شناسهٔ شماست و باید در نخستین ورود آن را تغییر دهید';

/** A foreign national who comes to the branch for an identifier (REG-4). */
export const HOLDER = {
  firstNameFa: 'احمد',
  lastNameFa: 'رحیمی',
  fatherName: 'محمود',
  firstNameLatin: 'Ahmad',
  lastNameLatin: 'Rahimi',
  country: 'افغانستان',
  documentNumber: 'P12345678',
};

/** The identifier form, from its focused first field (the birth date typed into the Jalali picker). */
export async function fillHolder(page: Page, documentNumber = HOLDER.documentNumber): Promise<void> {
  const form = page.getByTestId('issue-form');
  await expect(form.locator('input[name="firstNameFa"]')).toBeFocused();
  await form.locator('input[name="firstNameFa"]').fill(HOLDER.firstNameFa);
  await form.locator('input[name="lastNameFa"]').fill(HOLDER.lastNameFa);
  await form.locator('input[name="fatherName"]').fill(HOLDER.fatherName);
  await form.locator('input[name="firstNameLatin"]').fill(HOLDER.firstNameLatin);
  await form.locator('input[name="lastNameLatin"]').fill(HOLDER.lastNameLatin);
  // Jalali 1370/05/21 = 1991-08-12.
  await form.getByTestId('birth-date').getByRole('group').click();
  await page.keyboard.type('13700521');
  await form.locator('input[name="nationality"]').fill('افغان');
  await page.getByRole('option', { name: HOLDER.country }).click();
  await form.locator('input[name="documentNumber"]').fill(documentNumber);
}

/** BR-2: fills the identifier form, Enter, and reads the identifier shown large (12 Latin digits). */
export async function issueIdentifier(page: Page, documentNumber = HOLDER.documentNumber): Promise<string> {
  await fillHolder(page, documentNumber);
  await page.getByTestId('issue-form').locator('input[name="documentNumber"]').press('Enter');
  const big = page.getByTestId('issued-identifier');
  await expect(big).toBeVisible();
  const identifier = (await big.getAttribute('data-value')) ?? '';
  expect(identifier).toMatch(/^[0-9]{12}$/);
  return identifier;
}

/** Ticks the terms (Space on the focused box) and fills everything a registration needs but the names. */
export async function fillRegistration(
  page: Page,
  opts: { code: string; foreign?: boolean; documentNumber?: string; mobile?: string; insuranceNumber?: string },
): Promise<void> {
  const form = page.getByTestId('register-form');
  await expect(form.getByTestId('terms-text')).toContainText('سامانهٔ متمرکز');
  await expect(form.getByTestId('terms-accepted')).toBeFocused();
  await page.keyboard.press('Space');
  if (opts.foreign) await form.getByTestId('foreign-switch').check();
  await form.getByTestId('code-field').locator('input').fill(opts.code);
  await form.getByTestId('document-type').click();
  await page.getByRole('option', { name: opts.foreign ? 'گذرنامه' : 'کارت ملی' }).click();
  await form.locator('input[name="idDocument.number"]').fill(opts.documentNumber ?? (opts.foreign ? HOLDER.documentNumber : opts.code));
  await form.locator('input[name="branch"]').fill(SETUP_BRANCH.search);
  await page.getByRole('option', { name: new RegExp(SETUP_BRANCH.name) }).click();
  await form.getByTestId('group-field').click();
  await page.getByRole('option', { name: 'بیمه‌شدگان اجباری' }).click();
  await form.locator('input[name="insuranceNumber"]').fill(opts.insuranceNumber ?? '1234567890');
  if (opts.mobile) await form.locator('input[name="mobile"]').fill(opts.mobile);
}

/**
 * REG-4, REG-7: on a fresh Register screen, a foreign national ticks «اتباع خارجی می‌باشم» and
 * registers with an issued identifier, the name fields left empty; the form names its holder, the
 * receipt its username and the holder's name.
 */
export async function registerForeignNational(page: Page, identifier: string, mobile: string): Promise<void> {
  await fillRegistration(page, { code: identifier, foreign: true, mobile });
  const form = page.getByTestId('register-form');
  await expect(form.getByText('اتباع خارجی می‌باشم')).toBeVisible();
  await expect(form.getByTestId('foreign-switch')).toBeChecked();
  await expect(form.getByTestId('code-check')).toHaveAttribute('data-state', 'ok');
  await expect(form.getByTestId('identifier-holder')).toContainText(`${HOLDER.firstNameFa} ${HOLDER.lastNameFa}`);
  await form.locator('button[type="submit"]').click();

  await expect(page.getByTestId('register-success')).toHaveText(SUCCESS_MESSAGES_FA.REGISTRATION_COMPLETED);
  await expect(page.getByTestId('receipt-username')).toHaveText(persianDigits(identifier));
  // The names were left empty: the receipt carries the identifier holder's (issue 12 item 8).
  await expect(page.getByTestId('receipt-name')).toHaveText(`${HOLDER.firstNameFa} ${HOLDER.lastNameFa}`);
  await expect(page.getByTestId('receipt-password-rule')).toContainText(INITIAL_PASSWORD_RULE);
}
