/**
 * Persian text normalisation.
 *
 * - `normalizePersianText`: for what is shown and stored (names, free text). Arabic-layout letters
 *   become the Persian ones (ي ى → ی, ك → ک), digits are left as typed, whitespace is trimmed and
 *   collapsed, and the text is put in Unicode NFC. ZWNJ (نیم‌فاصله) is kept: it is part of the
 *   spelling on screen.
 * - `normalizeNameForSearch`: the key that search compares, so that a name typed on an Arabic
 *   layout, with diacritics, tatweel or a ZWNJ instead of a space still finds the person. It is
 *   idempotent: `f(f(x)) === f(x)`.
 */

const ARABIC_YEH = /[\u064A\u0649]/g; // ي ى
const ARABIC_KAF = /\u0643/g; // ك
const PERSIAN_YEH = '\u06CC'; // ی
const PERSIAN_KAF = '\u06A9'; // ک
const WHITESPACE = /\s+/g;

/** Display/storage form: ي ى → ی, ك → ک, NFC, trimmed, inner whitespace runs → one space. */
export function normalizePersianText(s: string): string {
  return s
    .normalize('NFC')
    .replace(ARABIC_YEH, PERSIAN_YEH)
    .replace(ARABIC_KAF, PERSIAN_KAF)
    .replace(WHITESPACE, ' ')
    .trim();
}

/** Letter variants folded for search (applied after NFKD, so أ إ آ ؤ ئ ۀ arrive decomposed). */
const FOLD: Record<string, string> = {
  '\u064A': PERSIAN_YEH, // ي
  '\u0649': PERSIAN_YEH, // ى
  '\u0643': PERSIAN_KAF, // ك
  '\u0629': '\u0647', // ة → ه
  '\u06D5': '\u0647', // ە → ه (also what ۀ decomposes to)
  '\u06C1': '\u0647', // ہ → ه (also what ۂ decomposes to)
  '\u06BE': '\u0647', // ھ → ه
  '\u0623': '\u0627', // أ → ا
  '\u0625': '\u0627', // إ → ا
  '\u0622': '\u0627', // آ → ا
  '\u0671': '\u0627', // ٱ → ا
  '\u0624': '\u0648', // ؤ → و
};
const FOLD_RE = /[\u064A\u0649\u0643\u0629\u06D5\u06C1\u06BE\u0623\u0625\u0622\u0671\u0624]/g;

/**
 * Removed outright: Arabic diacritics (U+064B–U+065F, including the hamza and madda marks that
 * NFKD splits off أ إ آ ؤ ئ ۀ), superscript alef (U+0670), tatweel (U+0640), soft hyphen, and any
 * other non-spacing combining mark (so a Latin "é" matches "e").
 */
const REMOVE_RE = /[\u064B-\u065F\u0670\u0640\u00AD]|\p{Mn}/gu;

/** Become a space: ZWSP, ZWNJ, ZWJ, LRM, RLM, bidi embeddings/overrides/isolates, ALM, word joiner. */
const AS_SPACE_RE = /[\u200B-\u200F\u202A-\u202E\u2060\u2066-\u2069\u061C]/g;

/**
 * Search key for names: everything `normalizePersianText` does, plus compatibility decomposition
 * (NFKD: Arabic presentation forms → letters), ة ە ہ ھ → ه (so ۀ → ه), أ إ آ ٱ → ا, ؤ → و,
 * ئ → ی, diacritics and tatweel removed, ZWNJ/ZWJ/bidi marks → space, whitespace collapsed,
 * lower-case. Digits are left as typed. Idempotent. The key is decomposed (NFKD): compare keys
 * with keys, never with display text.
 */
export function normalizeNameForSearch(s: string): string {
  return s
    .normalize('NFKD')
    .toLowerCase()
    .normalize('NFKD')
    .replace(FOLD_RE, (ch) => FOLD[ch]!)
    .replace(REMOVE_RE, '')
    .replace(AS_SPACE_RE, ' ')
    .replace(WHITESPACE, ' ')
    .trim()
    .normalize('NFKD');
}
