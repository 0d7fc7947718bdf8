import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { openFirstResult, requestCounterReset, searchAccounts } from './helpers/account-steps';
import { api, nationalCode, registerCitizen, type Applicant } from './helpers/api';
import { expectAccessible } from './helpers/axe';
import { requireChromium, startBrowserMode, type BrowserMode } from './helpers/browser-mode';
import { expectEscapeReturnsFocus, expectTabOrder } from './helpers/keyboard';
import { kioskChangePassword, kioskLogin, openKiosk } from './helpers/kiosk-steps';
import { fillRegistration, issueIdentifier } from './helpers/register-steps';
import { firstRunSetup, login, openScreen, SUPERVISOR } from './helpers/staff-steps';
import { expectFitsWidth, ZOOM_200 } from './helpers/zoom';

/**
 * Issue 12 item 12: every staff and kiosk screen, each dialog and each printable slip passes
 * axe-core with no serious or critical violation, in right-to-left Persian (the html element says
 * fa/rtl); the main forms are reached by Tab in right-to-left order with a visible focus ring, and
 * a dialog closed with Escape gives focus back to the button that opened it; the kiosk is readable
 * at 200% zoom. One desk for the file;
 * the tests run in order, each walking the screens the way a person reaches them.
 */
requireChromium();
test.describe.configure({ mode: 'serial', timeout: 120_000 });

const CITIZEN: Applicant = { nationalCode: nationalCode('003456789'), firstName: 'زهرا', lastName: 'نیکو', insuranceNumber: '3234567890', mobile: '09123334455' };
const KIOSK_CITIZEN: Applicant = { nationalCode: nationalCode('004567891'), insuranceNumber: '4234567890', mobile: '09124445566' };
const ZOOM_CITIZEN: Applicant = { nationalCode: nationalCode('005678912'), insuranceNumber: '5234567890', mobile: '09126667788' };

let desk: BrowserMode;
let context: BrowserContext;
let page: Page;
/** The identifier issued in the identifiers test, for the foreign-national registration. */
let identifier = '';

test.beforeAll(async ({ browser }) => {
  desk = await startBrowserMode();
  context = await browser.newContext({ locale: 'fa-IR' });
  page = await context.newPage();
});

test.afterAll(async () => {
  await context?.close();
  await desk?.stop();
});

/** Goes to a staff screen by its route and checks it once `testId` is visible. */
async function checkScreen(route: string, testId: string, what: string): Promise<void> {
  await openScreen(page, route);
  await expect(page.getByTestId(testId)).toBeVisible({ timeout: 30_000 });
  await expectAccessible(page, what);
}

/** Checks the page as printed (a slip, a receipt, the report), then back to the screen. */
async function checkPrinted(what: string): Promise<void> {
  await page.emulateMedia({ media: 'print' });
  await expectAccessible(page, what);
  await page.emulateMedia({ media: 'screen' });
}

test('staff, first run: the setup form, the recovery-code dialog and the login form pass axe; setup and login are tabbed in RTL order', async () => {
  await firstRunSetup(page, desk.staffUrl, SUPERVISOR, {
    check: async (screen) => {
      await expectAccessible(page, screen);
      if (screen === 'setup') await expectTabOrder(page, page.getByTestId('setup-screen'));
      if (screen === 'login') await expectTabOrder(page, page.getByTestId('login-screen'));
    },
  });
  await login(page, SUPERVISOR.username, SUPERVISOR.password);
  await expect(page.getByTestId('home-screen')).toBeVisible();
  await expectAccessible(page, 'home');
});

test('identifiers: the form (tabbed in RTL order), the issued identifier with its slip, the printed slip and the revoke dialog pass axe', async () => {
  await checkScreen('/identifiers', 'identifiers-screen', 'identifiers: the form');
  await expectTabOrder(page, page.getByTestId('issue-form'));
  await page.getByTestId('issue-form').locator('input[name="firstNameFa"]').focus();
  identifier = await issueIdentifier(page);
  await expectAccessible(page, 'identifiers: issued, with its slip');
  await checkPrinted('identifier slip (print)');
  await expectEscapeReturnsFocus(page, page.getByTestId('revoke-button').first(), page.getByTestId('revoke-dialog'), () => expectAccessible(page, 'revoke dialog'));
});

