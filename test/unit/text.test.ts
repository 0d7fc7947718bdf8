import { describe, it, expect } from 'vitest';
import { test as fcTest, fc } from '@fast-check/vitest';
import { normalizeDigitInput } from '../../shared/text/digits';
import { normalizePasswordInput } from '../../shared/text/password';
import { normalizeNameForSearch, normalizePersianText } from '../../shared/text/persian';
import {
  EmailSchema,
  LatinNameSchema,
  NewPasswordSchema,
  OptionalEmailSchema,
  PasswordInputSchema,
  PersonNameSchema,
} from '../../shared/schemas/fields';
import { FIELD_MESSAGES_FA } from '../../shared/i18n/fa-fields';
import { codeOf } from '../helpers/schema';


const ZWNJ = '\u200c';
const TATWEEL = '\u0640';

/** Characters that Persian names are made of, with the Arabic-layout variants, marks and joiners. */
const persianUnits = fc.constantFrom(
  ...'ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیآأإؤئةيىكۀ',
  ' ',
  '  ',
  '\t',
  ZWNJ,
  '\u200d',
  '\u200e',
  '\u200f',
  TATWEEL,
  '\u064e',
  '\u064f',
  '\u0650',
  '\u0651',
  '\u0652',
  '\u064b',
  '\u0654',
  '\u0670',
  '۰',
  '۹',
  '٠',
  '٩',
  'A',
  'z',
  'É',
  'e\u0301',
  '\ufeb3', // ARABIC LETTER SEEN INITIAL FORM
);
const persianish = fc.string({ unit: persianUnits, maxLength: 40 });
const anyUnicode = fc.string({ unit: 'binary', maxLength: 40 });

describe('normalizePersianText', () => {
  it('turns Arabic ي ى ك into Persian ی ک, trims and collapses whitespace', () => {
    expect(normalizePersianText('  علي   كريمي \n')).toBe('علی کریمی');
    expect(normalizePersianText('مصطفى')).toBe('مصطفی');
    expect(normalizePersianText('\tزهرا\u00a0\u00a0احمدی ')).toBe('زهرا احمدی');
  });

  it('keeps digits, ZWNJ, tatweel and diacritics as typed (display form)', () => {
    expect(normalizePersianText('پلاک ۱۲ و ٣٤ و 56')).toBe('پلاک ۱۲ و ٣٤ و 56');
    expect(normalizePersianText(`مهر${ZWNJ}آبادی`)).toBe(`مهر${ZWNJ}آبادی`);
    expect(normalizePersianText(`عـلی`)).toBe('عـلی');
    expect(normalizePersianText('مُحَمَّد')).toBe('مُحَمَّد');
  });

  fcTest.prop([persianish])('is idempotent (Persian-like text)', (s) => {
    const once = normalizePersianText(s);
    expect(normalizePersianText(once)).toBe(once);
  });

  fcTest.prop([anyUnicode])('is idempotent (any Unicode)', (s) => {
    const once = normalizePersianText(s);
    expect(normalizePersianText(once)).toBe(once);
  });
});

describe('normalizeNameForSearch', () => {
  it('Arabic ي and ك: علي كريمي and علی کریمی are the same for search', () => {
    expect(normalizeNameForSearch('علي كريمي')).toBe(normalizeNameForSearch('علی کریمی'));
    expect(normalizeNameForSearch('علي كريمي')).toBe('علی کریمی');
  });

  it('tatweel, diacritics and ZWNJ variants are the same for search', () => {
    expect(normalizeNameForSearch(`مهر${ZWNJ}آبادی`)).toBe(normalizeNameForSearch('مهر آبادی'));
    expect(normalizeNameForSearch(`مهر\u200dآبادی`)).toBe(normalizeNameForSearch('مهر آبادی'));
    expect(normalizeNameForSearch(`مهر ${ZWNJ} آبادي`)).toBe(normalizeNameForSearch('مهر آبادی'));
    expect(normalizeNameForSearch(`عـــلی`)).toBe(normalizeNameForSearch('علی'));
    expect(normalizeNameForSearch('مُحَمَّد')).toBe(normalizeNameForSearch('محمد'));
    expect(normalizeNameForSearch('عَلِيّ')).toBe(normalizeNameForSearch('علی'));
    expect(normalizeNameForSearch('\u200fعلی\u200e')).toBe('علی');
  });

  it('folds letter variants: ة→ه, أ إ آ→ا, ؤ→و, ۀ→ه', () => {
    expect(normalizeNameForSearch('فاطمة')).toBe(normalizeNameForSearch('فاطمه'));
    expect(normalizeNameForSearch('أحمد')).toBe('احمد');
    expect(normalizeNameForSearch('إسماعیل')).toBe('اسماعیل');
    expect(normalizeNameForSearch('آزاده')).toBe('ازاده');
    expect(normalizeNameForSearch('مؤمنی')).toBe('مومنی');
    expect(normalizeNameForSearch('زادۀ')).toBe(normalizeNameForSearch('زاده'));
    // ئ decomposes to ي + hamza: رئیسی and رییسی meet
    expect(normalizeNameForSearch('رئیسی')).toBe(normalizeNameForSearch('رییسی'));
  });

  it('folds Arabic presentation forms and lower-cases Latin', () => {
    expect(normalizeNameForSearch('\ufeb3\ufee8\ufe8e')).toBe('سنا'); // ﺳﻨﺎ
    expect(normalizeNameForSearch('  Ali   KARIMI ')).toBe('ali karimi');
  });

  it('leaves digits as they are', () => {
    expect(normalizeNameForSearch('علی ۲')).toBe('علی ۲');
  });

  fcTest.prop([persianish])('is idempotent (Persian-like text)', (s) => {
    const once = normalizeNameForSearch(s);
    expect(normalizeNameForSearch(once)).toBe(once);
  });

  fcTest.prop([anyUnicode])('is idempotent (any Unicode)', (s) => {
    const once = normalizeNameForSearch(s);
    expect(normalizeNameForSearch(once)).toBe(once);
  });

  fcTest.prop([persianish])('search key of the display form equals the search key of the input', (s) => {
    expect(normalizeNameForSearch(normalizePersianText(s))).toBe(normalizeNameForSearch(s));
  });
});

