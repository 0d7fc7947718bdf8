import { describe, it, expect } from 'vitest';
import { BirthDateSchema, BranchCodeSchema, CountryCodeSchema, IsoDateSchema, StaffUsernameSchema, StationNumberSchema, TrackingCodeSchema } from '../../shared/schemas/fields';
import { FIELD_MESSAGES_FA } from '../../shared/i18n/fa-fields';
import { codeOf } from '../helpers/schema';

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

  it('BirthDateSchema: a real date, not after today, not before 1900 (an identifier was issued for 1410/01/01 = 2031-03-21 and 3700/05/21: outside probe 2026-12-07)', () => {
    const today = new Date().toISOString().slice(0, 10);
    expect(BirthDateSchema.parse('1990-01-31')).toBe('1990-01-31');
    expect(BirthDateSchema.parse('1900-01-01')).toBe('1900-01-01');
    expect(BirthDateSchema.parse(today)).toBe(today);
    for (const late of ['2031-03-21', '4321-08-12', '9999-12-31', new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10)]) {
      expect(codeOf(BirthDateSchema, late), late).toBe('BIRTH_DATE_RANGE');
    }
    for (const early of ['1899-12-31', '0622-03-22', '0001-01-01']) expect(codeOf(BirthDateSchema, early), early).toBe('BIRTH_DATE_RANGE');
    expect(codeOf(BirthDateSchema, '2023-02-29')).toBe('DATE_FORMAT');
    expect(FIELD_MESSAGES_FA.BIRTH_DATE_RANGE).toMatch(/تاریخ تولد/);
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
