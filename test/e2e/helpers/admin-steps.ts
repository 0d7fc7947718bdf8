import { expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, type BrowserMode } from './browser-mode';

/**
 * Steps for the supervisor's screens (staff, settings, audit): first-run setup and staff login
 * through the real UI, by keyboard where a person at the counter would use it.
 */

export const ADMIN = { username: 'maryam.sup', displayName: 'مریم سرپرست', password: 'Sup-Desk-1405!' } as const;
export const ADMIN_STATION = '12';
export const SCREENS_DIR = path.join(REPO_ROOT, 'test-results', 'screens');

/** Saves a full-page screenshot as test-results/screens/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENS_DIR, `${name}.png`), fullPage: true });
}

/** Setup screen: branch autocomplete, station number, the first supervisor, then the recovery-code dialog. */
export async function firstRunSetup(page: Page, desk: BrowserMode): Promise<void> {
  await page.goto(desk.staffUrl);
  const setup = page.getByTestId('setup-screen');
  await expect(setup).toBeVisible();
  const branch = setup.locator('input[name="branch"]');
  await expect(branch).toBeFocused();
  await branch.fill('کرج');
  await expect(page.getByRole('option').first()).toBeVisible();
  await branch.press('ArrowDown');
  await branch.press('Enter');
  await expect(branch).toHaveValue(/کرج/);
  await setup.locator('input[name="stationNumber"]').fill(ADMIN_STATION);
  await setup.locator('input[name="displayName"]').fill(ADMIN.displayName);
  await setup.locator('input[name="username"]').fill(ADMIN.username);
  await setup.locator('input[name="password"]').fill(ADMIN.password);
  await setup.locator('input[name="passwordRepeat"]').fill(ADMIN.password);
  await setup.locator('input[name="passwordRepeat"]').press('Enter');
  // The recovery code is shown once in a dialog; its button leads on. StaffApp unmounts the setup
  // screen (dialog included) as soon as any status update says setup is done — a pushed
  // app:status-changed can arrive while the dialog is open — so the login may already be there
  // (reported: the one-time recovery code can vanish unseen).
  const recovery = page.getByRole('dialog').getByTestId('recovery-code');
  const login = page.getByTestId('login-screen');
  await expect(recovery.or(login)).toBeVisible();
  if (await recovery.isVisible()) {
    await page.getByRole('dialog').getByRole('button').click();
    // Otherwise the staff app learns that setup is done only from its 15-second status poll
    // (it reads app:status outside TanStack Query, so the dialog's invalidation does not reach
    // it); a reload reads it at once.
    await page.reload();
  }
}

/** Login screen: the username field has focus; type, Tab, type, Enter. */
export async function staffLogin(page: Page, username: string, password: string): Promise<void> {
  const login = page.getByTestId('login-screen');
  await expect(login).toBeVisible();
  await expect(login.locator('input[name="username"]')).toBeFocused();
  await login.locator('input[name="username"]').fill(username);
  await login.locator('input[name="password"]').fill(password);
  await login.locator('input[name="password"]').press('Enter');
  await expect(login).toHaveCount(0);
}

export async function setupAndLoginAsSupervisor(page: Page, desk: BrowserMode): Promise<void> {
  await firstRunSetup(page, desk);
  await staffLogin(page, ADMIN.username, ADMIN.password);
  await expect(page.getByTestId('current-user')).toContainText(ADMIN.displayName);
}

/** Opens a screen from the navigation drawer (its items are keyed by route). */
export async function openFromNav(page: Page, route: string): Promise<void> {
  await page.getByTestId(`nav-${route}`).click();
}

/** Latin digits → Persian digits, as the screens show numbers. */
export function persianDigits(text: string | number): string {
  return String(text).replace(/[0-9]/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]!);
}

/** A bridge call made from the page with its session cookie: the raw envelope, refusals included. */
export async function rawCall(page: Page, channel: string, input: unknown): Promise<{ status: number; body: { ok: boolean; data?: unknown; error?: { code: string; message: string } } }> {
  return page.evaluate(
    async ([c, i]) => {
      const r = await fetch(`/api/${c}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, credentials: 'same-origin', body: JSON.stringify(i) });
      return { status: r.status, body: (await r.json()) as { ok: boolean; data?: unknown; error?: { code: string; message: string } } };
    },
    [channel, input] as const,
  );
}
