import { describe, it, expect } from 'vitest';
import { test as fcTest, fc } from '@fast-check/vitest';
import { dammCheckDigit, dammValid } from '../../shared/identifiers/damm';
import {
  MAX_STATION_SEQUENCE,
  isValidForeignId,
  makeForeignId,
  parseForeignId,
} from '../../shared/identifiers/foreign-id';
import { normalizeMobile } from '../../shared/identifiers/mobile';
import { isValidNationalCode, nationalCodeCheckDigit } from '../../shared/identifiers/national-code';
import {
  BranchCodeSchema,
  CountryCodeSchema,
  ForeignIdSchema,
  InsuranceNumberSchema,
  IsoDateSchema,
  MobileSchema,
  NationalCodeSchema,
  OptionalMobileSchema,
  StaffUsernameSchema,
  StationNumberSchema,
  TrackingCodeSchema,
  UsernameSchema,
} from '../../shared/schemas/fields';
import { classifySearch } from '../../shared/search/classify';
import { toPersianDigits } from '../../shared/text/digits';
import { FIELD_MESSAGES_FA } from '../../shared/i18n/fa-fields';
import { codeOf } from '../helpers/schema';


const toArabicDigits = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0x0660 + Number(d)));

const digitString = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });

const foreignIdParts = fc.record({
  branchCode: digitString(4),
  station: fc.integer({ min: 1, max: 99 }),
  sequence: fc.integer({ min: 1, max: MAX_STATION_SEQUENCE }),
});

/** A valid national code built with our own check-digit function (ten equal digits excluded). */
const validNationalCode = digitString(9)
  .map((first9) => first9 + String(nationalCodeCheckDigit(first9)))
  .filter((code) => !/^(\d)\1{9}$/.test(code));

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

describe('mobile', () => {
  it('normalises every accepted form to 09XXXXXXXXX', () => {
    for (const form of [
      '09121234567',
      '+989121234567',
      '00989121234567',
      '989121234567',
      '9121234567',
      '۰۹۱۲ ۱۲۳ ۴۵۶۷',
      '٠٩١٢-١٢٣-٤٥٦٧',
      '+98 (912) 123-4567',
      '+98 912 123 4567',
      '(0912) 123 4567',
      '+98 (0) 912 123 4567',
      '\u200e+۹۸ ۹۱۲ ۱۲۳ ۴۵۶۷\u200e',
    ]) {
      expect(normalizeMobile(form), form).toBe('09121234567');
    }
  });

  it('refuses what is not an Iranian mobile', () => {
    for (const bad of [
      '02112345678', // Tehran landline
      '0912123456', // one digit short
      '091212345678', // one digit long
      '912123456',
      '+9121234567',
      '+449121234567',
      '0989121234567',
      '08121234567',
      '0912123456a',
      '09121234567+',
      '',
      'abc',
    ]) {
      expect(normalizeMobile(bad), bad).toBeNull();
    }
  });

  fcTest.prop([fc.string({ unit: fc.constantFrom(...'0123456789+98 -()۰۹٠٩') })])(
    'normalizeMobile is idempotent on its own output',
    (s) => {
      const m = normalizeMobile(s);
      if (m !== null) {
        expect(m).toMatch(/^09[0-9]{9}$/);
        expect(normalizeMobile(m)).toBe(m);
      }
    },
  );

  fcTest.prop([digitString(9), fc.constantFrom('09', '+989', '00989', '989', '9', '+98 09')])(
    'normalizeMobile on generated mobiles returns 09 + the subscriber digits',
    (rest, prefix) => {
      const m = normalizeMobile(prefix + rest);
      expect(m).toBe('09' + rest);
      expect(normalizeMobile(m!)).toBe(m);
    },
  );

  it('MobileSchema and OptionalMobileSchema', () => {
    expect(MobileSchema.parse('۰۹۱۲ ۱۲۳ ۴۵۶۷')).toBe('09121234567');
    expect(codeOf(MobileSchema, '02112345678')).toBe('MOBILE_FORMAT');
    expect(codeOf(MobileSchema, '')).toBe('MOBILE_FORMAT');
    expect(OptionalMobileSchema.parse('')).toBeNull();
    expect(OptionalMobileSchema.parse('   ')).toBeNull();
    expect(OptionalMobileSchema.parse(null)).toBeNull();
    expect(OptionalMobileSchema.parse(undefined)).toBeNull();
    expect(OptionalMobileSchema.parse('+98 912 123 4567')).toBe('09121234567');
    expect(codeOf(OptionalMobileSchema, '0912123456')).toBe('MOBILE_FORMAT');
  });
});

