import { type Page } from '@playwright/test';
import path from 'node:path';
import sqlite3 from 'sqlite3';
import { persianDigits, rawCall } from './helpers/api';
import { requireChromium, type BrowserMode } from './helpers/browser-mode';
import { expect, test } from './helpers/desk-test';
import { screenshot } from './helpers/screens';
import { login, openCounter, openFromNav, setupAndLoginSupervisor, SUPERVISOR } from './helpers/staff-steps';
import { expectAccessible } from './helpers/axe';

/**
 * The supervisor's screens in Chromium against the real services (browser mode, fresh data
 * folder each test): staff (issue 4 item 9), settings (item 10, REG-1), audit log (item 8, REG-6).
 */
requireChromium();

const CLERK = { username: 'reza.clerk', displayName: 'رضا باجه‌دار', password: 'Clerk-Own-1405!' } as const;
const SUPERVISOR_ROUTES = ['/identifiers', '/audit', '/report', '/staff', '/stations', '/settings', '/hq'];

/** Someone with the database file edits it behind the app's back (dropping the append-only trigger first). */
function tamperDatabase(d: BrowserMode, sql: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(path.join(d.dataDir, 'desk.sqlite'));
    db.exec(`DROP TRIGGER IF EXISTS audit_log_no_update; ${sql};`, (err) => db.close(() => (err ? reject(err) : resolve())));
  });
}

function staffRow(page: Page, username: string) {
  return page.getByTestId('staff-grid').getByRole('row').filter({ hasText: username });
}

test('staff: a supervisor adds a clerk; the temporary password is shown once and must be changed at first login; the clerk gets no supervisor screen', async ({
  page,
  browser,
  desk,
}) => {
  await setupAndLoginSupervisor(page, desk.staffUrl);
  await openFromNav(page, '/staff');
  await expect(staffRow(page, SUPERVISOR.username)).toContainText('سرپرست');

  // Keyboard only: the add button has focus, Enter opens the form with its first field focused.
  await expect(page.getByTestId('staff-add')).toBeFocused();
  await page.keyboard.press('Enter');
  const add = page.getByTestId('add-staff-dialog');
  await expect(add.locator('input[name="displayName"]')).toBeFocused();
  await page.keyboard.type(CLERK.displayName);
  await page.keyboard.press('Tab');
  await expect(add.locator('input[name="username"]')).toBeFocused();
  // A bad username is refused beside the field, before anything is sent.
  await page.keyboard.type('a b');
  await page.keyboard.press('Enter');
  await expect(add).toContainText('نام کاربری کارمند باید');
  await add.locator('input[name="username"]').fill(CLERK.username);
  // The supervisor types the temporary password (a common one is refused) and hands it over.
  const temporary = 'Hand-Over-1405';
  await add.getByTestId('staff-temporary-password').fill('password');
  await add.getByTestId('staff-temporary-password').press('Enter');
  await expect(add.getByTestId('error-alert')).toBeVisible();
  await add.getByTestId('staff-temporary-password').fill(temporary);
  await screenshot(page, 'staff', { dialog: true });
  await add.getByTestId('staff-temporary-password').press('Enter');
  await expect(add).toHaveCount(0);
  await expect(page.getByTestId('snackbar')).toContainText(CLERK.username);
  // Nothing on the page shows a password.
  await expect(page.getByText(temporary)).toHaveCount(0);
  const row = staffRow(page, CLERK.username);
  await expect(row).toContainText('کارمند باجه');
  await expect(row.getByTestId('flag-must-change')).toBeVisible();
  await screenshot(page, 'staff-list');

  // The clerk, at another counter, logs in with it and can do nothing before changing it.
  const clerk = await openCounter(browser, desk);
  await login(clerk, CLERK.username, temporary);
  const change = clerk.getByTestId('change-password-screen');
  await expect(change).toBeVisible();
  await expect(clerk.locator('nav')).toHaveCount(0);
  const restricted = await rawCall(clerk, 'reference:groups', {});
  expect(restricted.body.error?.code).toBe('PASSWORD_CHANGE_REQUIRED');
  await screenshot(clerk, 'change-password');
  await change.locator('input[name="current"]').fill(temporary);
  await change.locator('input[name="next"]').fill(CLERK.password);
  await change.locator('input[name="repeat"]').fill(CLERK.password);
  await change.locator('input[name="repeat"]').press('Enter');
  await expect(change).toHaveCount(0);
  await expect(clerk.getByTestId('current-user')).toContainText(CLERK.displayName);

  // No supervisor screen in the clerk's navigation; the address alone shows the forbidden text.
  await expect(clerk.getByTestId('nav-/register')).toBeVisible();
  for (const route of SUPERVISOR_ROUTES) await expect(clerk.getByTestId(`nav-${route}`)).toHaveCount(0);
  await clerk.evaluate(() => (location.hash = '#/staff'));
  await expect(clerk.getByTestId('forbidden')).toBeVisible();
  await expect(clerk.getByTestId('staff-grid')).toHaveCount(0);

  // A direct call from the clerk's page is refused by main, whatever the UI shows.
  for (const channel of ['staff:list', 'settings:get', 'audit:list', 'reference:set-group-open']) {
    const input = channel === 'reference:set-group-open' ? { groupId: 1, open: false } : {};
    const r = await rawCall(clerk, channel, input);
    expect(r.body.ok, channel).toBe(false);
    expect(r.body.error?.code, channel).toBe('FORBIDDEN');
  }

  // The supervisor's list now shows the clerk without the pending change.
  await page.reload();
  await expect(staffRow(page, CLERK.username).getByTestId('flag-must-change')).toHaveCount(0);
  await clerk.context().close();
});

