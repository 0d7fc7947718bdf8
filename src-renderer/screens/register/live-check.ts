import type { z } from 'zod';
import { ForeignIdSchema, NationalCodeSchema } from '../../../shared/schemas/fields';
import { normalizeDigitInput } from '../../../shared/text/digits';

export type ApplicantKind = 'citizen' | 'foreign';

/** What the code field says while the clerk types: nothing yet, digits so far, valid, or why not. */
export type LiveCheck =
  | { state: 'empty' }
  | { state: 'typing'; digits: number; of: number }
  | { state: 'ok'; value: string }
  | { state: 'bad'; code: string };

const SPEC: Record<ApplicantKind, { length: number; schema: z.ZodType<string, string> }> = {
  citizen: { length: 10, schema: NationalCodeSchema },
  foreign: { length: 12, schema: ForeignIdSchema },
};

/**
 * Live check-digit feedback with the very schemas main validates with (NationalCodeSchema /
 * ForeignIdSchema): no error while the digits are still coming, a verdict once they are all there.
 */
export function liveCheck(kind: ApplicantKind, raw: string | undefined): LiveCheck {
  const digits = normalizeDigitInput(raw ?? '');
  if (digits === '') return { state: 'empty' };
  if (/[^0-9]/.test(digits)) return { state: 'bad', code: 'DIGITS_ONLY' };
  const { length, schema } = SPEC[kind];
  if (digits.length < length) return { state: 'typing', digits: digits.length, of: length };
  const r = schema.safeParse(raw);
  return r.success ? { state: 'ok', value: r.data } : { state: 'bad', code: r.error.issues[0]?.message ?? 'INVALID_FORMAT' };
}
