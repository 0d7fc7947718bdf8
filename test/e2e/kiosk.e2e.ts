import { readFileSync } from 'node:fs';
import { api, latinDigits, nationalCode, persianDigits, rawCall, registerCitizen } from './helpers/api';
import { requireChromium } from './helpers/browser-mode';
import { expect, test } from './helpers/desk-test';
import { expectAutofillOff, kioskLogin, openKiosk, readCaptcha, typeOnPersianLayout } from './helpers/kiosk-steps';
import { screenshot } from './helpers/screens';
import { parseResetSms, waitForSms } from './helpers/sms-file';
import { newClerkSession, setupAndLoginSupervisor } from './helpers/staff-steps';
import { expectAccessible } from './helpers/axe';

/**
 * The citizen kiosk (issue 4 item 11), the home screen and the daily report (item 3), in Chromium
 * against the real main-process services in browser mode on a fresh data folder.
 */
requireChromium();

const NEW_PASSWORD = 'Blue-Lake-7731';
const SMS_SENTENCE = 'کاربر گرامی برای درخواست شما به کد رهگیری ........ رمز ........ تخصیص داده شد.';

test('LOG-1 LOG-2 LOG-3 LOG-5: first kiosk login with the national code (Persian digits), forced change with keyboard warnings, the accesses granted', async ({ browser, desk, page }) => {
  await setupAndLoginSupervisor(page, desk.staffUrl);
  const code = nationalCode('004512378');
  await registerCitizen(page, { nationalCode: code, mobile: '09121112233', insuranceNumber: '1234567890' });

  const kiosk = await openKiosk(browser, desk.kioskUrl);
  await expect(kiosk.getByRole('heading', { level: 1 })).toHaveText('پیشخوان خدمات شهروند');
  // No way to the staff desk: no navigation at all.
  await expect(kiosk.getByRole('navigation')).toHaveCount(0);
  // LOG-1: the hint that the first password is the code itself.
  await expect(kiosk.getByTestId('kiosk-first-login-hint')).toContainText('رمز عبور همان کد ملی');
  await expect(kiosk.getByTestId('kiosk-username').locator('input')).toBeFocused();
  await expectAutofillOff(kiosk);
  await screenshot(kiosk, 'kiosk-login');

  // A wrong password is refused and the password field is emptied.
  await kioskLogin(kiosk, persianDigits(code), '12345678');
  await expect(kiosk.getByTestId('error-alert')).toHaveAttribute('data-code', 'INVALID_CREDENTIALS');
  await expect(kiosk.getByTestId('kiosk-password').locator('input')).toHaveValue('');

  // LOG-1: username and password are the national code, typed here in Persian digits.
  await kioskLogin(kiosk, persianDigits(code), persianDigits(code));

  // LOG-2: the change is mandatory; LOG-3: current, new, repeat.
  const change = kiosk.getByTestId('kiosk-change');
  await expect(change).toBeVisible();
  await expect(kiosk.getByTestId('kiosk-change-forced')).toBeVisible();
  await expect(kiosk.getByTestId('kiosk-password-rules')).toContainText('Caps Lock');
  await expect(kiosk.getByTestId('kiosk-current').locator('input')).toBeFocused();
  await expectAutofillOff(kiosk);

  // LOG-3: a Persian keyboard layout in a password field is pointed out at once.
  const next = kiosk.getByTestId('kiosk-next').locator('input');
  await next.focus();
  await expect(kiosk.getByTestId('keyboard-warning')).toHaveCount(0);
  await typeOnPersianLayout(kiosk, 'سلام');
  await expect(kiosk.getByTestId('keyboard-warning')).toBeVisible();
  await expect(kiosk.getByTestId('keyboard-warning')).toContainText('صفحه‌کلید فارسی');
  await screenshot(kiosk, 'kiosk-change');

  // The repeat must match: a field error, and nothing is sent.
  await kiosk.getByTestId('kiosk-current').locator('input').fill(persianDigits(code));
  await next.fill(NEW_PASSWORD);
  await kiosk.getByTestId('kiosk-repeat').locator('input').fill(NEW_PASSWORD + 'x');
  await kiosk.getByTestId('kiosk-repeat').locator('input').press('Enter');
  await expect(kiosk.getByTestId('kiosk-repeat')).toContainText('یکسان نیستند');
  await expect(change).toBeVisible();

  // The national code itself is not accepted as the new password (main's rule, shown as sent).
  await next.fill(code);
  await kiosk.getByTestId('kiosk-repeat').locator('input').fill(code);
  await kiosk.getByTestId('kiosk-repeat').locator('input').press('Enter');
  await expect(kiosk.getByTestId('error-alert')).toHaveAttribute('data-code', 'WEAK_PASSWORD');

  await next.fill(NEW_PASSWORD);
  await kiosk.getByTestId('kiosk-repeat').locator('input').fill(NEW_PASSWORD);
  await kiosk.getByTestId('kiosk-repeat').locator('input').press('Enter');

  // LOG-5: the general accesses, by their Persian names.
  await expect(kiosk.getByTestId('kiosk-done')).toBeVisible();
  await expect(kiosk.getByTestId('kiosk-done-message')).toContainText('رمز عبور با موفقیت تغییر کرد');
  await expect(kiosk.getByTestId('permission-issue_payment_slip')).toContainText('صدور برگهٔ پرداخت');
  await expect(kiosk.getByTestId('permission-receive_payment_receipt')).toContainText('دریافت رسید پرداخت');
  await expect(kiosk.getByTestId('kiosk-logout')).toBeFocused();
  await screenshot(kiosk, 'kiosk-done');

  // Logout clears the kiosk for the next person.
  await kiosk.getByTestId('kiosk-logout').press('Enter');
  await expect(kiosk.getByTestId('kiosk-login')).toBeVisible();
  await expect(kiosk.getByTestId('kiosk-username').locator('input')).toHaveValue('');
  expect((await rawCall(kiosk, 'portal:me', {}, 'kiosk')).body).toEqual({ ok: true, data: null });

  // LOG-2: the code no longer opens the account; the new password goes straight to the accesses.
  await kioskLogin(kiosk, code, code);
  await expect(kiosk.getByTestId('error-alert')).toHaveAttribute('data-code', 'INVALID_CREDENTIALS');
  await kioskLogin(kiosk, code, NEW_PASSWORD);
  await expect(kiosk.getByTestId('kiosk-done')).toBeVisible();
  await expect(kiosk.getByTestId('kiosk-permissions').getByRole('listitem')).toHaveCount(2);
  await kiosk.context().close();
});

