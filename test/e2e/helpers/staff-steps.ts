import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import type { BrowserMode } from './browser-mode';

/**
 * Reusable staff-desk steps for end-to-end tests, driven through the real UI (setup, login, forced
 * password change) against browser mode. Each returns once the next screen is on the page.
 */

export interface StaffCredentials {
  username: string;
  password: string;
  displayName: string;
}

/** The first supervisor every test desk gets (a password that passes the WEAK_PASSWORD rules). */
export const SUPERVISOR: StaffCredentials = { username: 'sara.sup', password: 'Sup-Pass-2026!', displayName: 'سارا سرپرست' };
/** A sample branch that first run offers, and this machine's station number. */
export const SETUP_BRANCH = { search: 'کرج', code: '1011', name: 'شعبهٔ کرج' };
export const SETUP_STATION = '7';

/** Waits until the staff desk shows a logged-in person (the home screen is behind it). */
export async function expectLoggedIn(page: Page, displayName: string): Promise<void> {
  await expect(page.getByTestId('current-user')).toContainText(displayName);
}

/**
 * First run through the setup screen (branch, station, first supervisor), past the one-time
 * recovery code, then login as that supervisor. `url` is a one-time staff launch URL.
 */
export async function setupAndLoginSupervisor(
  page: Page,
  url: string,
  supervisor: StaffCredentials = SUPERVISOR,
): Promise<StaffCredentials> {
  await page.goto(url);
  const setup = page.getByTestId('setup-screen');
  await expect(setup).toBeVisible();
  const branch = setup.locator('input[name="branch"]');
  await expect(branch).toBeFocused();
  await branch.fill(SETUP_BRANCH.search);
  await page.getByRole('option', { name: new RegExp(SETUP_BRANCH.code) }).click();
  await setup.locator('input[name="stationNumber"]').fill(SETUP_STATION);
  await setup.locator('input[name="displayName"]').fill(supervisor.displayName);
  await setup.locator('input[name="username"]').fill(supervisor.username);
  await setup.locator('input[name="password"]').fill(supervisor.password);
  await setup.locator('input[name="passwordRepeat"]').fill(supervisor.password);
  await setup.locator('input[name="passwordRepeat"]').press('Enter');
  // Issue 4 item 1: the recovery code is shown once, in a dialog, before the login. (Tolerates a
  // gate that goes straight to the login; the Setup screen's own test is where that is caught.)
  const recovery = page.getByTestId('recovery-code');
  await expect(recovery.or(page.getByTestId('login-screen'))).toBeVisible();
  if (await recovery.isVisible()) {
    await expect(recovery).not.toBeEmpty();
    await page.getByRole('dialog').getByRole('button').click();
    // If the gate has not heard that setup is done (app:status is polled), a reload asks at once.
    if (!(await page.getByTestId('login-screen').isVisible({ timeout: 2_000 }).catch(() => false))) await page.reload();
  }
  await login(page, supervisor.username, supervisor.password);
  await expectLoggedIn(page, supervisor.displayName);
  return supervisor;
}

/** Fills the login screen already on the page and presses Enter. */
export async function login(page: Page, username: string, password: string): Promise<void> {
  const screen = page.getByTestId('login-screen');
  await expect(screen).toBeVisible();
  await screen.locator('input[name="username"]').fill(username);
  await screen.locator('input[name="password"]').fill(password);
  await screen.locator('input[name="password"]').press('Enter');
  await expect(screen).toBeHidden();
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
  await expect(screen).toBeHidden();
}

let clerkCount = 0;

/**
 * A supervisor (logged in on `page`) adds a clerk through the bridge with the page's own session
 * cookie — the same `staff:create` call the Staff screen makes — and gets the temporary password.
 */
export async function createClerk(
  page: Page,
  clerk: { username?: string; displayName?: string } = {},
): Promise<{ username: string; displayName: string; temporaryPassword: string }> {
  clerkCount += 1;
  const input = { username: clerk.username ?? `clerk${clerkCount}`, displayName: clerk.displayName ?? `کارمند ${clerkCount}`, role: 'clerk' };
  const envelope = await page.evaluate(
    (body) =>
      fetch('/api/staff:create', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        credentials: 'same-origin',
        body: JSON.stringify(body),
      }).then((r) => r.json() as Promise<{ ok: boolean; data?: { temporaryPassword: string }; error?: { code: string } }>),
    input,
  );
  if (!envelope.ok || !envelope.data) throw new Error(`staff:create refused: ${JSON.stringify(envelope.error)}`);
  return { username: input.username, displayName: input.displayName, temporaryPassword: envelope.data.temporaryPassword };
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
  const context = await browser.newContext();
  const page = await context.newPage();
  await loginAs(page, await desk.newLaunchUrl('staff'), created.username, created.temporaryPassword);
  await changeOwnPassword(page, created.temporaryPassword, password);
  await expectLoggedIn(page, created.displayName);
  return { context, page, clerk: { username: created.username, password, displayName: created.displayName } };
}

/** Goes to a staff screen by its hash route, e.g. `/register`. */
export async function openScreen(page: Page, path: string): Promise<void> {
  await page.evaluate((p) => {
    location.hash = p;
  }, path);
}
