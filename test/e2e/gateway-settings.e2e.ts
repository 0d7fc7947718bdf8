import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, requireChromium, startBrowserMode, type BrowserMode } from './helpers/browser-mode';
import { openScreen, setupAndLoginSupervisor } from './helpers/staff-steps';

/**
 * BR-4 through the Settings screen in Chromium against the real services (browser mode, fresh
 * data folder): the Kannel gateway's parameters checked by the contract's schema, its password
 * stored without ever coming back, and a test SMS queued through the outbox.
 */
requireChromium();

const GATEWAY_PASSWORD = 'Kannel-Secret-77';
const SCREENS_DIR = path.join(REPO_ROOT, 'test-results', 'screens');

let desk: BrowserMode | undefined;

test.afterEach(async () => {
  const d = desk;
  desk = undefined;
  await d?.stop();
});

/** settings:get with the page's own session cookie, as the raw response text. */
async function settingsResponseText(page: Page): Promise<string> {
  return page.evaluate(() =>
    fetch('/api/settings:get', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      credentials: 'same-origin',
      body: '{}',
    }).then((r) => r.text()),
  );
}

interface GatewaySettings {
  smsAdapter: string;
  kannel: { host: string; port: number };
  gatewayPasswordSet: { smpp: boolean; kannel: boolean };
}

async function settings(page: Page): Promise<GatewaySettings> {
  const envelope = JSON.parse(await settingsResponseText(page)) as { ok: boolean; data: GatewaySettings };
  expect(envelope.ok).toBe(true);
  return envelope.data;
}

test('BR-4: a supervisor sets the Kannel gateway and its password (never returned), and a test SMS appears in the outbox', async ({ page }) => {
  desk = await startBrowserMode();
  await setupAndLoginSupervisor(page, desk.staffUrl);
  await openScreen(page, '/settings');
  const panel = page.getByTestId('gateway-panel');
  await expect(panel).toBeVisible();
  expect((await settings(page)).smsAdapter).toBe('none');

  // Kannel chosen: its parameters appear, with the contract's defaults.
  await panel.getByRole('combobox', { name: 'درگاه پیامک' }).click();
  await page.getByTestId('adapter-kannel').click();
  const params = panel.getByTestId('gateway-params-kannel');
  await expect(params).toBeVisible();
  const host = params.getByTestId('gateway-host');
  const port = params.getByTestId('gateway-port');
  const portField = params.locator('.MuiFormControl-root', { has: page.getByTestId('gateway-port') });

  // A port out of the contract's range is refused beside the field, and nothing is saved.
  await host.fill('127.0.0.1');
  await port.fill('70000');
  await port.press('Enter');
  await expect(portField).toContainText('عددی صحیح از ۱ تا ۶۵۵۳۵ وارد کنید.');
  await expect(port).toHaveAttribute('aria-invalid', 'true');
  expect((await settings(page)).smsAdapter).toBe('none');

  // A good port (typed in Persian digits) saves the adapter and the parameters in one change.
  await port.fill('۱۳۰۱۴');
  await port.press('Enter');
  await expect(page.getByTestId('snackbar')).toContainText('تنظیمات درگاه ذخیره شد');
  await expect(portField).not.toContainText('وارد کنید');
  const saved = await settings(page);
  expect(saved.smsAdapter).toBe('kannel');
  expect(saved.kannel).toMatchObject({ host: '127.0.0.1', port: 13014 });

  // The password: set through sms:set-password; the screen and settings:get only say that it is set.
  const passwordForm = panel.getByTestId('gateway-password');
  const passwordState = passwordForm.getByTestId('gateway-password-state');
  await expect(passwordState).toHaveAttribute('data-set', 'false');
  const passwordInput = passwordForm.getByTestId('gateway-password-input');
  await expect(passwordInput).toHaveAttribute('type', 'password');
  await passwordInput.fill(GATEWAY_PASSWORD);
  await passwordInput.press('Enter');
  await expect(page.getByTestId('snackbar')).toContainText('رمز درگاه ذخیره شد');
  await expect(passwordState).toHaveAttribute('data-set', 'true');
  await expect(passwordInput).toHaveValue('');
  const raw = await settingsResponseText(page);
  expect((JSON.parse(raw) as { data: GatewaySettings }).data.gatewayPasswordSet).toEqual({ smpp: false, kannel: true });
  expect(raw).not.toContain(GATEWAY_PASSWORD);
  await page.reload();
  await expect(page.getByTestId('gateway-password-state')).toHaveAttribute('data-set', 'true');
  expect(await page.content()).not.toContain(GATEWAY_PASSWORD);

  mkdirSync(SCREENS_DIR, { recursive: true });
  await page.getByTestId('gateway-panel').screenshot({ path: path.join(SCREENS_DIR, 'settings-gateway.png') });

  // A test SMS: a bad number is refused beside the field; a good one is queued and shown in the outbox.
  const testForm = page.getByTestId('gateway-test');
  const to = testForm.getByTestId('gateway-test-to');
  await to.fill('12345');
  await to.press('Enter');
  await expect(testForm).toContainText('شمارهٔ همراه معتبر نیست');
  await to.fill('۰۹۱۲۱۲۳۴۵۶۷');
  await to.press('Enter');
  await expect(page.getByTestId('snackbar')).toContainText('پیامک آزمایشی در صف قرار گرفت');
  await expect(testForm.getByTestId('gateway-test-queued')).toBeVisible();
  await testForm.getByTestId('gateway-test-outbox').click();
  const outbox = page.getByTestId('outbox-table');
  await expect(outbox).toBeVisible();
  const row = outbox.getByRole('row').filter({ hasText: 'آزمایشی' });
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId('outbox-body')).toContainText('پیام آزمایشی');
});
