import { api, configureUnreachableSmpp, nationalCode, persianDigits, registerCitizen } from './helpers/api';
import { expectAccessible } from './helpers/axe';
import { requireChromium, startBrowserMode, type BrowserMode } from './helpers/browser-mode';
import { expect, test } from './helpers/desk-test';
import { openKiosk } from './helpers/kiosk-steps';
import { openScreen, setupAndLoginSupervisor } from './helpers/staff-steps';

/**
 * Issue 12 item 4: what a clerk reads is Persian — an SMS that did not go says why in Persian,
 * with the gateway's technical text kept in a tooltip reached by keyboard too; the audit log's
 * details name every key and value in Persian with Persian digits; numbers typed into the form
 * show in Persian digits while main receives ASCII digits.
 */
requireChromium();

let live: BrowserMode | undefined;
test.afterEach(async () => {
  const d = live;
  live = undefined;
  await d?.stop();
});

test('an outbox error says why in Persian («cannot reach the gateway»), the technical text in a tooltip that the keyboard opens', async ({ page }) => {
  // Not training: the training file would take the SMS; the configured gateway must fail for real.
  live = await startBrowserMode({ training: false });
  await setupAndLoginSupervisor(page, live.staffUrl);
  // An SMPP gateway nobody listens on: the test SMS waits in the outbox with the adapter's error.
  await configureUnreachableSmpp(page);
  await api(page, 'sms:test', { to: '09121234567' });

  await openScreen(page, '/outbox');
  const table = page.getByTestId('outbox-table');
  const reason = table.getByTestId('outbox-error');
  await expect(reason).toHaveAttribute('data-kind', 'unreachable');
  await expect(reason).toHaveText('دسترسی به درگاه پیامک ممکن نشد');
  // No Latin on the screen itself: the technical text is not shown until asked for.
  await expect(table).not.toContainText('ECONNREFUSED');
  await expect(table).not.toContainText('SMPP');

  // Reached with Tab alone (from the refresh button), it opens the tooltip with the technical text.
  await page.getByTestId('outbox-refresh').focus();
  let reached = false;
  for (let i = 0; i < 30 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await reason.evaluate((e) => e === document.activeElement);
  }
  expect(reached, 'the error reason is reachable by Tab').toBe(true);
  const tip = page.getByRole('tooltip');
  await expect(tip).toContainText('ECONNREFUSED');
  await expect(tip.getByTestId('outbox-error-text')).toHaveText(/^SMPP cannot reach 127\.0\.0\.1:\d+: ECONNREFUSED$/);
  await expect(reason).toHaveAttribute('aria-describedby', /.+/);
  await expectAccessible(page, 'outbox with a failed message and its tooltip open');
  await page.keyboard.press('Escape');
  await expect(tip).toHaveCount(0);
});

test('audit details read in Persian: no raw key or value, the system named «سامانه», masked mobiles and codes in Persian digits', async ({ desk, page }) => {
  await setupAndLoginSupervisor(page, desk.staffUrl);
  // Entries a clerk ran into: a registration (kind, group, branch code), a test SMS (masked
  // mobile, gateway) and its sending (purpose, attempts), a settings change (keys).
  await registerCitizen(page, { nationalCode: nationalCode('004455667'), insuranceNumber: '8234567891', mobile: '09121117788' });
  await api(page, 'sms:test', { to: '09351112233' });
  await api(page, 'settings:update', { idleLockMinutes: 12 });

  await openScreen(page, '/audit');
  const grid = page.getByTestId('audit-grid');
  await expect(grid.locator('[data-action="sms.test"]')).toBeVisible();
  await expect(grid.locator('[data-action="sms.sent"]').first()).toBeVisible();
  const details = grid.locator('.MuiDataGrid-cell[data-field="details"]');
  const texts = await details.allInnerTexts();
  expect(texts.length).toBeGreaterThan(4);
  for (const text of texts) {
    expect(text, 'no Latin word in the details').not.toMatch(/[A-Za-z]{2,}/);
    expect(text, 'no Latin digit in the details').not.toMatch(/[0-9]/);
  }
  await expect(details.filter({ hasText: 'گیرنده' }).first()).toContainText(persianDigits('0935'));
  await expect(details.filter({ hasText: 'کاربرد: آزمایشی' }).first()).toBeVisible();
  await expect(details.filter({ hasText: 'نوع: شهروند ایرانی' }).first()).toBeVisible();
  const actors = grid.locator('.MuiDataGrid-cell[data-field="actorName"]');
  await expect(actors.filter({ hasText: 'سامانه' }).first()).toBeVisible();
  expect((await actors.allInnerTexts()).filter((a) => /system/.test(a))).toEqual([]);
});

