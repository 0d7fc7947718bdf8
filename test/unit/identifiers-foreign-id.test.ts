import { describe, it, expect } from 'vitest';
import { test as fcTest, fc } from '@fast-check/vitest';
import { dammCheckDigit, dammValid } from '../../shared/identifiers/damm';
import { MAX_STATION_SEQUENCE, isValidForeignId, makeForeignId, parseForeignId } from '../../shared/identifiers/foreign-id';
import { ForeignIdSchema } from '../../shared/schemas/fields';
import { toPersianDigits } from '../../shared/text/digits';
import { codeOf } from '../helpers/schema';
import { toArabicDigits, foreignIdParts } from '../helpers/identifier-arbitraries';

describe('Damm check digit', () => {
  it('matches the published example (572 → 4)', () => {
    expect(dammCheckDigit('572')).toBe(4);
    expect(dammValid('5724')).toBe(true);
    expect(dammValid('5723')).toBe(false);
    expect(dammValid('')).toBe(false);
    expect(dammValid('57a4')).toBe(false);
    expect(() => dammCheckDigit('5x2')).toThrow(RangeError);
  });

  fcTest.prop([fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 30 })])(
    'appending the check digit always gives a valid string',
    (digits) => {
      expect(dammValid(digits + String(dammCheckDigit(digits)))).toBe(true);
    },
  );
});

describe('foreign-national identifier', () => {
  fcTest.prop([foreignIdParts])('Damm: a foreign-national identifier is branch, station, sequence and their Damm check digit', (p) => {
    const id = makeForeignId(p.branchCode, p.station, p.sequence);
    expect(id).toMatch(/^[0-9]{12}$/);
    expect(id.slice(0, 4)).toBe(p.branchCode);
    expect(id.slice(4, 6)).toBe(String(p.station).padStart(2, '0'));
    expect(id.slice(6, 11)).toBe(String(p.sequence).padStart(5, '0'));
    expect(Number(id[11])).toBe(dammCheckDigit(id.slice(0, 11)));
    expect(dammValid(id)).toBe(true);
    expect(isValidForeignId(id)).toBe(true);
  });

  fcTest.prop([foreignIdParts])('make/parse round-trip', (p) => {
    expect(parseForeignId(makeForeignId(p.branchCode, p.station, p.sequence))).toEqual(p);
  });

  fcTest.prop([foreignIdParts])('Damm: every single-digit change of an identifier is detected', (p) => {
    const id = makeForeignId(p.branchCode, p.station, p.sequence);
    for (let i = 0; i < id.length; i++) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === id[i]) continue;
        const changed = id.slice(0, i) + String(d) + id.slice(i + 1);
        expect(isValidForeignId(changed), `${id} → ${changed}`).toBe(false);
        expect(parseForeignId(changed)).toBeNull();
      }
    }
  });

  fcTest.prop([foreignIdParts])('Damm: every adjacent swap of two different digits of an identifier is detected', (p) => {
    const id = makeForeignId(p.branchCode, p.station, p.sequence);
    for (let i = 0; i + 1 < id.length; i++) {
      if (id[i] === id[i + 1]) continue;
      const swapped = id.slice(0, i) + id[i + 1] + id[i] + id.slice(i + 2);
      expect(isValidForeignId(swapped), `${id} → ${swapped}`).toBe(false);
    }
  });

  it('covers the edges of station and sequence', () => {
    expect(parseForeignId(makeForeignId('0000', 1, 1))).toEqual({ branchCode: '0000', station: 1, sequence: 1 });
    expect(parseForeignId(makeForeignId('9999', 99, MAX_STATION_SEQUENCE))).toEqual({
      branchCode: '9999',
      station: 99,
      sequence: 99999,
    });
    expect(MAX_STATION_SEQUENCE).toBe(99999);
  });

  it('makeForeignId throws RangeError on out-of-range input', () => {
    for (const branch of ['123', '12345', 'abcd', '۱۲۳۴', '']) {
      expect(() => makeForeignId(branch, 1, 1), branch).toThrow(RangeError);
    }
    for (const station of [0, 100, -1, 1.5, Number.NaN]) {
      expect(() => makeForeignId('1234', station, 1), String(station)).toThrow(RangeError);
    }
    for (const sequence of [0, MAX_STATION_SEQUENCE + 1, -5, 2.5, Number.POSITIVE_INFINITY]) {
      expect(() => makeForeignId('1234', 1, sequence), String(sequence)).toThrow(RangeError);
    }
  });

  it('refuses station 00 and sequence 00000 even with a correct Damm digit', () => {
    const station0 = '123400' + '00042';
    const seq0 = '123401' + '00000';
    for (const body of [station0, seq0]) {
      const id = body + String(dammCheckDigit(body));
      expect(dammValid(id)).toBe(true);
      expect(isValidForeignId(id)).toBe(false);
      expect(parseForeignId(id)).toBeNull();
      expect(codeOf(ForeignIdSchema, id)).toBe('FOREIGN_ID_CHECKSUM');
    }
  });

  it('isValidForeignId wants exactly 12 ASCII digits', () => {
    const id = makeForeignId('2101', 7, 123);
    expect(isValidForeignId(toPersianDigits(id))).toBe(false);
    expect(isValidForeignId(id + '0')).toBe(false);
    expect(isValidForeignId(id.slice(1))).toBe(false);
    expect(isValidForeignId(` ${id}`)).toBe(false);
  });

  it('ForeignIdSchema normalises digits and fails with FOREIGN_ID_FORMAT / FOREIGN_ID_CHECKSUM', () => {
    const id = makeForeignId('2101', 7, 123);
    const typed = `${toPersianDigits(id.slice(0, 4))} ${toArabicDigits(id.slice(4, 6))}-${id.slice(6)}`;
    expect(ForeignIdSchema.parse(typed)).toBe(id);
    expect(codeOf(ForeignIdSchema, id.slice(0, 11))).toBe('FOREIGN_ID_FORMAT');
    expect(codeOf(ForeignIdSchema, '0499370899')).toBe('FOREIGN_ID_FORMAT');
    const wrong = id.slice(0, 11) + String((Number(id[11]) + 1) % 10);
    expect(codeOf(ForeignIdSchema, wrong)).toBe('FOREIGN_ID_CHECKSUM');
  });
});
