import { generateKeyPairSync, sign } from 'node:crypto';
import { rmSync } from 'node:fs';
import { formatHqKeyText, REGISTRY_FILE_FORMAT, REGISTRY_FORMAT, registryDeltaText } from '../../shared/journal';
import { makeTestCert } from '../helpers/tls';
import { nationalCode, persianDigits } from './helpers/api';
import { requireChromium } from './helpers/browser-mode';
import { closedPort } from './helpers/ports';
import { expect, test } from './helpers/desk-test';
import { fillRegistration } from './helpers/register-steps';
import { openFromNav, setupAndLoginSupervisor } from './helpers/staff-steps';

/**
 * Issue 9 item 4 in Chromium against the real services: the branch has no line to headquarters
 * (its link shows offline), so the supervisor imports headquarters' signed registry file on the
 * «ستاد» screen; the register screen then says how old that copy is, and refuses a national code
 * registered at another branch, naming that branch (REG-5 across branches).
 */
requireChromium();


test('REG-5 across branches: the registry file imported on the ستاد screen, then «registered at branch X» at the register screen — said by the early check as soon as the code is valid, and by the refusal', async ({ page, desk }) => {
  test.setTimeout(90_000); // setup (argon2id), settings, an import and a registration on a loaded 2-core machine
  const cert = makeTestCert();
  const hq = generateKeyPairSync('ed25519');
  const code = nationalCode('987654321');
  try {
    await setupAndLoginSupervisor(page, desk.staffUrl);
    await openFromNav(page, '/settings');
    const panel = page.getByTestId('hq-link-settings');
    await panel.getByTestId('hq-url').fill(`https://127.0.0.1:${await closedPort()}`);
    await panel.getByTestId('hq-ca').fill(cert.certPem);
    await panel.getByTestId('hq-key').fill(formatHqKeyText(hq.publicKey.export({ format: 'der', type: 'spki' }).toString('base64')));
    await panel.getByRole('button', { name: 'ذخیره و اتصال' }).click();
    await expect(panel.getByTestId('hq-key-fingerprint')).toHaveText(/^(\d{4} ){8}\d{4}$/);
    // No line: the link is offline, which is why the registry comes on a stick.
    await expect(page.getByTestId('status-hq')).toHaveAttribute('data-state', 'offline');

    // Headquarters' registry, published three days ago: the code is live at branch 1001.
    const publishedAt = new Date(Date.now() - 3 * 24 * 3600_000).toISOString();
    const delta = registryDeltaText({
      format: REGISTRY_FORMAT,
      fromVersion: 0,
      toVersion: 1,
      hasMore: false,
      publishedAt,
      entries: [{ username: code, branch: '1001', station: 3, registeredAt: publishedAt, active: true, version: 1 }],
    });
    const file = JSON.stringify({ format: REGISTRY_FILE_FORMAT, pages: [{ delta, signature: sign(null, Buffer.from(delta), hq.privateKey).toString('base64') }] });

    await openFromNav(page, '/hq');
    const registry = page.getByTestId('hq-registry');
    await expect(registry.getByTestId('hq-registry-none')).toBeVisible();
    await registry.getByTestId('hq-registry-file').setInputFiles({ name: 'registry.json', mimeType: 'application/json', buffer: Buffer.from(file) });
    await expect(registry.getByTestId('hq-registry-done')).toContainText('نسخهٔ ۱');
    await expect(registry.getByTestId('hq-registry-version')).toHaveText('۱');
    await expect(registry.getByTestId('hq-registry-source')).toHaveText('پروندهٔ فهرست');

    await openFromNav(page, '/register');
    await expect(page.getByTestId('registry-age')).toContainText('۳ روز');
    await fillRegistration(page, { code });
    const form = page.getByTestId('register-form');
    // Issue 12 item 5: the form already said so as soon as the code was valid — date and branch, no tick.
    const check = form.getByTestId('code-check');
    await expect(check).toHaveAttribute('data-state', 'duplicate');
    await expect(check).toHaveAttribute('data-where', 'elsewhere');
    await expect(check).toContainText('شعبهٔ ۱ تهران (مرکزی)');
    await expect(check).toContainText(/[۰-۹]{4}\/[۰-۹]{2}\/[۰-۹]{2}/);
    await expect(form.getByTestId('code-ok')).toHaveCount(0);
    await expect(form.getByTestId('code-field').locator('input')).toHaveAttribute('aria-invalid', 'true');
    await form.locator('button[type="submit"]').click();
    const refusal = form.getByTestId('error-alert');
    await expect(refusal).toHaveAttribute('data-code', 'REGISTERED_ELSEWHERE');
    await expect(refusal).toContainText('شعبهٔ ۱ تهران (مرکزی)');
    await expect(refusal).toContainText(persianDigits('1001'));
    await expect(page.getByTestId('register-success')).toHaveCount(0);
  } finally {
    rmSync(cert.dir, { recursive: true, force: true });
  }
});
