/**
 * Foreign-national identifier (شناسه اتباع خارجی, REG-4), 12 ASCII digits:
 *
 *   BBBB SS NNNNN C
 *   │    │  │     └ Damm check digit over the first 11
 *   │    │  └ sequence of that station, 00001–99999
 *   │    └ station number of the issuing machine, 01–99 (never reused)
 *   └ branch code, 4 digits
 */
import { dammCheckDigit, dammValid } from './damm';

export const MAX_STATION_SEQUENCE = 99999;
export const MAX_STATION = 99;

const BRANCH = /^[0-9]{4}$/;
const TWELVE = /^[0-9]{12}$/;

/** Builds an identifier. Throws RangeError for a branch code that is not 4 ASCII digits, a
 * station outside 1–99 or a sequence outside 1–MAX_STATION_SEQUENCE (or non-integers). */
export function makeForeignId(branchCode: string, station: number, sequence: number): string {
  if (!BRANCH.test(branchCode)) throw new RangeError('makeForeignId: branch code must be 4 ASCII digits');
  if (!Number.isInteger(station) || station < 1 || station > MAX_STATION) {
    throw new RangeError('makeForeignId: station must be an integer 1–99');
  }
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > MAX_STATION_SEQUENCE) {
    throw new RangeError(`makeForeignId: sequence must be an integer 1–${MAX_STATION_SEQUENCE}`);
  }
  const body = branchCode + String(station).padStart(2, '0') + String(sequence).padStart(5, '0');
  return body + String(dammCheckDigit(body));
}

/** The parts of a valid identifier; null when `s` is not one (exactly 12 ASCII digits expected). */
export function parseForeignId(s: string): { branchCode: string; station: number; sequence: number } | null {
  if (!TWELVE.test(s)) return null;
  const station = Number(s.slice(4, 6));
  const sequence = Number(s.slice(6, 11));
  if (station < 1 || sequence < 1) return null;
  if (!dammValid(s)) return null;
  return { branchCode: s.slice(0, 4), station, sequence };
}

/** True for a well-formed identifier (structure and Damm check digit). */
export function isValidForeignId(s: string): boolean {
  return parseForeignId(s) !== null;
}

/** True when `s` is 12 ASCII digits whose Damm check digit is right (structure not checked). */
export function foreignIdChecksumOk(s: string): boolean {
  return TWELVE.test(s) && dammValid(s);
}
