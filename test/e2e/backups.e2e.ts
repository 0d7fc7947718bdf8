import { expect, test } from '@playwright/test';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT, requireChromium, startBrowserMode, type BrowserMode } from './helpers/browser-mode';
import { openFromNav, setupAndLoginSupervisor } from './helpers/staff-steps';
import { expectAccessible } from './helpers/axe';

/**
 * Backups through the supervisor's screen in Chromium against the real services: the status is
 * amber until a folder and a passphrase are set, a backup made from the screen appears in the
 * list and on disk, and the status bar turns green.
 */
requireChromium();

const SCREENS_DIR = path.join(REPO_ROOT, 'test-results', 'screens');
let desk: BrowserMode | undefined;
let folder: string | undefined;

test.afterEach(async () => {
  const d = desk;
  desk = undefined;
  await d?.stop();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

test('Backups: a supervisor sets the folder and the passphrase, makes a backup, and the status bar shows its age', async ({ page }) => {
  desk = await startBrowserMode();
  folder = mkdtempSync(path.join(os.tmpdir(), 'desk-e2e-backups-'));
  await setupAndLoginSupervisor(page, desk.staffUrl);
  await expect(page.getByTestId('status-backup')).toHaveAttribute('data-state', 'not-configured');
  await openFromNav(page, '/backups');
  const screen = page.getByTestId('backups-screen');
  await expect(screen).toBeVisible();

  // A relative folder is refused beside the field; an absolute one is saved.
  const folderInput = page.getByTestId('setting-backupFolder');
  await folderInput.fill('backups');
  await folderInput.press('Enter');
  await expect(folderInput).toHaveAttribute('aria-invalid', 'true');
  await folderInput.fill(folder);
  await folderInput.press('Enter');
  await expect(page.getByTestId('snackbar')).toContainText('تنظیمات پشتیبان ذخیره شد');
  await expect(page.getByTestId('backups-status')).toHaveAttribute('data-state', 'no-passphrase');

  const pass = page.getByTestId('backup-passphrase-input');
  await pass.fill('branch backup passphrase 1405');
  await page.getByTestId('backup-passphrase-repeat').fill('branch backup passphrase 1405');
  await page.getByTestId('backup-passphrase-repeat').press('Enter');
  await expect(page.getByTestId('backup-passphrase-state')).toHaveAttribute('data-set', 'true');
  await expect(page.getByTestId('backups-status')).toHaveAttribute('data-state', 'stale');

  await page.getByTestId('backups-run').click();
  await expect(page.getByTestId('snackbar')).toContainText('پشتیبان نوشته شد');
  await expect(page.getByTestId('backup-row')).toHaveCount(1);
  await expect(page.getByTestId('backup-row').first()).toHaveAttribute('data-state', 'ok');
  await expect(page.getByTestId('backups-status')).toHaveAttribute('data-state', 'ok');
  await expect(page.getByTestId('status-backup')).toHaveAttribute('data-state', 'ok');
  expect(readdirSync(folder).filter((n) => n.endsWith('.deskbak'))).toHaveLength(1);
  await expectAccessible(page, 'backups with a backup listed');

  mkdirSync(SCREENS_DIR, { recursive: true });
  await screen.screenshot({ path: path.join(SCREENS_DIR, 'backups.png') });
});
