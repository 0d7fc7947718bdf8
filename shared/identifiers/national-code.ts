/**
 * Iranian national code (کد ملی): 10 digits, the last one a check digit.
 * s = Σ d[i]·(10−i) for i = 0..8, r = s mod 11; valid when (r < 2 and d[9] = r) or
 * (r ≥ 2 and d[9] = 11 − r). Ten equal digits pass the arithmetic but are not issued: invalid.
 *
 * These functions take ASCII digits only; normalise user input first (`normalizeDigitInput`).
 */

const NINE_DIGITS = /^[0-9]{9}$/;
const TEN_DIGITS = /^[0-9]{10}$/;

/** The check digit for the first nine digits. Throws RangeError unless given 9 ASCII digits. */
export function nationalCodeCheckDigit(first9: string): number {
  if (!NINE_DIGITS.test(first9)) throw new RangeError('nationalCodeCheckDigit: expected 9 ASCII digits');
  let s = 0;
  for (let i = 0; i < 9; i++) s += (first9.charCodeAt(i) - 48) * (10 - i);
  const r = s % 11;
  return r < 2 ? r : 11 - r;
}

/** True for exactly 10 ASCII digits with a correct check digit, not all equal. */
export function isValidNationalCode(s: string): boolean {
  if (!TEN_DIGITS.test(s)) return false;
  if (/^(\d)\1{9}$/.test(s)) return false;
  return nationalCodeCheckDigit(s.slice(0, 9)) === s.charCodeAt(9) - 48;
}
