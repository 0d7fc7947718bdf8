import countries from 'i18n-iso-countries';
import en from 'i18n-iso-countries/langs/en.json';
import faLocale from 'i18n-iso-countries/langs/fa.json';
import { normalizeNameForSearch } from '../../../shared/text/persian';

countries.registerLocale(faLocale);
countries.registerLocale(en);

export interface Country {
  /** ISO 3166-1 alpha-2, what the contract takes. */
  code: string;
  fa: string;
  en: string;
  frequent: boolean;
  /** Search key: Persian and English names and the code, folded like every other name search. */
  key: string;
}

/** Most foreign nationals at Iranian branches hold these passports; they head the list. */
const FREQUENT = ['AF', 'IQ', 'PK'];

function build(): Country[] {
  const faNames = countries.getNames('fa', { select: 'official' });
  const enNames = countries.getNames('en', { select: 'official' });
  return Object.keys(faNames)
    .filter((code) => code !== 'IR') // a foreign national, by definition
    .map((code) => {
      const fa = faNames[code]!;
      const enName = enNames[code] ?? code;
      return { code, fa, en: enName, frequent: FREQUENT.includes(code), key: normalizeNameForSearch(`${fa} ${enName} ${code}`) };
    })
    .sort((a, b) => (a.frequent !== b.frequent ? (a.frequent ? -1 : 1) : a.frequent ? FREQUENT.indexOf(a.code) - FREQUENT.indexOf(b.code) : a.fa.localeCompare(b.fa, 'fa')));
}

export const COUNTRIES: readonly Country[] = build();
const BY_CODE = new Map(COUNTRIES.map((c) => [c.code, c]));

/** The Persian name of a country code (the code itself when unknown). */
export function countryNameFa(code: string): string {
  return BY_CODE.get(code)?.fa ?? countries.getName(code, 'fa') ?? code;
}

export function countryByCode(code: string | undefined): Country | null {
  return (code && BY_CODE.get(code)) || null;
}

/** Every word typed must occur in the Persian or English name or the code (ي/ك folded). */
export function matchCountries(options: readonly Country[], typed: string): Country[] {
  const words = normalizeNameForSearch(typed).split(' ').filter(Boolean);
  if (words.length === 0) return [...options];
  return options.filter((c) => words.every((w) => c.key.includes(w)));
}