describe('other identifier fields', () => {
  it('BranchCodeSchema: 4 digits', () => {
    expect(BranchCodeSchema.parse('۲۱۰۱')).toBe('2101');
    expect(BranchCodeSchema.parse('0012')).toBe('0012');
    for (const bad of ['210', '21011', 'ab12', '']) expect(codeOf(BranchCodeSchema, bad), bad).toBe('BRANCH_CODE_FORMAT');
  });

  it('StationNumberSchema: integer 1–99 from a number or a digit string', () => {
    expect(StationNumberSchema.parse(7)).toBe(7);
    expect(StationNumberSchema.parse('07')).toBe(7);
    expect(StationNumberSchema.parse('۹۹')).toBe(99);
    expect(StationNumberSchema.parse('٤٢')).toBe(42);
    for (const bad of [0, 100, 1.5, -3, Number.NaN, '0', '100', '', 'x', '1.5', true, null]) {
      expect(codeOf(StationNumberSchema, bad), String(bad)).toBe('STATION_FORMAT');
    }
  });

  it('TrackingCodeSchema: 8 digits (REC-2 sample 22617186)', () => {
    expect(TrackingCodeSchema.parse('22617186')).toBe('22617186');
    expect(TrackingCodeSchema.parse('۲۲۶۱ ۷۱۸۶')).toBe('22617186');
    for (const bad of ['2261718', '226171866', '']) expect(codeOf(TrackingCodeSchema, bad), bad).toBe('TRACKING_CODE_FORMAT');
  });

  it('IsoDateSchema: a real Gregorian YYYY-MM-DD', () => {
    expect(IsoDateSchema.parse('2024-02-29')).toBe('2024-02-29');
    expect(IsoDateSchema.parse('2000-02-29')).toBe('2000-02-29');
    expect(IsoDateSchema.parse(' ۱۹۹۰-۰۱-۳۱ ')).toBe('1990-01-31');
    for (const bad of ['2023-02-29', '1900-02-29', '2024-13-01', '2024-00-10', '2024-04-31', '2024-1-1', '20240101', '0000-01-01', '']) {
      expect(codeOf(IsoDateSchema, bad), bad).toBe('DATE_FORMAT');
    }
  });

  it('StaffUsernameSchema: 3–32 of [a-z0-9._-], lower-cased', () => {
    expect(StaffUsernameSchema.parse(' R.Ahmadi ')).toBe('r.ahmadi');
    expect(StaffUsernameSchema.parse('clerk_۰۱')).toBe('clerk_01');
    for (const bad of ['ab', 'a'.repeat(33), 'علی', 'a b', 'a@b']) {
      expect(codeOf(StaffUsernameSchema, bad), bad).toBe('STAFF_USERNAME_FORMAT');
    }
  });

  it('CountryCodeSchema: ISO 3166-1 alpha-2', () => {
    expect(CountryCodeSchema.parse('af')).toBe('AF');
    expect(CountryCodeSchema.parse(' IQ ')).toBe('IQ');
    for (const bad of ['XX', 'AFG', '004', 'A', '']) expect(codeOf(CountryCodeSchema, bad), bad).toBe('COUNTRY_CODE');
  });

  it('every failure code used here has Persian text', () => {
    for (const code of [
      'NATIONAL_CODE_FORMAT',
      'NATIONAL_CODE_CHECKSUM',
      'NATIONAL_CODE_REPEATED',
      'FOREIGN_ID_FORMAT',
      'FOREIGN_ID_CHECKSUM',
      'USERNAME_FORMAT',
      'INSURANCE_NUMBER_FORMAT',
      'MOBILE_FORMAT',
      'BRANCH_CODE_FORMAT',
      'STATION_FORMAT',
      'TRACKING_CODE_FORMAT',
      'DATE_FORMAT',
      'STAFF_USERNAME_FORMAT',
      'COUNTRY_CODE',
    ]) {
      expect(FIELD_MESSAGES_FA[code], code).toBeTruthy();
    }
  });
});

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
