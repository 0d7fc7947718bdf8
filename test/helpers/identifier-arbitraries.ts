import { fc } from '@fast-check/vitest';
import { MAX_STATION_SEQUENCE } from '../../shared/identifiers/foreign-id';
import { nationalCodeCheckDigit } from '../../shared/identifiers/national-code';

/** Inputs shared by the identifier tests: other digit scripts and fast-check arbitraries. */

export const toArabicDigits = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0x0660 + Number(d)));

export const digitString = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });

export const foreignIdParts = fc.record({
  branchCode: digitString(4),
  station: fc.integer({ min: 1, max: 99 }),
  sequence: fc.integer({ min: 1, max: MAX_STATION_SEQUENCE }),
});

/** A valid national code built with our own check-digit function (ten equal digits excluded). */
export const validNationalCode = digitString(9)
  .map((first9) => first9 + String(nationalCodeCheckDigit(first9)))
  .filter((code) => !/^(\d)\1{9}$/.test(code));
