import { AxeBuilder } from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import type { Result } from 'axe-core';

/**
 * Issue 12 item 12: every screen, dialog and printable slip passes axe-core with no serious or
 * critical violation, in right-to-left Persian. One call per state of the page worth checking; the
 * failure message lists each rule with the elements it flagged, so the component can be fixed.
 */

/** The impacts that fail a screen; "minor" and "moderate" are reported by axe but do not fail here. */
const FAILING_IMPACTS = new Set(['serious', 'critical']);

/** The rule sets checked: WCAG 2.0/2.1/2.2 A and AA, and axe's best practices. */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/** One line per violation: rule, impact, what it asks, and up to three of the elements it flagged. */
export function describeViolations(violations: Result[]): string {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 3)
        .map((n) => `    ${n.target.join(' ')}\n      ${(n.failureSummary ?? '').replace(/\n/g, '\n      ')}`)
        .join('\n');
      const more = v.nodes.length > 3 ? `\n    … and ${v.nodes.length - 3} more` : '';
      return `  [${v.impact}] ${v.id}: ${v.help}\n${nodes}${more}`;
    })
    .join('\n');
}

/** The document is Persian and right to left (axe checks that `lang` is valid, not which language). */
export async function expectPersianRtl(page: Page): Promise<void> {
  const root = await page.evaluate(() => ({ lang: document.documentElement.lang, dir: document.documentElement.dir }));
  expect(root, 'the <html> element declares Persian, right to left').toEqual({ lang: 'fa', dir: 'rtl' });
}

/** The serious and critical axe violations on the page as it is now (for screens, dialogs and print media alike). */
export async function seriousViolations(page: Page): Promise<Result[]> {
  // resultTypes: only violations come back with every node (less to serialise on each call).
  const results = await new AxeBuilder({ page }).withTags(TAGS).options({ resultTypes: ['violations'] }).analyze();
  return results.violations.filter((v) => FAILING_IMPACTS.has(v.impact ?? ''));
}

/**
 * The page as it is now (a screen, an open dialog, or print media for a slip) is Persian, RTL, and
 * has no serious or critical axe violation; `what` names the state in the failure message.
 */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  await expectPersianRtl(page);
  const violations = await seriousViolations(page);
  expect.soft(violations.length, `axe on «${what}» found serious or critical violations:\n${describeViolations(violations)}`).toBe(0);
}
