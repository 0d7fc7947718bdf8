/**
 * Field schemas shared by the contract and the forms. Each one normalises what was typed (digit
 * scripts, stray spaces and dashes, Arabic-layout letters, …) and then validates it. A failure is
 * one issue whose message is a stable upper-case code (see `shared/i18n/fa-fields.ts` for the
 * Persian text); a value of the wrong type fails with zod's own `invalid_type` issue.
 */
import { isValid as isValidCountryCode } from 'i18n-iso-countries';
import { z } from 'zod';
import { foreignIdChecksumOk, isValidForeignId } from '../identifiers/foreign-id';
import { normalizeMobile } from '../identifiers/mobile';
import { isValidNationalCode } from '../identifiers/national-code';
import { normalizeDigitInput, toAsciiDigits } from '../text/digits';
import { normalizePasswordInput } from '../text/password';
import { normalizePersianText } from '../text/persian';
import { plainText } from './text';

/** A string schema that normalises, then runs `check` (null = fine, else the failure code). */
function normalizedString(normalize: (raw: string) => string, check: (value: string) => string | null) {
  return z.string().transform((raw, ctx) => {
    const value = normalize(raw);
    const code = check(value);
    if (code !== null) {
      ctx.addIssue({ code: 'custom', message: code, input: raw });
      return z.NEVER;
    }
    return value;
  });
}

/** Wraps a string schema: missing, null, or blank (after removing spaces/bidi marks) → null. */
function optionalOrNull<T>(schema: z.ZodType<T, string>) {
  return z
    .string()
    .nullish()
    .transform((raw, ctx): T | null => {
      if (raw === null || raw === undefined || normalizeDigitInput(raw) === '') return null;
      const r = schema.safeParse(raw);
      if (!r.success) {
        for (const issue of r.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, input: raw });
        return z.NEVER;
      }
      return r.data;
    });
}

const digitsOf = (n: number) => new RegExp(`^[0-9]{${n}}$`);
const TEN = digitsOf(10);
const TWELVE = digitsOf(12);

function nationalCodeIssue(v: string): string | null {
  if (!TEN.test(v)) return 'NATIONAL_CODE_FORMAT';
  // Ten equal digits are never issued: say so, rather than blame a check digit that may even fit.
  if (/^(\d)\1{9}$/.test(v)) return 'NATIONAL_CODE_REPEATED';
  return isValidNationalCode(v) ? null : 'NATIONAL_CODE_CHECKSUM';
}

/** Any 12 digits that are not a valid identifier (wrong check digit, station 00, sequence 00000)
 * fail with FOREIGN_ID_CHECKSUM; the wrong length fails with FOREIGN_ID_FORMAT. */
function foreignIdIssue(v: string): string | null {
  if (!TWELVE.test(v)) return 'FOREIGN_ID_FORMAT';
  if (!foreignIdChecksumOk(v)) return 'FOREIGN_ID_CHECKSUM';
  return isValidForeignId(v) ? null : 'FOREIGN_ID_CHECKSUM';
}

/** کد ملی: 10 digits with a valid check digit. */
export const NationalCodeSchema = normalizedString(normalizeDigitInput, nationalCodeIssue);

/** شناسه اتباع خارجی (REG-4): 12 digits, Damm check digit. */
export const ForeignIdSchema = normalizedString(normalizeDigitInput, foreignIdIssue);

/** REG-3: the username is a national code (10 digits) or a foreign-national identifier (12). */
export const UsernameSchema = normalizedString(normalizeDigitInput, (v) => {
  if (TEN.test(v)) return nationalCodeIssue(v);
  if (TWELVE.test(v)) return foreignIdIssue(v);
  return 'USERNAME_FORMAT';
});

/** REG-9: the insurance number is exactly 10 digits. */
export const InsuranceNumberSchema = normalizedString(normalizeDigitInput, (v) =>
  TEN.test(v) ? null : 'INSURANCE_NUMBER_FORMAT',
);

