/**
 * Password input (LOG-3): passwords are typed on an English keyboard and are case-sensitive.
 * Persian (۰–۹) and Arabic (٠–٩) digits become ASCII — both when a password is set and when it is
 * checked — so a national code typed on a Persian keyboard works as the first password (REG-3,
 * LOG-1). Any other character outside printable ASCII (0x20–0x7E) is refused with
 * NON_ASCII_PASSWORD ("switch the keyboard to English"). Nothing is trimmed or case-folded:
 * spaces and letter case are part of the password.
 */
import { toAsciiDigits } from './digits';

export type PasswordInputResult = { ok: true; value: string } | { ok: false; code: 'NON_ASCII_PASSWORD' };

const PRINTABLE_ASCII = /^[\x20-\x7E]*$/;

export function normalizePasswordInput(s: string): PasswordInputResult {
  const value = toAsciiDigits(s);
  if (!PRINTABLE_ASCII.test(value)) return { ok: false, code: 'NON_ASCII_PASSWORD' };
  return { ok: true, value };
}