describe('normalizeDigitInput', () => {
  fcTest.prop([fc.string({ unit: fc.constantFrom(...'0123456789۰۱۹٠٩ -_.\u200c\u200e\u2013a+') })])(
    'is idempotent',
    (s) => {
      const once = normalizeDigitInput(s);
      expect(normalizeDigitInput(once)).toBe(once);
    },
  );

  fcTest.prop([anyUnicode])('is idempotent (any Unicode)', (s) => {
    const once = normalizeDigitInput(s);
    expect(normalizeDigitInput(once)).toBe(once);
  });
});

describe('password input (LOG-3)', () => {
  it('LOG-3 password with Persian letters is refused with NON_ASCII_PASSWORD', () => {
    expect(normalizePasswordInput('رمز۱۲۳۴۵')).toEqual({ ok: false, code: 'NON_ASCII_PASSWORD' });
    expect(normalizePasswordInput('abcdeفgh')).toEqual({ ok: false, code: 'NON_ASCII_PASSWORD' });
    expect(normalizePasswordInput('pass\u200cword')).toEqual({ ok: false, code: 'NON_ASCII_PASSWORD' });
    expect(normalizePasswordInput('pässwörd')).toEqual({ ok: false, code: 'NON_ASCII_PASSWORD' });
    expect(normalizePasswordInput('tab\there')).toEqual({ ok: false, code: 'NON_ASCII_PASSWORD' });
    expect(codeOf(PasswordInputSchema, 'رمز عبور من')).toBe('NON_ASCII_PASSWORD');
    expect(codeOf(NewPasswordSchema, 'رمز عبور من')).toBe('NON_ASCII_PASSWORD');
    expect(codeOf(NewPasswordSchema, 'رمز')).toBe('NON_ASCII_PASSWORD'); // before the length check
    expect(FIELD_MESSAGES_FA.NON_ASCII_PASSWORD).toMatch(/انگلیسی/);
  });

  it('LOG-3 Persian digits in a password are normalised to ASCII', () => {
    expect(normalizePasswordInput('۰۴۹۹۳۷۰۸۹۹')).toEqual({ ok: true, value: '0499370899' });
    expect(normalizePasswordInput('٠٠١٣٥٤٢٤١٩')).toEqual({ ok: true, value: '0013542419' });
    expect(normalizePasswordInput('Ab۱۲٣!')).toEqual({ ok: true, value: 'Ab123!' });
    expect(PasswordInputSchema.parse('۱۲۳۲۰۹۸۸')).toBe('12320988');
    expect(NewPasswordSchema.parse('Secret۲۰۲۶')).toBe('Secret2026');
  });

  it('LOG-3 passwords are case-sensitive (not lower-cased)', () => {
    expect(normalizePasswordInput('AbCdEfGh')).toEqual({ ok: true, value: 'AbCdEfGh' });
    expect(PasswordInputSchema.parse('AbCdEfGh')).toBe('AbCdEfGh');
    expect(NewPasswordSchema.parse('AbCdEfGh')).not.toBe(NewPasswordSchema.parse('abcdefgh'));
  });

  it('spaces are password characters: nothing is trimmed', () => {
    expect(normalizePasswordInput(' a b ')).toEqual({ ok: true, value: ' a b ' });
    expect(NewPasswordSchema.parse('  pass word  ')).toBe('  pass word  ');
  });

  fcTest.prop([fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) })])(
    'printable ASCII passes unchanged',
    (s) => {
      expect(normalizePasswordInput(s)).toEqual({ ok: true, value: s });
    },
  );

  it('NewPasswordSchema: 8–64 characters (PASSWORD_LENGTH)', () => {
    expect(NewPasswordSchema.parse('a'.repeat(8))).toBe('a'.repeat(8));
    expect(NewPasswordSchema.parse('a'.repeat(64))).toBe('a'.repeat(64));
    expect(codeOf(NewPasswordSchema, 'a'.repeat(7))).toBe('PASSWORD_LENGTH');
    expect(codeOf(NewPasswordSchema, 'a'.repeat(65))).toBe('PASSWORD_LENGTH');
    expect(codeOf(NewPasswordSchema, '')).toBe('PASSWORD_LENGTH');
  });

  it('PasswordInputSchema: at most 128 characters', () => {
    expect(PasswordInputSchema.parse('a'.repeat(128))).toBe('a'.repeat(128));
    expect(codeOf(PasswordInputSchema, 'a'.repeat(129))).toBe('TOO_BIG');
    expect(PasswordInputSchema.safeParse(12345678).success).toBe(false);
  });
});

