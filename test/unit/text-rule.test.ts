import { fc, test as fcTest } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { ReasonSchema } from '../../shared/contract/common';
import { SettingsUpdateSchema } from '../../shared/contract/settings.contract';
import { FIELD_MESSAGES_FA } from '../../shared/i18n/fa-fields';
import { PersonNameSchema } from '../../shared/schemas/fields';
import { multilineText, plainText } from '../../shared/schemas/text';
import { hasForbiddenTextChars, TEXT_CONTROL_CHARS } from '../../shared/text/control-chars';
import { codeOf } from '../helpers/schema';

const ZWNJ = '\u200c';
/** What issue 10 found stored: NUL, BEL, ESC, DEL, a C1 control, every bidi embedding/override/isolate, lone surrogates. */
const FORBIDDEN = ['\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\u009b', '\t', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\ud800', '\udfff'];

describe('the shared text rule (issue 10 item 5)', () => {
  it('refuses C0/C1 controls, bidi controls and unpaired surrogates in a single-line field', () => {
    for (const ch of FORBIDDEN) expect(hasForbiddenTextChars(`علی${ch}رضا`), JSON.stringify(ch)).toBe(true);
    expect(hasForbiddenTextChars('علی\nرضا')).toBe(true);
  });

  it('keeps ZWNJ, LRM/RLM, paired surrogates (emoji) and ordinary Persian text', () => {
    expect(hasForbiddenTextChars(`مهر${ZWNJ}آبادی`)).toBe(false);
    expect(hasForbiddenTextChars('نام\u200e (A)\u200f')).toBe(false);
    expect(hasForbiddenTextChars('سلام 😀')).toBe(false);
  });

  it('allows LF and CRLF only where a field is multi-line; a bare CR or a tab is still refused', () => {
    expect(hasForbiddenTextChars('سطر یک\nسطر دو\r\nسطر سه', true)).toBe(false);
    expect(hasForbiddenTextChars('سطر یک\rسطر دو', true)).toBe(true);
    expect(hasForbiddenTextChars('ستون\tستون', true)).toBe(true);
    expect(hasForbiddenTextChars('x\u202ey', true)).toBe(true);
  });

  fcTest.prop([fc.string({ unit: 'binary', maxLength: 30 })])('plainText refuses exactly what the rule refuses, with TEXT_CONTROL_CHARS', (s) => {
    expect(codeOf(plainText(), s)).toBe(hasForbiddenTextChars(s) ? TEXT_CONTROL_CHARS : null);
    expect(codeOf(multilineText(), s)).toBe(hasForbiddenTextChars(s, true) ? TEXT_CONTROL_CHARS : null);
  });

  it('names, reasons and the terms text use it, before trimming or normalising', () => {
    expect(codeOf(PersonNameSchema, 'علی\u0000')).toBe(TEXT_CONTROL_CHARS);
    expect(codeOf(PersonNameSchema, '\u202eیلع')).toBe(TEXT_CONTROL_CHARS);
    // A tab would otherwise be normalised into a space and stored silently.
    expect(codeOf(PersonNameSchema, 'علی\tرضا')).toBe(TEXT_CONTROL_CHARS);
    expect(PersonNameSchema.parse(`مهر${ZWNJ}آبادی`)).toBe(`مهر${ZWNJ}آبادی`);
    expect(codeOf(ReasonSchema, 'اشتباه\u0007 تایپی')).toBe(TEXT_CONTROL_CHARS);
    expect(codeOf(ReasonSchema, '  \u001b ')).toBe(TEXT_CONTROL_CHARS);
    const terms = 'متن شرایط ثبت نام، سطر نخست.\nسطر دوم شرایط با نیم‌فاصله.';
    expect(SettingsUpdateSchema.parse({ termsText: terms }).termsText).toBe(terms);
    expect(SettingsUpdateSchema.safeParse({ termsText: terms + '\u2067' }).error?.issues[0]?.message).toBe(TEXT_CONTROL_CHARS);
  });

  it('has a Persian field message', () => {
    expect(FIELD_MESSAGES_FA[TEXT_CONTROL_CHARS]).toMatch(/[\u0600-\u06FF]/);
  });
});
