const STRICT = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Bytes as UTF-8 text, or null when they are not UTF-8 (never U+FFFD in place of a bad byte). A
 * byte-order mark is kept: each reader decides what it means (JSON refuses it, the CSV skips it).
 */
export function utf8OrNull(bytes: Uint8Array): string | null {
  try {
    return STRICT.decode(bytes);
  } catch {
    return null;
  }
}
