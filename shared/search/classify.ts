/**
 * One search box recognises what was typed by its shape. Digits in any script, spaces and dashes
 * are normalised first. The order matters, because some shapes overlap:
 *
 *   1. 10 digits that form a valid national code          → nationalCode
 *      (before "mobile": a valid national code that starts with 9 stays a national code)
 *   2. 12 digits that form a valid foreign-national id    → foreignId
 *      (before "mobile": a Damm-valid id that starts with 98 stays an identifier)
 *   3. an Iranian mobile (`normalizeMobile`): 09…, +98…, 0098…, 98… (12 digits), or 10 digits
 *      starting with 9 that were not a national code in step 1   → mobile
 *   4. any other 10 digits                                → insuranceNumber (REG-9)
 *   5. anything else                                      → name (value = the search key)
 *
 * Consequence of 3 before 4: an insurance number that starts with 9 is searched as a mobile.
 */
import { isValidForeignId } from '../identifiers/foreign-id';
import { normalizeMobile } from '../identifiers/mobile';
import { isValidNationalCode } from '../identifiers/national-code';
import { normalizeDigitInput } from '../text/digits';
import { normalizeNameForSearch } from '../text/persian';

export type SearchKind = 'nationalCode' | 'foreignId' | 'mobile' | 'insuranceNumber' | 'name';
export interface ClassifiedSearch {
  kind: SearchKind;
  value: string;
}

export function classifySearch(q: string): ClassifiedSearch {
  const digits = normalizeDigitInput(q);
  const allDigits = /^[0-9]+$/.test(digits);
  if (allDigits && digits.length === 10 && isValidNationalCode(digits)) return { kind: 'nationalCode', value: digits };
  if (allDigits && digits.length === 12 && isValidForeignId(digits)) return { kind: 'foreignId', value: digits };
  const mobile = normalizeMobile(q);
  if (mobile !== null) return { kind: 'mobile', value: mobile };
  if (allDigits && digits.length === 10) return { kind: 'insuranceNumber', value: digits };
  return { kind: 'name', value: normalizeNameForSearch(q) };
}