test('staff: unlock after lockout, a new temporary password, disable and enable; the last supervisor cannot be disabled', async ({ page, browser, desk }) => {
  await setupAndLoginSupervisor(page, desk.staffUrl);
  const firstTemporary = 'Hand-Over-1405';
  const created = await rawCall(page, 'staff:create', { username: CLERK.username, displayName: CLERK.displayName, role: 'clerk', temporaryPassword: firstTemporary });
  expect(created.body.ok).toBe(true);
  expect(JSON.stringify(created.body)).not.toContain(firstTemporary);

  // Five wrong passwords at another counter lock the clerk out.
  const clerk = await openCounter(browser, desk);
  await expect(clerk.getByTestId('login-screen')).toBeVisible();
  let last = '';
  for (let i = 0; i < 5; i++) last = (await rawCall(clerk, 'staff:login', { username: CLERK.username, password: 'wrong-pass-1' })).body.error!.code;
  expect(last).toBe('ACCOUNT_LOCKED');

  await openFromNav(page, '/staff');
  const row = staffRow(page, CLERK.username);
  await expect(row.getByTestId('flag-locked')).toBeVisible();
  await row.getByTestId('staff-unlock').click();
  await expect(page.getByTestId('snackbar')).toContainText('باز شد');
  await expect(row.getByTestId('flag-locked')).toHaveCount(0);

  // A new temporary password typed by the supervisor: the old one no longer works, the new one does.
  await row.getByTestId('staff-reset-password').click();
  const second = 'Fresh-Start-1405';
  const dialog = page.getByTestId('reset-staff-dialog');
  await expect(dialog).toContainText(CLERK.displayName);
  await expect(dialog.getByTestId('staff-temporary-password')).toBeFocused();
  await page.keyboard.type(second);
  await page.keyboard.press('Enter');
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('snackbar')).toContainText(CLERK.username);
  expect((await rawCall(clerk, 'staff:login', { username: CLERK.username, password: firstTemporary })).body.error?.code).toBe('INVALID_CREDENTIALS');
  expect((await rawCall(clerk, 'staff:login', { username: CLERK.username, password: second })).body.ok).toBe(true);

  // Disable: the clerk's correct password is then refused; enable lets them in again.
  await row.getByTestId('staff-disable').click();
  await expect(page.getByTestId('staff-confirm')).toContainText(CLERK.displayName);
  await expectAccessible(page, 'staff: the disable confirmation');
  await page.getByTestId('staff-confirm-ok').click();
  await expect(row.getByTestId('flag-disabled')).toBeVisible();
  expect((await rawCall(clerk, 'staff:login', { username: CLERK.username, password: second })).body.error?.code).toBe('STAFF_DISABLED');
  await row.getByTestId('staff-enable').click();
  await expect(row.getByTestId('flag-disabled')).toHaveCount(0);
  expect((await rawCall(clerk, 'staff:login', { username: CLERK.username, password: second })).body.ok).toBe(true);

  // The only supervisor cannot disable themselves: main's LAST_SUPERVISOR refusal is shown.
  const me = staffRow(page, SUPERVISOR.username);
  await me.getByTestId('staff-disable').click();
  await page.getByTestId('staff-confirm-ok').click();
  await expect(page.getByTestId('error-alert')).toHaveAttribute('data-code', 'LAST_SUPERVISOR');
  await expect(page.getByTestId('error-alert')).toContainText('آخرین سرپرست');
  await expect(me.getByTestId('flag-disabled')).toHaveCount(0);
  await clerk.context().close();
});

