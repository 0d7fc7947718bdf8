/**
 * Damm check digit (H. Michael Damm, 2004) over the standard totally anti-symmetric quasigroup of
 * order 10. It detects every single-digit error and every transposition of two adjacent digits.
 *
 * ASCII digits only; normalise user input first.
 */

const TABLE: readonly (readonly number[])[] = [
  [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
  [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
  [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
  [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
  [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
  [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
  [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
  [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
  [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
  [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
];

const DIGITS = /^[0-9]+$/;

function interim(digits: string): number {
  let row = 0;
  for (let i = 0; i < digits.length; i++) row = TABLE[row]![digits.charCodeAt(i) - 48]!;
  return row;
}

/** The digit to append so that the whole passes `dammValid`. Throws RangeError unless ASCII digits. */
export function dammCheckDigit(digits: string): number {
  if (!DIGITS.test(digits)) throw new RangeError('dammCheckDigit: expected ASCII digits');
  return interim(digits);
}

/** True when `digits` (check digit last) is a non-empty ASCII digit string that passes Damm. */
export function dammValid(digits: string): boolean {
  return DIGITS.test(digits) && interim(digits) === 0;
}
