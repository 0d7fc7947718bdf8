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
/** ISO-8601 in UTC, as `Date.prototype.toISOString` writes it (milliseconds optional). */
export const UtcTime = z
  .string()
  .regex(UTC_TIME)
  .refine((s) => !Number.isNaN(Date.parse(s)), { message: 'not a real time' });
