import { describe, it, expect } from 'vitest';
import { test as fcTest } from '@fast-check/vitest';
import { makeForeignId } from '../../shared/identifiers/foreign-id';
import { isValidNationalCode, nationalCodeCheckDigit } from '../../shared/identifiers/national-code';
import { InsuranceNumberSchema, NationalCodeSchema, UsernameSchema } from '../../shared/schemas/fields';
import { toPersianDigits } from '../../shared/text/digits';
import { codeOf } from '../helpers/schema';
import { validNationalCode } from '../helpers/identifier-arbitraries';

describe('national code', () => {
  it('accepts codes verified by hand', () => {
    // 0499370899: 0·10+4·9+9·8+9·7+3·6+7·5+0·4+8·3+9·2 = 266; 266 mod 11 = 2 → check 11−2 = 9 ✓
    // 0013542419: 0·10+0·9+1·8+3·7+5·6+4·5+2·4+4·3+1·2 = 101; 101 mod 11 = 2 → check 11−2 = 9 ✓
    // 0000000051: 5·2 = 10; r = 10 → check 11−10 = 1 ✓
    for (const code of ['0499370899', '0013542419', '0000000051']) {
      expect(isValidNationalCode(code), code).toBe(true);
    }
    expect(nationalCodeCheckDigit('049937089')).toBe(9);
    expect(nationalCodeCheckDigit('001354241')).toBe(9);
  });

  it('uses r itself as the check digit when r < 2', () => {
    // 000000031: 3·3 + 1·2 = 11; r = 0 → check 0
    expect(nationalCodeCheckDigit('000000031')).toBe(0);
    expect(isValidNationalCode('0000000310')).toBe(true);
    expect(isValidNationalCode('0000000311')).toBe(false);
    // 000000006: 6·2 = 12; r = 1 → check 1
    expect(nationalCodeCheckDigit('000000006')).toBe(1);
    expect(isValidNationalCode('0000000061')).toBe(true);
    expect(isValidNationalCode('0000000060')).toBe(false);
  });

  fcTest.prop([validNationalCode])('accepts codes made with the check-digit function', (code) => {
    expect(isValidNationalCode(code)).toBe(true);
  });

  fcTest.prop([validNationalCode])('refuses every wrong check digit', (code) => {
    for (let d = 0; d <= 9; d++) {
      if (String(d) === code[9]) continue;
      expect(isValidNationalCode(code.slice(0, 9) + String(d))).toBe(false);
    }
  });

  it('refuses ten equal digits, even those whose arithmetic checks out', () => {
    for (let d = 0; d <= 9; d++) {
      const code = String(d).repeat(10);
      expect(isValidNationalCode(code), code).toBe(false);
      expect(codeOf(NationalCodeSchema, code)).toBe('NATIONAL_CODE_REPEATED');
    }
    // 1111111111 satisfies the formula (s = 54, r = 10, check 1): refused only by the equal-digits rule
    expect(nationalCodeCheckDigit('111111111')).toBe(1);
  });

  it('refuses a wrong check digit, wrong lengths and non-ASCII digits', () => {
    expect(isValidNationalCode('0499370898')).toBe(false);
    expect(isValidNationalCode('0013542418')).toBe(false);
    expect(isValidNationalCode('499370899')).toBe(false);
    expect(isValidNationalCode('04993708990')).toBe(false);
    expect(isValidNationalCode('')).toBe(false);
    expect(isValidNationalCode('049937089a')).toBe(false);
    expect(isValidNationalCode(toPersianDigits('0499370899'))).toBe(false); // callers normalise first
    expect(() => nationalCodeCheckDigit('12345678')).toThrow(RangeError);
    expect(() => nationalCodeCheckDigit('12345678x')).toThrow(RangeError);
  });

  it('NationalCodeSchema accepts Persian/Arabic digits with spaces and dashes', () => {
    expect(NationalCodeSchema.parse('۰۴۹-۹۳۷۰۸ ۹۹')).toBe('0499370899');
    expect(NationalCodeSchema.parse('٠٠١٣-٥٤٢-٤١٩')).toBe('0013542419');
    expect(NationalCodeSchema.parse(' 001-354241-9 ')).toBe('0013542419');
    expect(NationalCodeSchema.parse('\u200e۰۰۱۳۵۴۲۴۱۹\u200f')).toBe('0013542419');
  });

  it('NationalCodeSchema fails with NATIONAL_CODE_FORMAT or NATIONAL_CODE_CHECKSUM', () => {
    expect(codeOf(NationalCodeSchema, '12345')).toBe('NATIONAL_CODE_FORMAT');
    expect(codeOf(NationalCodeSchema, '04993708990')).toBe('NATIONAL_CODE_FORMAT');
    expect(codeOf(NationalCodeSchema, '04993708a9')).toBe('NATIONAL_CODE_FORMAT');
    expect(codeOf(NationalCodeSchema, '')).toBe('NATIONAL_CODE_FORMAT');
    expect(codeOf(NationalCodeSchema, '0499370898')).toBe('NATIONAL_CODE_CHECKSUM');
    expect(codeOf(NationalCodeSchema, '۰۴۹۹۳۷۰۸۹۸')).toBe('NATIONAL_CODE_CHECKSUM');
    expect(NationalCodeSchema.safeParse(499370899).success).toBe(false);
  });
});

describe('username', () => {
  it('REG-3 username is a national code or a foreign-national identifier', () => {
    const foreign = makeForeignId('3306', 12, 4567);
    expect(UsernameSchema.parse('0499370899')).toBe('0499370899');
    expect(UsernameSchema.parse('۰۰۱۳ ۵۴۲۴۱۹')).toBe('0013542419');
    expect(UsernameSchema.parse(foreign)).toBe(foreign);
    expect(UsernameSchema.parse(toPersianDigits(foreign))).toBe(foreign);
    expect(codeOf(UsernameSchema, '0499370898')).toBe('NATIONAL_CODE_CHECKSUM');
    expect(codeOf(UsernameSchema, foreign.slice(0, 11) + String((Number(foreign[11]) + 3) % 10))).toBe(
      'FOREIGN_ID_CHECKSUM',
    );
    for (const bad of ['', '123', '04993708991', '0499370899012', 'ali', 'admin@x']) {
      expect(codeOf(UsernameSchema, bad), bad).toBe('USERNAME_FORMAT');
    }
  });
});

describe('insurance number', () => {
  it('REG-9 insurance number must be exactly 10 digits', () => {
    expect(InsuranceNumberSchema.parse('1234567890')).toBe('1234567890');
    expect(InsuranceNumberSchema.parse('۱۲۳۴-۵۶۷ ۸۹۰')).toBe('1234567890');
    expect(InsuranceNumberSchema.parse('٠٠١٢٣٤٥٦٧٨')).toBe('0012345678');
    expect(codeOf(InsuranceNumberSchema, '123456789')).toBe('INSURANCE_NUMBER_FORMAT'); // 9 digits
    expect(codeOf(InsuranceNumberSchema, '12345678901')).toBe('INSURANCE_NUMBER_FORMAT'); // 11 digits
    expect(codeOf(InsuranceNumberSchema, '۱۲۳۴۵۶۷۸۹')).toBe('INSURANCE_NUMBER_FORMAT');
    expect(codeOf(InsuranceNumberSchema, '12345678a0')).toBe('INSURANCE_NUMBER_FORMAT');
    expect(codeOf(InsuranceNumberSchema, '')).toBe('INSURANCE_NUMBER_FORMAT');
  });
});
