import { api } from './helpers/api';
import { expectAccessible } from './helpers/axe';
import { requireChromium, startBrowserMode, type BrowserMode } from './helpers/browser-mode';
import { expect, test } from './helpers/desk-test';
import { closedPort } from './helpers/ports';
import { openScreen, setupAndLoginSupervisor } from './helpers/staff-steps';

/**
 * Issue 12 item 4: what a clerk reads is Persian — an SMS that did not go says why in Persian,
 * with the gateway's technical text kept in a tooltip reached by keyboard too.
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
  const settings = await api<{ smpp: Record<string, unknown> }>(page, 'settings:get', {});
  await api(page, 'settings:update', { smsAdapter: 'smpp', smpp: { ...settings.smpp, port: await closedPort(), connectTimeoutSeconds: 5 } });
  await api(page, 'sms:set-password', { gateway: 'smpp', password: 'pw' });
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
