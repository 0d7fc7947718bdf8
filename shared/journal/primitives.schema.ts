/** The small field shapes the journal's entries, manifests and acknowledgements share. */
import { z } from 'zod';

/** The patterns, shared with the hand-written entry check (entry-check.ts). */
export const BRANCH_CODE = /^[0-9]{4}$/;
export const HEX64 = /^[0-9a-f]{64}$/;
export const USERNAME = /^([0-9]{10}|[0-9]{12})$/;
export const UTC_TIME = /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,3})?Z$/;

export const BranchCode = z.string().regex(BRANCH_CODE);
export const StationNumber = z.number().int().min(1).max(99);
export const Seq = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
/** An account's username: a 10-digit national code or a 12-digit foreign identifier. */
export const Username = z.string().regex(USERNAME);
export const Hex64 = z.string().regex(HEX64);
/**
 * A time that exists: the pattern, and the same date and time once read back. `Date.parse` alone
 * takes 2026-02-30 (as 2 March) and 24:00 (as the next day).
 */
export function isRealUtcTime(s: string): boolean {
  if (!UTC_TIME.test(s)) return false;
  const t = Date.parse(s);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 19) === s.slice(0, 19);
}

/** ISO-8601 in UTC, as `Date.prototype.toISOString` writes it (milliseconds optional). */
export const UtcTime = z.string().regex(UTC_TIME).refine(isRealUtcTime, { message: 'not a real time' });