test('numbers typed into the register form show in Persian digits; main receives ASCII digits', async ({ desk, page }) => {
  await setupAndLoginSupervisor(page, desk.staffUrl);
  const checks: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/api/accounts:check-duplicate')) checks.push(r.postData() ?? '');
  });
  await openScreen(page, '/register');
  const form = page.getByTestId('register-form');
  const code = form.getByTestId('code-field').locator('input');
  const free = nationalCode('004455668');
  await code.pressSequentially(free, { delay: 20 });
  await expect(code).toHaveValue(persianDigits(free));
  await expect(form.getByTestId('code-check')).toHaveAttribute('data-state', 'ok');
  expect(checks.map((c) => JSON.parse(c))).toEqual([{ username: free }]);

  // The caret stays where the typing was: a digit put in the middle lands there.
  const mobile = form.locator('input[name="mobile"]');
  await mobile.pressSequentially('091217788');
  await mobile.press('ArrowLeft');
  await mobile.press('ArrowLeft');
  await mobile.press('ArrowLeft');
  await mobile.press('ArrowLeft');
  await mobile.pressSequentially('11');
  await expect(mobile).toHaveValue(persianDigits('09121117788'));
  const documentNumber = form.getByTestId('document-number').locator('input');
  await documentNumber.fill('0012345679');
  await expect(documentNumber).toHaveValue(persianDigits('0012345679'));
  const insurance = form.locator('input[name="insuranceNumber"]');
  await insurance.fill('۸۲۳۴۵67891');
  await expect(insurance).toHaveValue(persianDigits('8234567891'));
});

test('numbers typed anywhere else show in Persian digits too: the search box, settings numbers, the test SMS, the kiosk', async ({ browser, desk, page }) => {
  await setupAndLoginSupervisor(page, desk.staffUrl);
  const searches: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/api/accounts:search')) searches.push(r.postData() ?? '');
  });

  // The search box: what is shown is Persian, what main searches for is ASCII.
  await openScreen(page, '/lookup');
  const query = page.getByTestId('lookup-query');
  await query.fill('0012345678');
  await expect(query).toHaveValue(persianDigits('0012345678'));
  await query.press('Enter');
  await expect(page.getByTestId('lookup-kind')).toBeVisible();
  expect(searches.map((b) => JSON.parse(b) as { query: string }).map((b) => b.query)).toContain('0012345678');

  // A number in the settings and the test SMS's recipient.
  await openScreen(page, '/settings');
  const idle = page.getByTestId('setting-idleLockMinutes');
  await idle.fill('12');
  await expect(idle).toHaveValue('۱۲');
  const to = page.getByTestId('gateway-test-to');
  await to.fill('09121234567');
  await expect(to).toHaveValue(persianDigits('09121234567'));

  // The kiosk: the username (a national code) and the recovery form's mobile and security code.
  const kiosk = await openKiosk(browser, desk.kioskUrl);
  const username = kiosk.getByTestId('kiosk-username').locator('input');
  await username.fill('0012345678');
  await expect(username).toHaveValue(persianDigits('0012345678'));
  await kiosk.getByTestId('kiosk-forgot').click();
  await expect(kiosk.getByTestId('kiosk-recover')).toBeVisible();
  const mobile = kiosk.getByTestId('recover-mobile').locator('input');
  await mobile.fill('09127654321');
  await expect(mobile).toHaveValue(persianDigits('09127654321'));
  const captcha = kiosk.getByTestId('recover-captcha').locator('input');
  await captcha.fill('12345');
  await expect(captcha).toHaveValue(persianDigits('12345'));
  await kiosk.context().close();
});

test('settings and the audit log show a supervisor no Latin: groups by Persian name only, no raw JSON on hover, branch-import errors without their codes', async ({ desk, page }) => {
  await setupAndLoginSupervisor(page, desk.staffUrl);
  await api(page, 'settings:update', { idleLockMinutes: 12 });
  await openScreen(page, '/settings');

  // Settings → Groups: each insurance group by its Persian name; its code is no text on screen.
  const groups = page.getByTestId('groups-panel');
  const mandatory = groups.getByTestId('group-MANDATORY');
  await expect(mandatory).toContainText('بیمه‌شدگان اجباری');
  expect(await groups.innerText(), 'no Latin in the groups panel').not.toMatch(/[A-Za-z]/);

  // The branch import's error table: the Persian message; the stable code only as data, as every refusal on screen carries it.
  const bad = 'code,name,province\n8101,شعبهٔ آزمایشی قم,قم\n81x2,شعبهٔ بد,قم\n';
  await page.getByTestId('branch-csv-input').setInputFiles({ name: 'branches-bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad, 'utf8') });
  const errors = page.getByTestId('branch-import-errors');
  await expect(errors.locator('[data-code="BRANCH_CODE_FORMAT"]')).toHaveText('کد شعبه باید ۴ رقم باشد.');
  expect(await errors.innerText(), 'no Latin word in the import errors').not.toMatch(/[A-Za-z]{2,}/);

  // The audit log: a hover text only repeats what its cell shows — never the recorded JSON or action name.
  await openScreen(page, '/audit');
  const grid = page.getByTestId('audit-grid');
  await expect(grid.locator('[data-action="settings.updated"]')).toBeVisible();
  const changed = grid.locator('.MuiDataGrid-row').filter({ has: page.locator('[data-action="settings.updated"]') });
  await expect(changed.locator('[data-field="details"]')).toContainText('تنظیمات تغییرکرده');
  const hovers = await grid.locator('[title]').evaluateAll((els) => els.map((e) => ({ title: e.getAttribute('title'), shown: (e.textContent ?? '').trim() })));
  expect(hovers.filter((h) => h.title !== h.shown), 'hover texts that are not what the cell shows').toEqual([]);
});
