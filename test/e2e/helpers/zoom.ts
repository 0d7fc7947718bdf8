import { expect, type Locator, type Page } from '@playwright/test';

/**
 * Issue 12 item 12: the kiosk is readable at 200% zoom. Browser zoom at 200% on a 1280×720 screen
 * lays the page out in 640×360 CSS pixels (at two device pixels each): that is the viewport used.
 */
export const ZOOM_200 = { viewport: { width: 640, height: 360 }, deviceScaleFactor: 2 } as const;

/**
 * At the current viewport: no horizontal scroll, no text cut off inside a box that hides its
 * overflow, and each key control (scrolled to) lies wholly inside the window's width.
 */
export async function expectFitsWidth(page: Page, what: string, keyControls: Locator[]): Promise<void> {
  const fit = await page.evaluate(() => {
    const root = document.documentElement;
    // Text in a box that hides overflow and is wider than the box is cut off for the reader.
    const clipped = [...document.body.querySelectorAll<HTMLElement>('*')]
      .filter((e) => {
        if (e.closest('[aria-hidden="true"]') || e.getClientRects().length === 0) return false;
        const s = getComputedStyle(e);
        const hides = s.overflowX === 'hidden' || s.overflowX === 'clip' || s.textOverflow === 'ellipsis';
        const hasText = [...e.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== '');
        return hides && hasText && e.scrollWidth > e.clientWidth + 1;
      })
      .map((e) => `${e.tagName.toLowerCase()}${e.dataset.testid ? `[data-testid=${e.dataset.testid}]` : ''} «${(e.textContent ?? '').trim().slice(0, 40)}»`);
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, clipped };
  });
  expect(fit.scrollWidth, `«${what}» scrolls sideways (${fit.scrollWidth} > ${fit.clientWidth} CSS px)`).toBeLessThanOrEqual(fit.clientWidth);
  expect(fit.clipped, `«${what}»: text cut off`).toEqual([]);
  for (const control of keyControls) {
    await control.scrollIntoViewIfNeeded();
    await expect(control).toBeVisible();
    const box = (await control.boundingBox())!;
    expect(box.x, `«${what}»: a key control starts inside the window`).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width, `«${what}»: a key control ends inside the window`).toBeLessThanOrEqual(fit.clientWidth + 0.5);
  }
}
