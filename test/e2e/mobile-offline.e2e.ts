import { expect, test } from '@playwright/test';
import { requestMobileChangeAt } from './helpers/account-steps';
import { configureUnreachableSmpp, nationalCode, registerCitizen, type Applicant } from './helpers/api';
import { expectAccessible } from './helpers/axe';
import { requireChromium, startBrowserMode, type BrowserMode } from './helpers/browser-mode';
import { setupAndLoginSupervisor, SUPERVISOR } from './helpers/staff-steps';

/**
 * Issue 12 item 3, in Chromium against the real services: a mobile change while the SMS gateway
 * is offline. The code cannot have been sent, so the dialog must not say it was: it says the code
 * waits in the queue (and until when it is worth waiting), and what the clerk can do — the person
 * waits or comes back before the code expires, or a supervisor approves the change now.
 *
 * The gateway is offline for real: not training mode, an SMPP gateway configured on a loopback
 * port nobody listens on, so the dispatcher's sends fail and it reports the gateway offline.
 */
requireChromium();

const PERSON: Applicant = { nationalCode: nationalCode('004567891'), firstName: 'نرگس', lastName: 'امینی', insuranceNumber: '4234567890', mobile: '09124445566' };

let desk: BrowserMode | undefined;

test.afterEach(async () => {
  const d = desk;
  desk = undefined;
  await d?.stop();
});

test('Issue 12 item 3: with the gateway offline the mobile change says the code is queued, never sent, and the supervisor can approve instead', async ({ page }) => {
  desk = await startBrowserMode({ training: false });
  await setupAndLoginSupervisor(page, desk.staffUrl);
  await configureUnreachableSmpp(page);
  await registerCitizen(page, PERSON);
  const dialog = await requestMobileChangeAt(page, desk.origin, PERSON.nationalCode, '09127778899');

  // The code's SMS cannot go: the status bar says the gateway is offline, with the code queued.
  await expect(page.getByTestId('status-sms')).toHaveAttribute('data-state', 'offline', { timeout: 20_000 });
  const queued = dialog.getByTestId('mobile-code-queued');
  await expect(queued).toBeVisible();
  await expect(queued).toHaveAttribute('data-gateway', 'offline');
  await expect(queued).toContainText('در صف');
  await expect(queued).toContainText('۰۹۱۲***۸۸۹۹');
  // What the clerk can do, each said: wait or come back before the code expires, or a supervisor.
  await expect(queued.getByTestId('mobile-option-wait')).toBeVisible();
  await expect(queued.getByTestId('mobile-option-return')).toBeVisible();
  await expect(queued.getByTestId('mobile-option-supervisor')).toBeVisible();
  // Nothing says it was sent: no green success, no "sent".
  await expect(dialog.getByTestId('mobile-code-sent')).toHaveCount(0);
  await expect(dialog.locator('.MuiAlert-colorSuccess')).toHaveCount(0);
  expect(await dialog.innerText()).not.toContain('فرستاده شد');
  await expectAccessible(page, 'mobile dialog: the code queued, the gateway offline');

  // Closed, the request stays open on the account page; reopened, the dialog says the same.
  await dialog.getByTestId('dialog-close').click();
  await expect(dialog).toHaveCount(0);
  const notice = page.getByTestId('notice-pending-mobile');
  await expect(notice).toBeVisible();
  await notice.getByRole('button').click();
  await expect(dialog.getByTestId('mobile-code-queued')).toHaveAttribute('data-gateway', 'offline');
  await expect(dialog.locator('.MuiAlert-colorSuccess')).toHaveCount(0);

  // The supervisor approves with their own password: the number changes.
  const approval = dialog.getByTestId('mobile-offline');
  await approval.getByTestId('approval-username').fill(SUPERVISOR.username);
  await approval.locator('input[name="approval.password"]').fill(SUPERVISOR.password);
  await approval.locator('input[name="approval.password"]').press('Enter');
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('fact-mobile')).toHaveText('۰۹۱۲***۸۸۹۹');
});
