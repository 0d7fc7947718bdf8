import { expect, type Locator, type Page } from '@playwright/test';

/**
 * Issue 12 item 12, the keyboard: every control of a form is reached with Tab, in right-to-left
 * reading order (right to left along a row, then down), and each shows a visible focus ring.
 */

interface Stop {
  /** Index of the control in the form's DOM order, or -1 when focus is outside the form. */
  index: number;
  name: string;
  top: number;
  bottom: number;
  centerX: number;
  ring: boolean;
}

/**
 * Marks the form's keyboard-reachable controls (enabled, with a size, tabindex ≥ 0, not hidden from
 * assistive technology) with `data-tab-probe`; their names in DOM order.
 */
async function markControls(form: Locator): Promise<string[]> {
  return form.evaluate((root) => {
    const sel = 'input:not([type=hidden]), button, textarea, select, a[href], [tabindex]';
    const candidates = [...root.querySelectorAll<HTMLElement>(sel)].filter(
      (e) =>
        e.tabIndex >= 0 &&
        !(e as HTMLInputElement).disabled &&
        e.getBoundingClientRect().width > 0 &&
        e.getBoundingClientRect().height > 0 &&
        getComputedStyle(e).visibility !== 'hidden' &&
        !e.closest('[aria-hidden="true"]'),
    );
    // A composite that holds its own focusable parts (the date field's sections) is its parts.
    const els = candidates.filter((e) => !candidates.some((o) => o !== e && e.contains(o)));
    return els.map((e, i) => {
      e.setAttribute('data-tab-probe', String(i));
      return e.getAttribute('name') ?? e.getAttribute('aria-label') ?? e.closest('[data-testid]')?.getAttribute('data-testid') ?? e.textContent?.trim() ?? e.tagName;
    });
  });
}

/** Where focus is now: which marked control, its box, and whether a focus ring is drawn. */
async function currentStop(page: Page): Promise<Stop> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    const index = Number(el?.getAttribute('data-tab-probe') ?? -1);
    const r = el?.getBoundingClientRect() ?? new DOMRect();
    const drawn = (e: Element | null) => {
      if (!e) return false;
      const s = getComputedStyle(e);
      return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
    };
    // A text field shows focus with its thicker coloured border; other controls with an outline.
    const field = el?.closest('.MuiInputBase-root.Mui-focused')?.querySelector('.MuiOutlinedInput-notchedOutline') ?? null;
    const fieldRing = field !== null && parseFloat(getComputedStyle(field).borderTopWidth) >= 2;
    const ring = drawn(el) || drawn(el?.closest('.Mui-focusVisible') ?? null) || fieldRing;
    // Page coordinates: focus scrolls the page between two stops.
    const top = r.top + window.scrollY;
    return { index, name: el?.getAttribute('name') ?? el?.textContent?.trim() ?? el?.tagName ?? '', top, bottom: top + r.height, centerX: r.left + window.scrollX + r.width / 2, ring };
  });
}

/** The second stop comes after the first in right-to-left reading order. */
function inRtlOrder(a: Stop, b: Stop): boolean {
  const overlap = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
  if (overlap > 4) return b.centerX < a.centerX;
  return b.top >= a.top;
}

/**
 * From the form's first control (focused here), Tab reaches every control of `form` once, in
 * right-to-left reading order, each with a visible focus ring. Tab is pressed from the first
 * control; a control that opens a popup on focus is not expected in a plain form.
 */
export async function expectTabOrder(page: Page, form: Locator): Promise<void> {
  const names = await markControls(form);
  expect(names.length, 'the form has keyboard-reachable controls').toBeGreaterThan(1);
  await form.locator('[data-tab-probe="0"]').focus();
  // A programmatic focus does not count as keyboard focus: Shift+Tab then Tab comes back by keyboard.
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Tab');
  const stops: Stop[] = [await currentStop(page)];
  expect(stops[0]!.index, 'focus starts on the first control').toBe(0);
  while (stops.length <= names.length) {
    await page.keyboard.press('Tab');
    const stop = await currentStop(page);
    // Out of the form, or round again to its start (a page with nothing else to focus).
    if (stop.index < 0 || stop.index === 0) break;
    stops.push(stop);
  }
  const visited = stops.map((s) => s.index);
  expect(visited, `Tab visits every control once, in DOM order (${names.join(' → ')})`).toEqual(names.map((_, i) => i));
  for (const s of stops) expect(s.ring, `a focus ring is drawn on «${names[s.index]}»`).toBe(true);
  for (let i = 1; i < stops.length; i++) {
    expect(inRtlOrder(stops[i - 1]!, stops[i]!), `«${names[i]}» comes after «${names[i - 1]}» in right-to-left reading order`).toBe(true);
  }
}

/**
 * A dialog opened from `opener` by keyboard (Enter) closes with Escape, and focus goes back to
 * the opener. `check` runs while the dialog is open (e.g. the axe check).
 */
export async function expectEscapeReturnsFocus(page: Page, opener: Locator, dialog: Locator, check?: () => Promise<void>): Promise<void> {
  await opener.focus();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeVisible();
  await check?.();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(opener).toBeFocused();
}
