import { toPersianDigits } from '../../../shared/text/digits';

/** 12 digits as branch · station · sequence · check (4-2-5-1), Latin digits. */
export function groupForeignId(identifier: string): string {
  if (!/^[0-9]{12}$/.test(identifier)) return identifier;
  return [identifier.slice(0, 4), identifier.slice(4, 6), identifier.slice(6, 11), identifier.slice(11)].join(' ');
}

/** The same grouping in Persian digits (show it with dir="ltr": the groups read left to right). */
export function groupForeignIdFa(identifier: string): string {
  return toPersianDigits(groupForeignId(identifier));
}

/** A picker's Date (local midnight) as the contract's Gregorian `yyyy-MM-dd`. */
export function toIsoDate(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getFullYear(), 4)}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}
