/**
 * Iranian mobile numbers, stored as `09XXXXXXXXX` (11 ASCII digits).
 *
 * Accepted forms (any digit script; spaces, dashes, dots, parentheses and bidi marks ignored):
 *   09XXXXXXXXX, 9XXXXXXXXX (10 digits), 98 9XXXXXXXXX, +98 9XXXXXXXXX, 0098 9XXXXXXXXX,
 *   and the country-code forms with the trunk zero kept, e.g. +98 (0)912….
 */
import { normalizeDigitInput } from '../text/digits';

const MOBILE = /^(?:(?:\+|00)?98(?:0)?|0)?(9[0-9]{9})$/;

/** `09XXXXXXXXX`, or null when `input` is not an Iranian mobile number. */
export function normalizeMobile(input: string): string | null {
  const compact = normalizeDigitInput(input).replace(/[()]/g, '');
  const m = MOBILE.exec(compact);
  return m ? '0' + m[1] : null;
}
