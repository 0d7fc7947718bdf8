import { expect, type Page } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { nationalCodeCheckDigit } from '../../../shared/identifiers/national-code';
import type { BrowserMode } from './browser-mode';

/**
 * Steps for the kiosk, home and daily-report tests (setup and staff login are staff-steps.ts'):
 * test data through the same bridge API the renderer uses, called from inside a logged-in staff
 * page so its session cookie applies; and the citizen's side at the kiosk.
 */

/** A valid national code from its first nine digits. */
export function nationalCode(first9: string): string {
  return first9 + String(nationalCodeCheckDigit(first9));
}

export function persianDigits(s: string | number): string {
  return String(s).replace(/[0-9]/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]!);
}

export function latinDigits(s: string): string {
  return s.replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06f0));
}

type Envelope<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

/** One bridge call from a page, through its own session cookie; the envelope as main sent it. */
export async function rawCall<T = unknown>(page: Page, prefix: '/api/' | '/kiosk-api/', channel: string, input: unknown): Promise<{ status: number; body: Envelope<T> }> {
  return page.evaluate(
    async ([url, i]) => {
      const r = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(i) });
      return { status: r.status, body: (await r.json()) as Envelope<T> };
    },
    [prefix + channel, input] as const,
  );
}

/** A staff call that must succeed. */
export async function api<T = unknown>(page: Page, channel: string, input: unknown): Promise<T> {
  const { body } = await rawCall<T>(page, '/api/', channel, input);
  if (!body.ok) throw new Error(`${channel} refused: ${JSON.stringify(body.error)}`);
  return body.data;
}

export interface Citizen {
  nationalCode: string;
  mobile: string;
  insuranceNumber: string;
}

/** BR-1: a registration as the register screen sends it (current terms, an open group). */
export async function registerCitizen(page: Page, who: Citizen): Promise<{ accountId: number; username: string }> {
  const terms = await api<{ version: string }>(page, 'settings:terms', {});
  const groups = await api<Array<{ id: number; registrationOpen: boolean }>>(page, 'reference:groups', {});
  const branches = await api<Array<{ id: number }>>(page, 'reference:branches', { query: '' });
  return api(page, 'accounts:register', {
    kind: 'citizen',
    nationalCode: who.nationalCode,
    termsAccepted: true,
    termsVersion: terms.version,
    idDocument: { type: 'national_card', number: who.nationalCode },
    branchId: branches[0]!.id,
    insuranceGroupId: groups.find((g) => g.registrationOpen)!.id,
    insuranceNumber: who.insuranceNumber,
    mobile: who.mobile,
  });
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
 * The kiosk's security code is an SVG whose digits are <text> elements in reading order (it slows
 * scripts, it does not stop them): read it back from the picture the page shows.
 */
export async function readCaptcha(page: Page): Promise<string> {
  const src = await page.getByTestId('captcha-image').getAttribute('src');
  const svg = Buffer.from(src!.replace(/^data:image\/svg\+xml;base64,/, ''), 'base64').toString('utf8');
  return [...svg.matchAll(/<text[^>]*>(\d)<\/text>/g)].map((m) => m[1]).join('');
}

/** Waits for the file adapter (training mode) to "send" an SMS to this number; its text. */
export async function waitForSms(desk: BrowserMode, to: string, count = 1): Promise<string> {
  const file = path.join(desk.dataDir, 'sms-training.jsonl');
  let texts: string[] = [];
  await expect
    .poll(
      () => {
        if (!existsSync(file)) return 0;
        texts = readFileSync(file, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as { to: string; text: string })
          .filter((m) => m.to === to)
          .map((m) => m.text);
        return texts.length;
      },
      { timeout: 20_000 },
    )
    .toBeGreaterThanOrEqual(count);
  return texts[count - 1]!;
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
