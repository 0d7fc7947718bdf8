import { format as formatJalali } from 'date-fns-jalali';
import { toPersianDigits } from '../../shared/text/digits';
import { common } from '../i18n/fa/common';

/** Jalali date (and time) in Persian digits, in the branch's time zone (Asia/Tehran). */
export function jalaliDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  return toPersianDigits(formatJalali(tehran(iso), 'yyyy/MM/dd'));
}

export function jalaliDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return toPersianDigits(formatJalali(tehran(iso), 'yyyy/MM/dd HH:mm'));
}

/** A Date whose local fields show Tehran time (UTC+03:30), whatever the machine's zone. */
function tehran(iso: string): Date {
  const d = new Date(iso);
  return new Date(d.getTime() + 3.5 * 3600_000 + d.getTimezoneOffset() * 60_000);
}

export const fa = toPersianDigits;

/** A branch as lists and pickers show it: its name and its code in Persian digits. */
export const branchOption = (b: { name: string; code: string }): string => `${b.name} (${toPersianDigits(b.code)})`;

/** Seconds as minutes and seconds, in words from the catalogue. */
export function duration(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  if (m === 0) return common.duration.seconds(toPersianDigits(s));
  return s === 0 ? common.duration.minutes(toPersianDigits(m)) : common.duration.both(toPersianDigits(m), toPersianDigits(s));
}