describe('name fields', () => {
  it('PersonNameSchema normalises and requires 1–80 characters', () => {
    expect(PersonNameSchema.parse('  علي  كريمي ')).toBe('علی کریمی');
    expect(PersonNameSchema.parse(`مهر${ZWNJ}آبادی`)).toBe(`مهر${ZWNJ}آبادی`);
    expect(codeOf(PersonNameSchema, '')).toBe('NAME_REQUIRED');
    expect(codeOf(PersonNameSchema, '   ')).toBe('NAME_REQUIRED');
    expect(PersonNameSchema.parse('ب'.repeat(80))).toHaveLength(80);
    expect(codeOf(PersonNameSchema, 'ب'.repeat(81))).toBe('TOO_BIG');
  });

  it('LatinNameSchema: Latin letters, spaces, apostrophe, hyphen; 1–80', () => {
    expect(LatinNameSchema.parse('  MOHAMMAD   ALI ')).toBe('MOHAMMAD ALI');
    expect(LatinNameSchema.parse("O\u2019Brien-Smith")).toBe("O'Brien-Smith");
    expect(LatinNameSchema.parse('Karimi')).toBe('Karimi');
    expect(codeOf(LatinNameSchema, '')).toBe('NAME_REQUIRED');
    for (const bad of ['علی', 'Ali2', 'José', 'A.B', "'-", 'A'.repeat(81)]) {
      expect(codeOf(LatinNameSchema, bad), bad).toBe('LATIN_NAME_FORMAT');
    }
    expect(FIELD_MESSAGES_FA.LATIN_NAME_FORMAT).toBeTruthy();
    expect(FIELD_MESSAGES_FA.NAME_REQUIRED).toBeTruthy();
  });
});

describe('e-mail fields', () => {
  it('EmailSchema trims and lower-cases the domain only', () => {
    expect(EmailSchema.parse('  Ali.Karimi@Example.COM ')).toBe('Ali.Karimi@example.com');
    expect(EmailSchema.parse('\u200eali@tamin.ir')).toBe('ali@tamin.ir');
    expect(EmailSchema.parse('ali۱۲@tamin.ir')).toBe('ali12@tamin.ir');
    for (const bad of ['', 'ali', 'ali@', '@tamin.ir', 'ali@tamin', 'علی@tamin.ir', 'a b@tamin.ir']) {
      expect(codeOf(EmailSchema, bad), bad).toBe('EMAIL_FORMAT');
    }
    expect(codeOf(EmailSchema, 'a'.repeat(250) + '@x.ir')).toBe('EMAIL_FORMAT');
  });

  it('OptionalEmailSchema: empty → null', () => {
    expect(OptionalEmailSchema.parse('')).toBeNull();
    expect(OptionalEmailSchema.parse('  ')).toBeNull();
    expect(OptionalEmailSchema.parse(null)).toBeNull();
    expect(OptionalEmailSchema.parse(undefined)).toBeNull();
    expect(OptionalEmailSchema.parse('Ali@Tamin.IR')).toBe('Ali@tamin.ir');
    expect(codeOf(OptionalEmailSchema, 'not-an-email')).toBe('EMAIL_FORMAT');
  });
});
