import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../shared/errors';
import { errorMessageFa } from '../../shared/i18n/fa-messages';
import { common } from '../../src-renderer/i18n/fa/common';
import { duration } from '../../src-renderer/lib/format';
import { mainSources } from '../helpers/main-source';

/** Every code main throws with `retryAfterSeconds`, read from its sources (a new one is covered at once). */
function codesWithAWait(): ErrorCode[] {
  const found = new Set<string>();
  for (const text of mainSources()) {
    for (const m of text.matchAll(/AppError\('([A-Z_]+)', \{ retryAfterSeconds/g)) found.add(m[1]!);
    for (const m of text.matchAll(/refused\('([A-Z_]+)', /g)) found.add(m[1]!);
  }
  return [...found].sort() as ErrorCode[];
}

/**
 * A refusal that carries its wait is shown as its sentence and then «please try again in N minutes»
 * (ErrorAlert). The sentence itself must not also say when to try again: the reset cooldown read
 * «… try again a little later. Please try again in 5 minutes.» (outside probe, 2026-12-07).
 */
describe('a refusal with a wait tells the wait once', () => {
  const codes = codesWithAWait();
  it('finds the codes main throws with a wait', () => {
    expect(codes).toEqual(expect.arrayContaining(['ACCOUNT_LOCKED', 'RESET_COOLDOWN', 'RESET_DAILY_CAP']));
  });
  it.each(codes)('%s', (code) => {
    const shown = `${errorMessageFa(code)} ${common.secondsToWait(duration(300))}`;
    expect(shown.match(/دوباره/g)?.length, shown).toBe(1);
    expect(shown).toContain('۵ دقیقه');
  });
});