test('the kiosk cannot open staff screens: / has no staff session, and staff channels are FORBIDDEN to a kiosk session', async ({ browser, desk }) => {
  const kiosk = await openKiosk(browser, desk.kioskUrl);

  // From the kiosk session, staff channels are refused by role, not merely by a missing login.
  const search = await rawCall(kiosk, 'accounts:search', { query: 'رحیمی' }, 'kiosk');
  expect(search.body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  const staffLogin = await rawCall(kiosk, 'staff:login', { username: 'sara.boss', password: 'whatever-1234' }, 'kiosk');
  expect(staffLogin.body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  const setup = await rawCall(kiosk, 'setup:state', {}, 'kiosk');
  expect(setup.body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

  // The staff address in the kiosk's browser: every call fails 401, no setup or login screen.
  const statuses: number[] = [];
  kiosk.on('response', (r) => {
    if (new URL(r.url()).pathname.startsWith('/api/')) statuses.push(r.status());
  });
  await kiosk.goto(desk.origin + '/');
  await expect(kiosk.getByTestId('session-error')).toBeVisible();
  await expect(kiosk.getByTestId('login-screen')).toHaveCount(0);
  await expect(kiosk.getByTestId('setup-screen')).toHaveCount(0);
  await expect.poll(() => statuses.length).toBeGreaterThan(0);
  expect(statuses.every((s) => s === 401)).toBe(true);
  await kiosk.context().close();
});

test('REC-1 REC-2 REC-3 REC-4 REC-5: self-service recovery explains the SMS, refuses a wrong security code, always answers the same, and the SMS password works', async ({ browser, desk, page }) => {
  await setupAndLoginSupervisor(page, desk.staffUrl);
  const code = nationalCode('007788990');
  const mobile = '09127654321';
  await registerCitizen(page, { nationalCode: code, mobile, insuranceNumber: '2234567890' });

  const kiosk = await openKiosk(browser, desk.kioskUrl);
  await kiosk.getByTestId('kiosk-forgot').click();
  const recover = kiosk.getByTestId('kiosk-recover');
  await expect(recover).toBeVisible();
  await expect(kiosk.getByTestId('recover-username').locator('input')).toBeFocused();
  await expectAutofillOff(kiosk);

  // REC-2: the SMS as it will arrive, with the tracking code and the password marked.
  await expect(kiosk.getByTestId('sms-sample')).toHaveText(SMS_SENTENCE);
  await expect(kiosk.getByTestId('recover-rec4')).toContainText('فقط رمزِ آخرین پیامک');
  await expect(kiosk.getByTestId('recover-rec3')).toContainText('دوباره درخواست دهید');
  const image = kiosk.getByTestId('captcha-image');
  await expect(image).toBeVisible();
  expect(await image.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth > 0)).toBe(true);
  await screenshot(kiosk, 'kiosk-recover');

  // The refresh button brings a new picture.
  const first = await image.getAttribute('src');
  await kiosk.getByTestId('captcha-refresh').click();
  await expect(image).not.toHaveAttribute('src', first!);

  // A wrong check digit is a field error; nothing is sent.
  const recoverCalls: string[] = [];
  kiosk.on('request', (r) => {
    if (r.url().endsWith('/kiosk-api/portal:recover')) recoverCalls.push(r.url());
  });
  const user = kiosk.getByTestId('recover-username').locator('input');
  const mob = kiosk.getByTestId('recover-mobile').locator('input');
  const cap = kiosk.getByTestId('recover-captcha').locator('input');
  await user.fill(code.slice(0, 9) + String((Number(code[9]) + 1) % 10));
  await mob.fill(persianDigits(mobile));
  await cap.fill('123456');
  await cap.press('Enter');
  await expect(kiosk.getByTestId('recover-username')).toContainText('رقم کنترل');
  expect(recoverCalls).toEqual([]);

  // A wrong security code (six digits never match a five-digit picture): refused, new picture.
  const before = await image.getAttribute('src');
  await user.fill(persianDigits(code));
  await cap.fill('123456');
  await cap.press('Enter');
  await expect(kiosk.getByTestId('error-alert')).toHaveAttribute('data-code', 'VERIFICATION_FAILED');
  await expect(kiosk.getByTestId('error-alert')).toContainText('کد امنیتی درست نیست');
  await expect(image).not.toHaveAttribute('src', before!);
  await expect(cap).toHaveValue('');
  await expect(cap).toBeFocused();

  // REC-1: a mobile that is not the registered one gets the same neutral answer (and no SMS).
  await mob.fill('09350000000');
  await cap.fill(await readCaptcha(kiosk, desk));
  await cap.press('Enter');
  const accepted = kiosk.getByTestId('recover-accepted');
  await expect(accepted).toBeVisible();
  await expectAccessible(kiosk, 'kiosk recovery: the request accepted');
  const neutral = await accepted.textContent();
  await kiosk.getByTestId('recover-again').click();

  // REC-1, REC-2: the registered mobile; the same answer, and an SMS with tracking code + password.
  await expect(kiosk.getByTestId('recover-username').locator('input')).toHaveValue('');
  await kiosk.getByTestId('recover-username').locator('input').fill(code);
  await kiosk.getByTestId('recover-mobile').locator('input').fill(mobile);
  await kiosk.getByTestId('recover-captcha').locator('input').fill(await readCaptcha(kiosk, desk));
  await kiosk.getByTestId('recover-captcha').locator('input').press('Enter');
  await expect(accepted).toHaveText(neutral!);
  const sms = await waitForSms(desk, (s) => s.to === mobile);
  const m = parseResetSms(sms.text);
  expect(m, sms.text).not.toBeNull();

  // REC-5: back to the login, the SMS password opens the account and must be changed (LOG-2).
  await kiosk.getByTestId('kiosk-back').click();
  await expect(kiosk.getByTestId('kiosk-login')).toBeVisible();
  await kioskLogin(kiosk, code, persianDigits(m!.password));
  await expect(kiosk.getByTestId('kiosk-change')).toBeVisible();
  await kiosk.context().close();
});

test('the kiosk clears itself after 90 s without input: warning, logout, empty login screen', async ({ browser, desk, page }) => {
  await setupAndLoginSupervisor(page, desk.staffUrl);
  const code = nationalCode('001122334');
  await registerCitizen(page, { nationalCode: code, mobile: '09123334455', insuranceNumber: '3234567890' });

  const kiosk = await openKiosk(browser, desk.kioskUrl, (p) => p.clock.install());
  // Someone types a username and walks away: the field is cleared too.
  await kiosk.getByTestId('kiosk-username').locator('input').fill(code);
  await kiosk.clock.fastForward(91_000);
  await expect(kiosk.getByTestId('kiosk-username').locator('input')).toHaveValue('');

  // Logged in and gone: a warning first, then logout and an empty login screen.
  await kioskLogin(kiosk, code, code);
  await expect(kiosk.getByTestId('kiosk-change')).toBeVisible();
  await kiosk.getByTestId('kiosk-current').locator('input').fill(code);
  await kiosk.clock.fastForward(80_000);
  await expect(kiosk.getByTestId('kiosk-idle-warning')).toBeVisible();
  await expectAccessible(kiosk, 'kiosk: the idle warning');
  await kiosk.clock.fastForward(11_000);
  await expect(kiosk.getByTestId('kiosk-login')).toBeVisible();
  await expect(kiosk.getByTestId('kiosk-idle-warning')).toBeHidden();
  await expect(kiosk.getByTestId('kiosk-username').locator('input')).toHaveValue('');
  await expect(kiosk.getByTestId('kiosk-password').locator('input')).toHaveValue('');
  await expect.poll(async () => (await rawCall(kiosk, 'portal:me', {}, 'kiosk')).body).toEqual({ ok: true, data: null });
  await kiosk.context().close();
});

test('REG-6 home shows today’s counts after a registration; the daily report lists it per clerk with the audit chain head, prints, and exports CSV with a BOM', async ({ browser, desk, page }) => {
  await setupAndLoginSupervisor(page, desk.staffUrl);

  // The home screen before anything happened today.
  await expect(page.getByTestId('home-screen')).toBeVisible();
  await expect(page.getByTestId('home-registrations').getByTestId('count')).toHaveText('۰');
  await expect(page.getByTestId('home-register')).toBeFocused();
  await expect(page.getByTestId('home-gateway')).toBeVisible();

  // A clerk at another counter registers two citizens.
  const counter = await newClerkSession(browser, desk, page);
  const clerk = counter.clerk;
  await registerCitizen(counter.page, { nationalCode: nationalCode('003344556'), mobile: '09125556677', insuranceNumber: '4234567890' });
  await registerCitizen(counter.page, { nationalCode: nationalCode('003344557'), mobile: '09125556678', insuranceNumber: '4234567891' });
  await counter.context.close();

  await page.reload();
  await expect(page.getByTestId('home-registrations').getByTestId('count')).toHaveText('۲');
  await expect(page.getByTestId('home-resets').getByTestId('count')).toHaveText('۰');
  await expect(page.getByTestId('home-identifiers').getByTestId('count')).toHaveText('۰');
  await expect(page.getByTestId('home-outbox').getByTestId('count')).toHaveText(/^[۰-۹]+$/);
  await screenshot(page, 'home');

  // The daily report (supervisor), opened from the home screen, defaults to main's today.
  await page.getByTestId('home-report').click();
  await expect(page.getByTestId('report-screen')).toBeVisible();
  const table = page.getByTestId('report-table');
  const row = table.getByRole('row').filter({ hasText: clerk.displayName }).filter({ hasText: 'ثبت نام حساب' });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('۲');
  // Staff logins and setup are there too, by their Persian names; no raw action codes.
  await expect(table).toContainText('ورود کارمند');
  await expect(table).not.toContainText('account.registered');
  // Issue 13: the issuing station (this counter's) and the registrations per station.
  await expect(page.getByTestId('report-station')).toContainText(/ایستگاه صادرکننده: شعبهٔ [۰-۹]{4}، ایستگاه [۰-۹]+/);
  await expect(page.getByTestId('report-station-row')).toHaveCount(1);
  await expect(page.getByTestId('report-station-row')).toContainText('۲');

  // The chain head shown is main's (nothing is audited in between: reading a report is not).
  await expect(page.getByTestId('report-chain-hash')).toHaveText(/^[0-9A-Za-z+/=_-]{16,}$/);
  const shown = { lastId: Number(latinDigits((await page.getByTestId('report-chain-id').textContent())!)), lastHash: await page.getByTestId('report-chain-hash').textContent() };
  const today = await api<{ day: string }>(page, 'reports:today', {});
  const daily = await api<{ chainHead: { lastId: number; lastHash: string } }>(page, 'reports:daily', { day: today.day });
  expect(shown).toEqual(daily.chainHead);
  await screenshot(page, 'report');

  // CSV: a UTF-8 BOM for Excel, one line per actor and action, the chain head.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-csv').click()]);
  expect(download.suggestedFilename()).toBe(`daily-report-${today.day}.csv`);
  const bytes = readFileSync(await download.path());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const csv = bytes.toString('utf8');
  expect(csv).toMatch(new RegExp(`${clerk.displayName} \\(${clerk.username.replace('.', '\\.')}\\),account\\.registered,ثبت نام حساب,2\\r\\n`));
  expect(csv).toContain('سر زنجیره,');
  expect(csv).toMatch(/^\uFEFFایستگاه صادرکننده,شعبهٔ [0-9]{4}، ایستگاه [0-9]+\r\n/);
  expect(csv).toMatch(/\r\n[0-9]{4},[0-9]+,2,0\r\n/);

  // Print: no chrome and no interactive grid; a plain table and the chain head instead.
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByTestId('report-table')).toBeHidden();
  await expect(page.getByRole('navigation')).toBeHidden();
  await expect(page.getByTestId('report-print-table')).toBeVisible();
  await expect(page.getByTestId('report-print-table')).toContainText(clerk.displayName);
  await expect(page.getByTestId('report-chain-head')).toBeVisible();
  await expect(page.getByTestId('report-station')).toBeVisible();
  await expect(page.getByTestId('report-stations')).toBeVisible();
  await screenshot(page, 'report-print');
  await page.emulateMedia({ media: 'screen' });
});
