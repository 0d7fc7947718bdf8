import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { latinDigits, persianDigits } from './helpers/api';
import { requireChromium } from './helpers/browser-mode';
import { expect, test } from './helpers/desk-test';
import { screenshot } from './helpers/screens';
import { openFromNav, SETUP_BRANCH, SETUP_STATION, setupAndLoginSupervisor } from './helpers/staff-steps';
import { expectAccessible } from './helpers/axe';

/**
 * Issue 8 in Chromium against the real services: the supervisor's «ستاد» screen writes the signed
 * batches to a folder and takes headquarters' acknowledgement back; settings show the station slip.
 */
requireChromium();

test('ستاد: export the unacknowledged batches to a folder, import the acknowledgement, and see the branch up to date', async ({ page, desk }) => {
  const usb = mkdtempSync(path.join(os.tmpdir(), 'desk-e2e-usb-'));
  try {
    await setupAndLoginSupervisor(page, desk.staffUrl);
    await openFromNav(page, '/hq');
    // After setup the journal holds the station's joining, not yet at headquarters.
    await expect(page.getByTestId('hq-last-seq')).toHaveText(persianDigits(1));
    await expect(page.getByTestId('hq-acked-seq')).toHaveText(persianDigits(0));
    await expect(page.getByTestId('hq-behind-entries')).toHaveText(persianDigits(1));

    // A folder that does not exist is refused with its Persian sentence; nothing is written.
    await expect(page.getByTestId('hq-export-folder')).toBeFocused();
    await page.keyboard.type(path.join(usb, 'missing'));
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('error-alert')).toContainText('این پوشه پیدا نشد');
    await page.getByTestId('hq-export-folder').fill(usb);
    await page.getByTestId('hq-export-folder').press('Enter');
    await expect(page.getByTestId('hq-export-done')).toBeVisible();
    const manifestName = readdirSync(usb).find((f) => f.endsWith('.manifest.json'))!;
    const batchId = manifestName.replace('.manifest.json', '');
    expect(batchId).toBe(`${SETUP_BRANCH.code}-0${SETUP_STATION}-1-1`);
    await expect(page.getByTestId('hq-export-done')).toContainText(batchId);
    expect(readdirSync(usb).sort()).toEqual([`${batchId}.jsonl`, `${batchId}.manifest.json`, `${batchId}.sig`]);
    await screenshot(page, 'hq');

    // Headquarters' acknowledgement comes back on the stick.
    const manifestBytes = readFileSync(path.join(usb, manifestName));
    const ack = {
      ackedAt: '2026-11-26T08:00:00.000Z',
      batchId,
      branch: SETUP_BRANCH.code,
      format: 'hq-ack/1',
      lastSeq: 1,
      manifestSha256: createHash('sha256').update(manifestBytes).digest('hex'),
      station: Number(SETUP_STATION),
    };
    const ackFile = path.join(usb, `ack-${SETUP_BRANCH.code}-0${SETUP_STATION}-1.json`);
    // A forged one first: the hash does not match the batch this station exported.
    writeFileSync(ackFile, JSON.stringify({ ...ack, manifestSha256: '0'.repeat(64) }));
    await page.getByTestId('hq-ack-file').setInputFiles(ackFile);
    await expect(page.getByTestId('hq-ack').getByTestId('error-alert')).toContainText('با هیچ دسته‌ای که این ایستگاه صادر کرده یکی نیست');
    writeFileSync(ackFile, JSON.stringify(ack));
    await page.getByTestId('hq-ack-file').setInputFiles(ackFile);
    await expect(page.getByTestId('hq-ack-done')).toContainText(persianDigits(1));
    await expect(page.getByTestId('hq-acked-seq')).toHaveText(persianDigits(1));
    await expect(page.getByTestId('hq-behind-entries')).toHaveText(persianDigits(0));
  } finally {
    rmSync(usb, { recursive: true, force: true });
  }
});

test('settings: the station registration slip shows the branch, the station, the key line and its fingerprint in groups of four', async ({ page, desk }) => {
  await setupAndLoginSupervisor(page, desk.staffUrl);
  await openFromNav(page, '/settings');
  const slip = page.getByTestId('station-slip');
  await expect(slip).toContainText(persianDigits(SETUP_BRANCH.code));
  const line = await page.getByTestId('station-slip-text').innerText();
  expect(line).toMatch(new RegExp(`^branch-desk-station/1;branch=${SETUP_BRANCH.code};station=0${SETUP_STATION};key=MCowBQYDK2VwAyEA[A-Za-z0-9+/]{43}=$`));
  const fingerprint = await page.getByTestId('station-fingerprint').getAttribute('data-value');
  expect(fingerprint).toMatch(/^(\d{4} ){8}\d{4}$/);
  expect(latinDigits(await page.getByTestId('station-fingerprint').innerText())).toBe(fingerprint);
  await screenshot(page, 'station-slip');
  await page.emulateMedia({ media: 'print' });
  await expectAccessible(page, 'station registration slip (print)');
});
