/**
 * The one text rule for free text (names, reasons, terms, display names, search words, CSV): no
 * C0/C1 control characters (newline only where a field is multi-line), no bidi embeddings,
 * overrides or isolates (U+202A–U+202E, U+2066–U+2069: they reorder what a clerk or an auditor
 * reads), and no unpaired surrogates (they are not text and break other systems). ZWNJ (U+200C),
 * LRM and RLM stay allowed: Persian spelling needs them.
 */
const BIDI = '\\u202A-\\u202E\\u2066-\\u2069';
/** With the `u` flag a surrogate range matches only unpaired halves; pairs are one code point. */
const SURROGATE = '\\uD800-\\uDFFF';
const SINGLE_LINE = new RegExp(`[\\u0000-\\u001F\\u007F-\\u009F${BIDI}${SURROGATE}]`, 'u');
/** Multi-line: LF, and CR only as part of CRLF (a file saved on Windows). */
const MULTI_LINE = new RegExp(`[\\u0000-\\u0009\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F${BIDI}${SURROGATE}]|\\r(?!\\n)`, 'u');

/** The field code (and the Persian message key) for text that breaks the rule. */
export const TEXT_CONTROL_CHARS = 'TEXT_CONTROL_CHARS';

/** True when `s` holds a character the text rule refuses. */
export function hasForbiddenTextChars(s: string, multiline = false): boolean {
  return (multiline ? MULTI_LINE : SINGLE_LINE).test(s);
}