/** Iranian mobile, output `09XXXXXXXXX`. */
export const MobileSchema = z.string().transform((raw, ctx) => {
  const mobile = normalizeMobile(raw);
  if (mobile === null) {
    ctx.addIssue({ code: 'custom', message: 'MOBILE_FORMAT', input: raw });
    return z.NEVER;
  }
  return mobile;
});

/** Optional mobile (REG-10): missing, null or blank → null; otherwise as `MobileSchema`. */
export const OptionalMobileSchema = optionalOrNull(MobileSchema);

const EMAIL_JUNK = /[\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;
const EMAIL_MAX = 254;

function normalizeEmail(raw: string): string {
  const s = toAsciiDigits(raw).replace(EMAIL_JUNK, '').trim();
  const at = s.lastIndexOf('@');
  return at < 0 ? s : s.slice(0, at + 1) + s.slice(at + 1).toLowerCase();
}

/** E-mail: trimmed, domain lower-cased (the local part is kept as typed), zod's e-mail pattern. */
export const EmailSchema = normalizedString(normalizeEmail, (v) =>
  v.length <= EMAIL_MAX && z.regexes.email.test(v) ? null : 'EMAIL_FORMAT',
);

/** Optional e-mail: missing, null or blank → null; otherwise as `EmailSchema`. */
export const OptionalEmailSchema = optionalOrNull(EmailSchema);

export const PASSWORD_INPUT_MAX = 128;
export const NEW_PASSWORD_MIN = 8;
export const NEW_PASSWORD_MAX = 64;

/** A password as typed (login, current password): LOG-3 digits → ASCII, other non-ASCII refused;
 * never trimmed or case-folded. Longer than 128 → TOO_BIG. */
export const PasswordInputSchema = z.string().transform((raw, ctx) => {
  const r = normalizePasswordInput(raw);
  if (!r.ok) {
    ctx.addIssue({ code: 'custom', message: r.code, input: '' });
    return z.NEVER;
  }
  if (r.value.length > PASSWORD_INPUT_MAX) {
    ctx.addIssue({ code: 'custom', message: 'TOO_BIG', input: '' });
    return z.NEVER;
  }
  return r.value;
});

/** A new password: as `PasswordInputSchema`, and 8–64 characters (PASSWORD_LENGTH). The other
 * rules (not the username, not a common password, …) need context and live in the service. */
export const NewPasswordSchema = PasswordInputSchema.transform((value, ctx) => {
  if (value.length < NEW_PASSWORD_MIN || value.length > NEW_PASSWORD_MAX) {
    ctx.addIssue({ code: 'custom', message: 'PASSWORD_LENGTH', input: '' });
    return z.NEVER;
  }
  return value;
});

export const NAME_MAX = 80;

/** A name in Persian script (or any script) for display and storage: 1–80 characters after
 * `normalizePersianText`; empty → NAME_REQUIRED, too long → TOO_BIG; control or bidi characters →
 * TEXT_CONTROL_CHARS (the shared text rule, checked on the text as typed). */
export const PersonNameSchema = plainText().pipe(
  normalizedString(normalizePersianText, (v) => {
    if (v.length === 0) return 'NAME_REQUIRED';
    return v.length > NAME_MAX ? 'TOO_BIG' : null;
  }),
);

/** A name in Latin letters (as in a passport): A–Z/a–z, spaces, apostrophe, hyphen; 1–80
 * characters, at least one letter. Whitespace trimmed and collapsed, typographic apostrophes → ',
 * case kept as typed. Empty → NAME_REQUIRED, otherwise LATIN_NAME_FORMAT. */
export const LatinNameSchema = normalizedString(
  (raw) => raw.replace(/[\u2018\u2019\u02BC\u0060\u00B4]/g, "'").replace(/\s+/g, ' ').trim(),
  (v) => {
    if (v.length === 0) return 'NAME_REQUIRED';
    if (v.length > NAME_MAX || !/^[A-Za-z' -]+$/.test(v) || !/[A-Za-z]/.test(v)) return 'LATIN_NAME_FORMAT';
    return null;
  },
);

/** ISO 3166-1 alpha-2, output upper-case. */
export const CountryCodeSchema = normalizedString(
  (raw) => raw.trim().toUpperCase(),
  (v) => (/^[A-Z]{2}$/.test(v) && isValidCountryCode(v) ? null : 'COUNTRY_CODE'),
);

/** Branch code: 4 digits. */
export const BranchCodeSchema = normalizedString(normalizeDigitInput, (v) =>
  /^[0-9]{4}$/.test(v) ? null : 'BRANCH_CODE_FORMAT',
);

/** Station number of an issuing machine: an integer 1–99, given as a number or a string of one or
 * two digits (any digit script, surrounding spaces ignored). Output: number. */
export const StationNumberSchema = z
  .union([z.number(), z.string()], { error: 'STATION_FORMAT' })
  .transform((raw, ctx) => {
    let n = Number.NaN;
    if (typeof raw === 'number') n = raw;
    else {
      const d = toAsciiDigits(raw).trim(); // not normalizeDigitInput: '1.5' must not become 15
      if (/^[0-9]{1,2}$/.test(d)) n = Number(d);
    }
    if (!Number.isInteger(n) || n < 1 || n > 99) {
      ctx.addIssue({ code: 'custom', message: 'STATION_FORMAT', input: raw });
      return z.NEVER;
    }
    return n;
  });

/** REC-2 tracking code: 8 digits. */
export const TrackingCodeSchema = normalizedString(normalizeDigitInput, (v) =>
  /^[0-9]{8}$/.test(v) ? null : 'TRACKING_CODE_FORMAT',
);

/** A Gregorian calendar date `YYYY-MM-DD` (year 0001–9999) that exists (no 2023-02-29). */
export const IsoDateSchema = normalizedString(
  (raw) => toAsciiDigits(raw).trim(),
  (v) => (isRealIsoDate(v) ? null : 'DATE_FORMAT'),
);

/**
 * A person's date of birth: a real date from 1900-01-01 to today (today by the clock of the
 * machine checking it; one day of grace for Tehran being ahead of UTC). A foreign identifier was
 * issued for 1410/01/01 (2031) and 3700/05/21 (outside probe 2026-12-07).
 */
export const BirthDateSchema = normalizedString(
  (raw) => toAsciiDigits(raw).trim(),
  (v) => {
    if (!isRealIsoDate(v)) return 'DATE_FORMAT';
    const latest = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    return v >= '1900-01-01' && v <= latest ? null : 'BIRTH_DATE_RANGE';
  },
);

/**
 * An instant as main stores them: `YYYY-MM-DDTHH:MM:SS[.sss]Z` on a real calendar day and clock
 * time, kept in main's own form (always with milliseconds), so that it compares with stored
 * instants as text (a filter without milliseconds would otherwise skip an entry made exactly then).
 */
export const IsoInstantSchema = normalizedString(
  (raw) => {
    const v = toAsciiDigits(raw).trim();
    const m = /^([0-9]{4}-[0-9]{2}-[0-9]{2})T([01][0-9]|2[0-3]):([0-5][0-9]):([0-5][0-9])(\.[0-9]{1,3})?Z$/.exec(v);
    return m && isRealIsoDate(m[1]!) ? new Date(v).toISOString() : '';
  },
  (v) => (v === '' ? 'DATE_FORMAT' : null),
);

function isRealIsoDate(v: string): boolean {
  const m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(v);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (y < 1 || mo < 1 || mo > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1]!;
  return d <= days;
}

/** Staff login name: 3–32 of [a-z0-9._-], lower-cased. */
export const StaffUsernameSchema = normalizedString(
  (raw) => toAsciiDigits(raw).trim().toLowerCase(),
  (v) => (/^[a-z0-9._-]{3,32}$/.test(v) ? null : 'STAFF_USERNAME_FORMAT'),
);
