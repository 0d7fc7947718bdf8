/**
 * Exponential backoff with jitter, shared by the SMS outbox and the headquarters link: the n-th
 * retry (n ≥ 1) waits between half and all of min(max, base·2^(n−1)), so that many desks that
 * lost the same peer at once do not come back in step.
 */
export function jitteredBackoffMs(attempts: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const exp = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(exp / 2 + (random() * exp) / 2);
}