test('register: the empty form (tabbed in RTL order), its errors, a citizen and a foreign national filled, the receipt and the printed receipt pass axe', async () => {
  await checkScreen('/register', 'register-form', 'register: empty form');
  await expectTabOrder(page, page.getByTestId('register-form'));
  await page.getByTestId('register-form').locator('button[type="submit"]').click();
  await expectAccessible(page, 'register: errors after an empty submit');

  await openScreen(page, '/');
  await checkScreen('/register', 'register-form', 'register: a fresh form');
  await fillRegistration(page, { code: identifier, foreign: true, mobile: '09125556677' });
  await expect(page.getByTestId('identifier-holder')).toBeVisible();
  await expectAccessible(page, 'register: a foreign national filled');

  await openScreen(page, '/');
  await checkScreen('/register', 'register-form', 'register: a fresh form');
  await fillRegistration(page, { code: CITIZEN.nationalCode, mobile: CITIZEN.mobile });
  await expectAccessible(page, 'register: a citizen filled');
  await page.getByTestId('register-form').locator('button[type="submit"]').click();
  await expect(page.getByTestId('register-success')).toBeVisible();
  await expectAccessible(page, 'register: the receipt');
  await checkPrinted('register: the printed receipt');
});

test('account care: lookup, the account page, each dialog (Escape gives focus back to its button), the reset result and its printed slip pass axe', async () => {
  await searchAccounts(page, desk.origin, CITIZEN.nationalCode, 'nationalCode');
  await expectAccessible(page, 'lookup with a result');
  await openFirstResult(page);
  await expectAccessible(page, 'account page');
  for (const [opener, dialog] of [
    ['action-reset', 'reset-dialog'],
    ['action-mobile', 'mobile-dialog'],
    ['action-email', 'email-dialog'],
    ['action-disable', 'disable-dialog'],
    ['action-void', 'void-dialog'],
  ] as const) {
    await expectEscapeReturnsFocus(page, page.getByTestId(opener), page.getByTestId(dialog), () => expectAccessible(page, dialog));
  }
  const reset = await requestCounterReset(page, CITIZEN.nationalCode);
  await expect(reset.getByTestId('reset-tracking-code')).toBeVisible();
  await expectAccessible(page, 'reset dialog with its tracking code');
  await checkPrinted('reset slip (print)');
  await reset.getByTestId('dialog-close').click();
  await expect(reset).toHaveCount(0);
  await expect(page.getByTestId('action-reset')).toBeFocused();
  await expectAccessible(page, 'account page with a reset');
});

test('supervisor screens: outbox, audit, report (and printed), staff and its dialogs (Escape gives focus back) pass axe', async () => {
  await checkScreen('/outbox', 'outbox-screen', 'outbox');
  await checkScreen('/audit', 'audit-screen', 'audit');
  await page.getByTestId('audit-verify-button').click();
  await expect(page.getByTestId('audit-verify-result')).toBeVisible();
  await expectAccessible(page, 'audit: chain verified');
  await checkScreen('/report', 'report-screen', 'report');
  await checkPrinted('report (print)');

  await api(page, 'staff:create', { username: 'reza.clerk', displayName: 'رضا باجه', role: 'clerk', temporaryPassword: 'Hand-Over-1405' });
  await checkScreen('/staff', 'staff-screen', 'staff');
  await expectEscapeReturnsFocus(page, page.getByTestId('staff-add'), page.getByTestId('add-staff-dialog'), async () => {
    await expectAccessible(page, 'add staff dialog');
    await expectTabOrder(page, page.getByTestId('add-staff-dialog'));
  });
  await expectEscapeReturnsFocus(page, page.getByTestId('staff-reset-password').first(), page.getByTestId('reset-staff-dialog'), () =>
    expectAccessible(page, 'reset staff password dialog'),
  );

});

test('supervisor screens: stations, headquarters, settings, backups and the own password change (tabbed in RTL order) pass axe', async () => {
  await checkScreen('/stations', 'stations-screen', 'stations');
  await checkScreen('/hq', 'hq-screen', 'headquarters');
  await checkScreen('/settings', 'settings-screen', 'settings');
  await checkScreen('/backups', 'backups-screen', 'backups');
  await checkScreen('/me/password', 'change-password-screen', 'own password change');
  await expectTabOrder(page, page.getByTestId('change-password-screen'));
});

