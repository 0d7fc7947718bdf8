import { expect, type Browser, type Page } from '@playwright/test';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { HasDataDir } from './sms-file';

/**
 * The citizen's side at the kiosk (issue 4 item 11), through the real UI. A kiosk is its own
 * machine: its own browser context (no staff cookie) and its own launch URL.
 */

/** Opens a kiosk in a fresh context; `before` runs on the page first (e.g. installing a fake clock). */
export async function openKiosk(browser: Browser, url: string, before?: (page: Page) => Promise<void>): Promise<Page> {
  const context = await browser.newContext({ locale: 'fa-IR' });
  const page = await context.newPage();
  await before?.(page);
  await page.goto(url);
  await expect(page.getByTestId('kiosk-login')).toBeVisible();
  return page;
}

/** The kiosk's login form: username, password, Enter (what follows is the caller's to expect). */
export async function kioskLogin(kiosk: Page, username: string, password: string): Promise<void> {
  await kiosk.getByTestId('kiosk-username').locator('input').fill(username);
  const pw = kiosk.getByTestId('kiosk-password').locator('input');
  await pw.fill(password);
  await pw.press('Enter');
}

/** LOG-2, LOG-3: the forced change (current, new, repeat, Enter) on the screen already shown. */
export async function kioskChangePassword(kiosk: Page, current: string, next: string): Promise<void> {
  await expect(kiosk.getByTestId('kiosk-change')).toBeVisible();
  await kiosk.getByTestId('kiosk-current').locator('input').fill(current);
  await kiosk.getByTestId('kiosk-next').locator('input').fill(next);
  await kiosk.getByTestId('kiosk-repeat').locator('input').fill(next);
  await kiosk.getByTestId('kiosk-repeat').locator('input').press('Enter');
}

/**
 * Keys as a Persian keyboard layout sends them (a trusted keydown whose `key` is the Persian
 * letter, then its text). Playwright's own `type` sends no keydown for such characters.
 */
export async function typeOnPersianLayout(page: Page, text: string): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  try {
    for (const ch of text) {
      await cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', key: ch, text: ch, unmodifiedText: ch });
      await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: ch });
    }
  } finally {
    await cdp.detach();
  }
}

/**
 * The kiosk's security code is drawn as paths (issue 10 item 4): nothing in the picture can be
 * read back as text. In training mode the desk writes each answer with the SHA-256 of its picture
 * to `<dataDir>/captcha-training.txt`; the answer of the picture on screen is looked up by hash.
 */
export async function readCaptcha(page: Page, where: HasDataDir): Promise<string> {
  const file = path.join(where.dataDir, 'captcha-training.txt');
  let answer = '';
  await expect(async () => {
    const src = (await page.getByTestId('captcha-image').getAttribute('src')) ?? '';
    const svg = Buffer.from(src.replace(/^data:image\/svg\+xml;base64,/, ''), 'base64').toString('utf8');
    const hash = createHash('sha256').update(svg).digest('hex');
    const line = existsSync(file) ? readFileSync(file, 'utf8').split('\n').find((l) => l.endsWith(` ${hash}`)) : undefined;
    expect(line, 'the picture on screen is in the training captcha file').toBeDefined();
    answer = line!.split(' ')[0]!;
  }).toPass();
  return answer;
}

/** Every input on the kiosk page keeps the browser's autofill away. */
export async function expectAutofillOff(page: Page): Promise<void> {
  const forms = await page.locator('form').evaluateAll((fs) => fs.map((f) => f.getAttribute('autocomplete')));
  expect(forms.length).toBeGreaterThan(0);
  for (const a of forms) expect(a).toBe('off');
  const inputs = await page.locator('input:not([type=hidden])').evaluateAll((is) => is.map((i) => i.getAttribute('autocomplete')));
  expect(inputs.length).toBeGreaterThan(0);
  for (const a of inputs) expect(['off', 'new-password']).toContain(a);
}
