import { requireChromium } from './helpers/browser-mode';
import { expect, test } from './helpers/desk-test';
import { openScreen, setupAndLoginSupervisor } from './helpers/staff-steps';

/**
 * WCAG 2.4.11 on the Register screen at 1366×768: a field that focus brings into view is not
 * hidden under the sticky Register bar (the insurance branch field was, wholly: outside probe in
 * Chromium, 2026-12-07).
 */
requireChromium();

test('every field focused from the top of the Register screen is above the sticky Register bar', async ({ desk, page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await setupAndLoginSupervisor(page, desk.staffUrl);
  await openScreen(page, '/register');
  const form = page.getByTestId('register-form');
  const bar = form.getByTestId('register-actions');
  const fields = form.locator('input:not([type="hidden"]):not([aria-hidden="true"]), textarea');
  await expect(form.getByTestId('terms-accepted')).toBeFocused();
  const count = await fields.count();
  expect(count).toBeGreaterThan(8);
  for (let i = 0; i < count; i++) {
    const field = fields.nth(i);
    if (!(await field.isVisible()) || !(await field.isEditable())) continue;
    await page.evaluate(() => window.scrollTo(0, 0));
    await field.focus();
    const [f, b] = [await field.boundingBox(), await bar.boundingBox()];
    expect({ i, name: await field.getAttribute('name'), below: f!.y + f!.height > b!.y + 1 }).toEqual({ i, name: await field.getAttribute('name'), below: false });
  }
});
