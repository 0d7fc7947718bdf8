import { describe, it, expect } from 'vitest';
import { makeForeignId } from '../../shared/identifiers/foreign-id';
import { isValidNationalCode, nationalCodeCheckDigit } from '../../shared/identifiers/national-code';
import { classifySearch } from '../../shared/search/classify';
import { toPersianDigits } from '../../shared/text/digits';

describe('classifySearch', () => {
  it('a valid national code → nationalCode', () => {
    expect(classifySearch('0499370899')).toEqual({ kind: 'nationalCode', value: '0499370899' });
    expect(classifySearch(' ۰۰۱۳-۵۴۲۴۱۹ ')).toEqual({ kind: 'nationalCode', value: '0013542419' });
  });

  it('a valid national code starting with 9 stays a national code (not a mobile)', () => {
    const code = '912123456' + String(nationalCodeCheckDigit('912123456'));
    expect(isValidNationalCode(code)).toBe(true);
    expect(classifySearch(code)).toEqual({ kind: 'nationalCode', value: code });
  });

  it('a valid 12-digit identifier → foreignId, even when it also looks like 98 9…', () => {
    const id = makeForeignId('2101', 7, 123);
    expect(classifySearch(toPersianDigits(id))).toEqual({ kind: 'foreignId', value: id });
    const looksLikeMobile = makeForeignId('9891', 21, 23456); // 98 912 1234 56c
    expect(classifySearch(looksLikeMobile)).toEqual({ kind: 'foreignId', value: looksLikeMobile });
    const broken = looksLikeMobile.slice(0, 11) + String((Number(looksLikeMobile[11]) + 1) % 10);
    expect(classifySearch(broken)).toEqual({ kind: 'mobile', value: '0' + broken.slice(2) });
  });

  it('a mobile in any accepted form → mobile', () => {
    for (const q of ['09121234567', '+98 912 123 4567', '00989121234567', '۰۹۱۲ ۱۲۳ ۴۵۶۷']) {
      expect(classifySearch(q), q).toEqual({ kind: 'mobile', value: '09121234567' });
    }
    expect(isValidNationalCode('9121234567')).toBe(false);
    expect(classifySearch('9121234567')).toEqual({ kind: 'mobile', value: '09121234567' });
  });

  it('10 digits that are not a national code → insuranceNumber', () => {
    expect(isValidNationalCode('1234567890')).toBe(false);
    expect(classifySearch('1234567890')).toEqual({ kind: 'insuranceNumber', value: '1234567890' });
    expect(classifySearch('۱۲۳۴ ۵۶۷ ۸۹۰')).toEqual({ kind: 'insuranceNumber', value: '1234567890' });
  });

  it('anything else → name, with the search key as value', () => {
    expect(classifySearch('علي كريمي')).toEqual({ kind: 'name', value: 'علی کریمی' });
    expect(classifySearch('  Karimi ')).toEqual({ kind: 'name', value: 'karimi' });
    expect(classifySearch('12345')).toEqual({ kind: 'name', value: '12345' });
    expect(classifySearch('')).toEqual({ kind: 'name', value: '' });
  });
});
