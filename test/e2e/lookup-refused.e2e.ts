import { nationalCode, registerCitizen } from './helpers/api';
import { requireChromium } from './helpers/browser-mode';
import { expect, test } from './helpers/desk-test';
import { openScreen, setupAndLoginSupervisor } from './helpers/staff-steps';

/**
 * A search the box refuses (one letter, an emoji) clears the results of the search before it:
 * they stood under the refusal and could be opened as if they answered it (outside probe in
 * Chromium, 2026-12-07).
 */
requireChromium();

test('a refused search leaves no results of the one before it on screen', async ({ desk, page }) => {
  await setupAndLoginSupervisor(page, desk.staffUrl);
  await registerCitizen(page, { nationalCode: nationalCode('005566778'), mobile: '09121115566', insuranceNumber: '7234567891', firstName: 'رضا', lastName: 'کاظمی' });
  await openScreen(page, '/lookup');
  const query = page.getByTestId('lookup-query');
  await query.fill('رضا');
  await query.press('Enter');
  await expect(page.getByTestId('lookup-kind')).toBeVisible();
  await expect(page.getByTestId('lookup-results')).toBeVisible();

  for (const refused of ['a', '😀']) {
    await query.fill(refused);
    await query.press('Enter');
    await expect(query).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByTestId('lookup-kind')).toHaveCount(0);
    await expect(page.getByTestId('lookup-results')).toHaveCount(0);
  }

  // And a good search after it answers again.
  await query.fill('کاظمی');
  await query.press('Enter');
  await expect(page.getByTestId('lookup-results')).toBeVisible();
});