test('settings REG-1: a supervisor closes an insurance group and it stays closed; other settings save with Persian digits', async ({ page, desk }) => {
  await setupAndLoginSupervisor(page, desk.staffUrl);
  await openFromNav(page, '/settings');

  const voluntary = page.getByTestId('group-VOLUNTARY');
  await expect(voluntary).toHaveAttribute('data-open', 'true');
  await expect(page.getByTestId('group-DRIVERS')).toHaveAttribute('data-open', 'false');
  await voluntary.getByTestId('group-switch').press('Space');
  await expect(page.getByTestId('snackbar')).toContainText('بسته شد');
  await expect(voluntary).toHaveAttribute('data-open', 'false');
  await expect(voluntary.getByTestId('group-state')).toHaveText('بسته');

  // It is main's state, not the screen's: after a reload, and for the register screen's list.
  await page.reload();
  await expect(page.getByTestId('group-VOLUNTARY')).toHaveAttribute('data-open', 'false');
  const groups = (await rawCall(page, 'reference:groups', {})).body.data as Array<{ id: number; code: string; registrationOpen: boolean }>;
  expect(groups.find((g) => g.code === 'VOLUNTARY')?.registrationOpen).toBe(false);
  // REG-1 itself: main refuses a registration in the closed group.
  const [branch] = (await rawCall(page, 'reference:branches', { query: '' })).body.data as Array<{ id: number }>;
  const refused = await rawCall(page, 'accounts:register', {
    kind: 'citizen',
    nationalCode: '0012345679',
    termsAccepted: true,
    termsVersion: '1',
    idDocument: { type: 'national_card', number: '0012345679' },
    branchId: branch!.id,
    insuranceGroupId: groups.find((g) => g.code === 'VOLUNTARY')!.id,
    insuranceNumber: '1234567890',
  });
  expect(refused.body.error?.code).toBe('GROUP_CLOSED');
  await screenshot(page, 'settings');

  // A number out of the contract's range is refused beside the field and nothing is sent.
  const idle = page.getByTestId('setting-idleLockMinutes');
  await idle.fill('۵۰۰');
  await page.getByTestId('general-settings').getByRole('button', { name: 'ذخیرهٔ تنظیمات' }).click();
  await expect(page.getByTestId('general-settings')).toContainText('عددی صحیح از ۱ تا ۲۴۰ وارد کنید.');
  // Persian digits are accepted; Enter saves.
  await idle.fill('۱۵');
  await page.getByTestId('setting-resetDailyCap').fill('3');
  await page.getByTestId('setting-resetDailyCap').press('Enter');
  await expect(page.getByTestId('snackbar')).toContainText('تنظیمات ذخیره شد');
  const saved = (await rawCall(page, 'settings:get', {})).body.data as { idleLockMinutes: number; resetDailyCap: number; resetCooldownSeconds: number };
  expect(saved).toMatchObject({ idleLockMinutes: 15, resetDailyCap: 3, resetCooldownSeconds: 120 });
  await page.reload();
  await expect(page.getByTestId('setting-idleLockMinutes')).toHaveValue('۱۵');

  // Only the changed settings are sent, so the audit entry names exactly them.
  const audited = (await rawCall(page, 'audit:list', { action: 'settings.updated' })).body.data as { items: Array<{ details: string }> };
  expect(JSON.parse(audited.items[0]!.details)).toEqual({ keys: 'idleLockMinutes,resetDailyCap' });
});

