import { describe, it, expect } from 'vitest';
import { test as fcTest, fc } from '@fast-check/vitest';
import { normalizeMobile } from '../../shared/identifiers/mobile';
import { MobileSchema, OptionalMobileSchema } from '../../shared/schemas/fields';
import { codeOf } from '../helpers/schema';
import { digitString } from '../helpers/identifier-arbitraries';

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
