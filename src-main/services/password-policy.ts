import { AppError } from '../../shared/errors';
import { normalizePasswordInput } from '../../shared/text/password';
import { isCommonPassword } from './passwords';

/** Who the password is for: staff have no national code, insurance number or mobile, so their
 * refusal names only what applies to them (issue 12 item 11). */
export type PasswordOwner = 'citizen' | 'staff';

/** The weak-password refusal for this owner. */
export function weakPassword(owner: PasswordOwner, reason: string): AppError {
  return new AppError(owner === 'staff' ? 'WEAK_STAFF_PASSWORD' : 'WEAK_PASSWORD', { reason });
}

/**
 * LOG-3 and the design's rules for a new password: 8–64 printable ASCII, the repeat equal, not a
 * common password, and not one of the person's own identifiers (username, insurance number,
 * mobile). Returns the normalised password (Persian digits → ASCII).
 */
export function acceptNewPassword(
  newPassword: string,
  repeat: string,
  forbidden: Array<string | null | undefined>,
  owner: PasswordOwner = 'citizen',
): string {
  const n = normalizePasswordInput(newPassword);
  if (!n.ok) throw new AppError('NON_ASCII_PASSWORD');
  const r = normalizePasswordInput(repeat);
  if (!r.ok || r.value !== n.value) throw new AppError('PASSWORD_MISMATCH');
  const p = n.value;
  if (p.length < 8 || p.length > 64) throw weakPassword(owner, 'length');
  if (isCommonPassword(p)) throw weakPassword(owner, 'common');
  for (const f of forbidden) {
    if (f && p === f) throw weakPassword(owner, 'identifier');
  }
  return p;
}

/** Normalises a typed password for checking; non-ASCII input is refused as LOG-3 asks. */
export function typedPassword(p: string): string {
  const n = normalizePasswordInput(p);
  if (!n.ok) throw new AppError('NON_ASCII_PASSWORD');
  return n.value;
}