test('settings: a branch CSV with a bad line shows the line error and imports nothing; a good one imports with its count', async ({ page, desk }) => {
  await setupAndLoginSupervisor(page, desk.staffUrl);
  await openFromNav(page, '/settings');

  const input = page.getByTestId('branch-csv-input');
  const bad = 'code,name,province\n8101,شعبهٔ آزمایشی قم,قم\n81x2,شعبهٔ بد,قم\n';
  await input.setInputFiles({ name: 'branches-bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad, 'utf8') });
  const errors = page.getByTestId('branch-import-errors');
  await expect(errors).toBeVisible();
  await expect(errors).toContainText('هیچ شعبه‌ای وارد نشد');
  const errorRow = errors.getByRole('row').filter({ has: page.locator('[data-code="BRANCH_CODE_FORMAT"]') });
  await expect(errorRow).toContainText('۳');
  await expect(errorRow).toContainText('کد شعبه باید ۴ رقم باشد');
  const found = (await rawCall(page, 'reference:branches', { query: 'آزمایشی' })).body.data as unknown[];
  expect(found).toEqual([]);
  await screenshot(page, 'settings-import-errors');
  await expectAccessible(page, 'settings: branch import errors');

  const good = 'code,name,province\n8101,شعبهٔ آزمایشی قم,قم\n8102,شعبهٔ آزمایشی کاشان,اصفهان\n';
  await input.setInputFiles({ name: 'branches.csv', mimeType: 'text/csv', buffer: Buffer.from(good, 'utf8') });
  await expect(page.getByTestId('snackbar')).toContainText('۲ شعبه وارد شد');
  await expect(errors).toHaveCount(0);
  const imported = (await rawCall(page, 'reference:branches', { query: 'آزمایشی' })).body.data as Array<{ code: string }>;
  expect(imported.map((b) => b.code).sort()).toEqual(['8101', '8102']);
});

test('audit REG-6: the log lists who did what with Persian names, pages in main, filters by action, and "verify chain" says ok', async ({ page, desk }) => {
  await setupAndLoginSupervisor(page, desk.staffUrl);
  expect((await rawCall(page, 'staff:create', { username: CLERK.username, displayName: CLERK.displayName, role: 'clerk', temporaryPassword: 'Hand-Over-1405' })).body.ok).toBe(true);
  // Enough audited changes for a second page (each group switch is one entry).
  for (let i = 0; i < 24; i++) {
    expect((await rawCall(page, 'reference:set-group-open', { groupId: 4, open: i % 2 === 0 })).body.ok).toBe(true);
  }
  const total = ((await rawCall(page, 'audit:list', {})).body.data as { total: number }).total;
  expect(total).toBeGreaterThan(25);

  await openFromNav(page, '/audit');
  const action = page.getByTestId('audit-filters').locator('input[name="action"]');
  await expect(action).toBeFocused();
  const grid = page.getByTestId('audit-grid');
  await expect(page.getByTestId('audit-total')).toHaveText(`${persianDigits(total)} رویداد`);
  // Newest first: who (the supervisor), what in Persian, and readable details.
  const created = grid.getByRole('row').filter({ hasText: 'افزودن کارمند' });
  await expect(created).toContainText(SUPERVISOR.username);
  // A Latin username inside Persian text is kept apart by a bidi isolate (FSI … PDI), issue 12 item 4.
  await expect(created).toContainText(`نام کاربری: \u2068${CLERK.username}\u2069`);
  await expect(created).toContainText('نقش: کارمند باجه');
  await expect(grid).toContainText(`۱–۲۵ از ${persianDigits(total)}`);

  // Server-side paging: the next page comes from main, with the oldest entry (setup) on it.
  await grid.getByRole('button', { name: 'رفتن به صفحه‌ی بعدی' }).click();
  await expect(grid).toContainText(`۲۶–${persianDigits(total)} از ${persianDigits(total)}`);
  await expect(grid.getByRole('row').filter({ hasText: 'راه‌اندازی اولیه' })).toBeVisible();
  await expect(grid.getByRole('row').filter({ hasText: 'ورود کارمند' }).first()).toContainText(SUPERVISOR.username);

  // "Verify chain": main walks the HMAC chain and answers ok, the count and the head.
  await page.getByTestId('audit-verify-button').click();
  const result = page.getByTestId('audit-verify-result');
  await expect(result).toHaveAttribute('data-ok', 'true');
  await expect(result).toContainText('زنجیره سالم است');
  await expect(page.getByTestId('audit-chain-head')).toHaveText(/^[0-9a-f]{64}$/);
  const verified = (await rawCall(page, 'audit:verify', {})).body.data as { entries: number; head: string };
  await expect(result).toContainText(persianDigits(verified.entries));
  await expect(page.getByTestId('audit-chain-head')).toHaveText(verified.head);

  // Filter by action, chosen from the Persian list by keyboard; Enter applies it.
  await action.fill('افزودن کار');
  await action.press('ArrowDown');
  await action.press('Enter');
  await expect(action).toHaveValue('افزودن کارمند');
  await action.press('Enter');
  await expect(page.getByTestId('audit-total')).toHaveText('۱ رویداد');
  await expect(grid.getByRole('row').filter({ hasText: 'افزودن کارمند' })).toHaveCount(1);
  await screenshot(page, 'audit');

  // An entry rewritten behind the app's back: "verify chain" names it and says why, in Persian.
  await tamperDatabase(desk, `UPDATE audit_log SET details = '{"role":"supervisor","username":"reza.clerk"}' WHERE action = 'staff.created'`);
  const forged = ((await rawCall(page, 'audit:list', { action: 'staff.created' })).body.data as { items: Array<{ id: number }> }).items[0]!.id;
  await page.getByTestId('audit-verify-button').click();
  await expect(result).toHaveAttribute('data-ok', 'false');
  await expect(result).toContainText(`زنجیره در رویداد ردیف ${persianDigits(forged)} شکسته است`);
  await expect(result).toContainText('محتوای رویداد پس از ثبت تغییر کرده است');
  await expect(result).toContainText(`${persianDigits(forged - 1)} رویداد پیش از آن سالم بود`);
  await expect(grid.getByRole('row').filter({ hasText: 'افزودن کارمند' })).toContainText('نقش: سرپرست');
  await screenshot(page, 'audit-broken');
  await expectAccessible(page, 'audit: a broken chain');
});
