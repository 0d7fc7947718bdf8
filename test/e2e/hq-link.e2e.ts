import { generateKeyPairSync } from 'node:crypto';
import { rmSync } from 'node:fs';
import { formatHqKeyText } from '../../shared/journal';
import { makeTestCert } from '../helpers/tls';
import { requireChromium } from './helpers/browser-mode';
import { closedPort } from './helpers/ports';
import { expect, test } from './helpers/desk-test';
import { openFromNav, setupAndLoginSupervisor } from './helpers/staff-steps';

/**
 * Issue 9 in Chromium against the real services: Settings → Headquarters refuses a plain-http URL
 * beside the field, takes the URL, the pinned CA and headquarters' key; then the status bar, home
 * and the «ستاد» screen show the live link offline (nobody answers at that address) and why.
 */
requireChromium();


test('Settings → Headquarters, then the link shows offline in the status bar, on home and on the ستاد screen', async ({ page, desk }) => {
  test.setTimeout(90_000); // setup (argon2id), two saves and three screens on a loaded 2-core machine
  const cert = makeTestCert();
  try {
    await setupAndLoginSupervisor(page, desk.staffUrl);
    // Not configured yet: the status bar says so.
    await expect(page.getByTestId('status-hq')).toHaveAttribute('data-state', 'not-configured');

    await openFromNav(page, '/settings');
    const panel = page.getByTestId('hq-link-settings');
    await panel.getByTestId('hq-url').fill('http://hq.example.ir');
    await panel.getByTestId('hq-ca').fill(cert.certPem);
    const key = formatHqKeyText(generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).toString('base64'));
    await panel.getByTestId('hq-key').fill(key);
    await panel.getByRole('button', { name: 'ذخیره و اتصال' }).click();
    await expect(panel).toContainText('‎http://‎ فقط برای ‎127.0.0.1‎ پذیرفته است');

    await panel.getByTestId('hq-url').fill(`https://127.0.0.1:${await closedPort()}`);
    await panel.getByRole('button', { name: 'ذخیره و اتصال' }).click();
    await expect(panel.getByTestId('hq-key-fingerprint')).toHaveText(/^(\d{4} ){8}\d{4}$/);

    const chip = page.getByTestId('status-hq');
    await expect(chip).toHaveAttribute('data-state', 'offline');
    await expect(chip).toContainText('ستاد: برون‌خط');
    await expect(chip).toContainText('رسیده تا ردیف ۰');

    await openFromNav(page, '/');
    await expect(page.getByTestId('home-hq-state')).toHaveAttribute('data-state', 'offline');
    await expect(page.getByTestId('home-hq-alarm')).toHaveCount(0);

    await openFromNav(page, '/hq');
    const offline = page.getByTestId('hq-link-offline');
    await expect(offline).toHaveAttribute('data-reason', 'network');
    await expect(offline).toContainText('ستاد در دسترس نیست');
    await expect(offline).toContainText('چیزی از دست نمی‌رود');
  } finally {
    rmSync(cert.dir, { recursive: true, force: true });
  }
});
