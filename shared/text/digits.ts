const PERSIAN_ZERO = 0x06f0; // ۰
const ARABIC_ZERO = 0x0660; // ٠

/** Persian (۰–۹) and Arabic-Indic (٠–٩) digits to ASCII; everything else unchanged. */
export function toAsciiDigits(s: string): string {
  return s.replace(/[\u06F0-\u06F9\u0660-\u0669]/g, (ch) => {
    const c = ch.charCodeAt(0);
    return String(c >= PERSIAN_ZERO ? c - PERSIAN_ZERO : c - ARABIC_ZERO);
  });
}

/** ASCII digits to Persian digits, for text on screen. */
export function toPersianDigits(s: string | number): string {
  return String(s).replace(/[0-9]/g, (d) => String.fromCharCode(PERSIAN_ZERO + Number(d)));
}

/** For numeric identifiers: any digit script, stray spaces, dashes and bidi marks removed. */
export function normalizeDigitInput(s: string): string {
  return toAsciiDigits(s).replace(/[\s\u200c\u200e\u200f\u202a-\u202e\-_.\u2010-\u2015\u2212]/g, '');
}