test('citizen kiosk: login (and refused), the mandatory change, the accesses and self-service recovery pass axe; each form is tabbed in RTL order', async ({ browser }) => {
  await registerCitizen(page, KIOSK_CITIZEN);
  const kiosk = await openKiosk(browser, desk.kioskUrl);
  await expectAccessible(kiosk, 'kiosk login');
  await expectTabOrder(kiosk, kiosk.getByTestId('kiosk-login'));
  await kioskLogin(kiosk, KIOSK_CITIZEN.nationalCode, '12345678');
  await expect(kiosk.getByTestId('error-alert')).toBeVisible();
  await expectAccessible(kiosk, 'kiosk login refused');
  await kioskLogin(kiosk, KIOSK_CITIZEN.nationalCode, KIOSK_CITIZEN.nationalCode);
  await expect(kiosk.getByTestId('kiosk-change')).toBeVisible();
  await expectAccessible(kiosk, 'kiosk mandatory change');
  await expectTabOrder(kiosk, kiosk.getByTestId('kiosk-change'));
  await kioskChangePassword(kiosk, KIOSK_CITIZEN.nationalCode, 'Blue-Lake-7731');
  await expect(kiosk.getByTestId('kiosk-done')).toBeVisible();
  await expectAccessible(kiosk, 'kiosk accesses');
  await kiosk.getByTestId('kiosk-logout').click();
  await kiosk.getByTestId('kiosk-forgot').click();
  await expect(kiosk.getByTestId('kiosk-recover')).toBeVisible();
  await expectAccessible(kiosk, 'kiosk recovery');
  await expectTabOrder(kiosk, kiosk.getByTestId('kiosk-recover'));
  await kiosk.context().close();
});

test('citizen kiosk at 200% zoom (640 CSS px wide): login, the mandatory change, the accesses and recovery fit the width, nothing cut off, every key control in view', async ({ browser }) => {
  await registerCitizen(page, ZOOM_CITIZEN);
  const zoomed = await browser.newContext({ locale: 'fa-IR', ...ZOOM_200 });
  const kiosk = await zoomed.newPage();
  await kiosk.goto(await desk.newLaunchUrl('kiosk'));
  const input = (testId: string) => kiosk.getByTestId(testId).locator('input');
  const submit = (testId: string) => kiosk.getByTestId(testId).locator('button[type="submit"]');

  await expect(kiosk.getByTestId('kiosk-login')).toBeVisible();
  await expectFitsWidth(kiosk, 'kiosk login', [input('kiosk-username'), input('kiosk-password'), submit('kiosk-login'), kiosk.getByTestId('kiosk-forgot')]);
  await kioskLogin(kiosk, ZOOM_CITIZEN.nationalCode, ZOOM_CITIZEN.nationalCode);
  await expect(kiosk.getByTestId('kiosk-change')).toBeVisible();
  await expectFitsWidth(kiosk, 'kiosk mandatory change', [input('kiosk-current'), input('kiosk-next'), input('kiosk-repeat'), submit('kiosk-change')]);
  await kioskChangePassword(kiosk, ZOOM_CITIZEN.nationalCode, 'Green-Hill-4419');
  await expect(kiosk.getByTestId('kiosk-done')).toBeVisible();
  await expectFitsWidth(kiosk, 'kiosk accesses', [kiosk.getByTestId('kiosk-permissions'), kiosk.getByTestId('kiosk-logout')]);
  await kiosk.getByTestId('kiosk-logout').click();
  await kiosk.getByTestId('kiosk-forgot').click();
  await expect(kiosk.getByTestId('kiosk-recover')).toBeVisible();
  await expectFitsWidth(kiosk, 'kiosk recovery', [
    input('recover-username'),
    input('recover-mobile'),
    kiosk.getByTestId('captcha-image'),
    kiosk.getByTestId('captcha-refresh'),
    input('recover-captcha'),
    submit('kiosk-recover'),
    kiosk.getByTestId('kiosk-back'),
  ]);
  await zoomed.close();
});
