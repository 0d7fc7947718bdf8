import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { createStaff, persianDigits } from './api';
import type { BrowserMode } from './browser-mode';
import { screenshot } from './screens';

/**
 * The staff desk's own steps, driven through the real UI (first-run setup, login, the forced
 * password change), by keyboard where a person at the counter would use it. Each returns once the
 * next screen is on the page. This is the one setup/login flow every test uses.
 */

export interface StaffCredentials {
  username: string;
  password: string;
  displayName: string;
}

/** The first supervisor every test desk gets (a password that passes the WEAK_PASSWORD rules). */
export const SUPERVISOR: StaffCredentials = { username: 'sara.sup', password: 'Sup-Pass-2026!', displayName: 'سارا سرپرست' };
/** A sample branch that first run offers (the first match for the search), and this machine's station number. */
export const SETUP_BRANCH = { search: 'کرج', code: '1011', name: 'شعبهٔ کرج' };
export const SETUP_STATION = '7';

/** Waits until the staff desk shows a logged-in person (the home screen is behind it). */
export async function expectLoggedIn(page: Page, displayName: string): Promise<void> {
  await expect(page.getByTestId('current-user')).toContainText(displayName);
}

/**
 * Issue 4 item 1, on a fresh desk: the setup screen (branch by autocomplete and keyboard, station
 * number, the first supervisor), then the one-time recovery code in a dialog, which stays until
 * acknowledged; then the login screen. `url` is a one-time staff launch URL. With `shots`, saves
 * the setup, recovery-code and login screens; `check` runs on each of them (e.g. the axe check).
 */
export async function firstRunSetup(
  page: Page,
  url: string,
  supervisor: StaffCredentials = SUPERVISOR,
  opts: { shots?: boolean; check?: (screen: 'setup' | 'setup-recovery' | 'login') => Promise<void> } = {},
): Promise<void> {
  await page.goto(url);
  const setup = page.getByTestId('setup-screen');
  await expect(setup).toBeVisible();
  const branch = setup.locator('input[name="branch"]');
  await expect(branch).toBeFocused();
  await opts.check?.('setup');
  await branch.fill(SETUP_BRANCH.search);
  // Issue 12 item 4: the branch code in Persian digits, in the list and in the chosen value.
  await expect(page.getByRole('option', { name: new RegExp(persianDigits(SETUP_BRANCH.code)) })).toBeVisible();
  await branch.press('ArrowDown');
  await branch.press('Enter');
  await expect(branch).toHaveValue(`${SETUP_BRANCH.name} (${persianDigits(SETUP_BRANCH.code)})`);
  await setup.locator('input[name="stationNumber"]').fill(SETUP_STATION);
  await setup.locator('input[name="displayName"]').fill(supervisor.displayName);
  await setup.locator('input[name="username"]').fill(supervisor.username);
  await setup.locator('input[name="password"]').fill(supervisor.password);
  await setup.locator('input[name="passwordRepeat"]').fill(supervisor.password);
  if (opts.shots) await screenshot(page, 'setup');
  await setup.locator('input[name="passwordRepeat"]').press('Enter');

  // The recovery code is shown once and stays on screen until its button is pressed.
  const dialog = page.getByRole('dialog');
  const recovery = dialog.getByTestId('recovery-code');
  await expect(recovery).toBeVisible();
  await expect(recovery).not.toBeEmpty();
  await expect(page.getByTestId('login-screen')).toHaveCount(0);
  if (opts.shots) await screenshot(page, 'setup-recovery', { dialog: true });
  await opts.check?.('setup-recovery');
  await dialog.getByRole('button').click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('login-screen')).toBeVisible();
  if (opts.shots) await screenshot(page, 'login');
  await opts.check?.('login');
}

/** The login screen already on the page: the username field has focus; type, type, Enter. */
export async function login(page: Page, username: string, password: string): Promise<void> {
  const screen = page.getByTestId('login-screen');
  await expect(screen).toBeVisible();
  await expect(screen.locator('input[name="username"]')).toBeFocused();
  await screen.locator('input[name="username"]').fill(username);
  await screen.locator('input[name="password"]').fill(password);
  await screen.locator('input[name="password"]').press('Enter');
  await expect(screen).toHaveCount(0);
}

/** First run and login as the first supervisor; returns once the supervisor's desk is shown. */
export async function setupAndLoginSupervisor(
  page: Page,
  url: string,
  opts: { supervisor?: StaffCredentials; shots?: boolean } = {},
): Promise<StaffCredentials> {
  const supervisor = opts.supervisor ?? SUPERVISOR;
  await firstRunSetup(page, url, supervisor, { shots: opts.shots });
  await login(page, supervisor.username, supervisor.password);
  await expectLoggedIn(page, supervisor.displayName);
  return supervisor;
}

/** Opens `url` (a one-time launch URL) and logs in; the next screen may be the forced change. */
export async function loginAs(page: Page, url: string, username: string, password: string): Promise<void> {
  await page.goto(url);
  await login(page, username, password);
}

/** The forced (or voluntary) change of one's own password, on the screen already shown. */
export async function changeOwnPassword(page: Page, current: string, next: string): Promise<void> {
  const screen = page.getByTestId('change-password-screen');
  await expect(screen).toBeVisible();
  await screen.locator('input[name="current"]').fill(current);
  await screen.locator('input[name="next"]').fill(next);
  await screen.locator('input[name="repeat"]').fill(next);
  await screen.locator('input[name="repeat"]').press('Enter');
  await expect(screen).toHaveCount(0);
}

/** A second counter: a fresh browser context (no cookie of the first) on a new staff launch URL. */
export async function openCounter(browser: Browser, desk: BrowserMode): Promise<Page> {
  const context = await browser.newContext({ locale: 'fa-IR' });
  const page = await context.newPage();
  await page.goto(await desk.newLaunchUrl('staff'));
  return page;
}

let clerkCount = 0;

/** A supervisor (logged in on `page`) adds a clerk; its temporary password comes back once. */
export async function createClerk(
  page: Page,
  clerk: { username?: string; displayName?: string } = {},
): Promise<{ username: string; displayName: string; temporaryPassword: string }> {
  clerkCount += 1;
  return createStaff(page, { username: clerk.username ?? `clerk${clerkCount}`, displayName: clerk.displayName ?? `کارمند ${persianDigits(clerkCount)}`, role: 'clerk' });
}

/**
 * A new clerk at a second counter: created by the supervisor on `supervisorPage`, logged in in a
 * fresh browser context with the temporary password, and through the forced password change.
 * Close the returned context when done.
 */
export async function newClerkSession(
  browser: Browser,
  desk: BrowserMode,
  supervisorPage: Page,
  password = 'Clerk-Pass-2026!',
): Promise<{ context: BrowserContext; page: Page; clerk: StaffCredentials }> {
  const created = await createClerk(supervisorPage);
  const page = await openCounter(browser, desk);
  await login(page, created.username, created.temporaryPassword);
  await changeOwnPassword(page, created.temporaryPassword, password);
  await expectLoggedIn(page, created.displayName);
  return { context: page.context(), page, clerk: { username: created.username, password, displayName: created.displayName } };
}

/** Goes to a staff screen by its hash route, e.g. `/register` (as a typed address would). */
export async function openScreen(page: Page, route: string): Promise<void> {
  await page.evaluate((p) => {
    location.hash = p;
  }, route);
}

/** Opens a screen from the navigation drawer (its items are keyed by route). */
export async function openFromNav(page: Page, route: string): Promise<void> {
  await page.getByTestId(`nav-${route}`).click();
}
