import { createHash } from 'node:crypto';

/** UCS-2 characters in one SMS without a user data header (140 octets / 2). */
export const SINGLE_PART_CHARS = 70;
/** UCS-2 characters per part of a concatenated SMS (140 octets − 6 octets of UDH, / 2). */
export const CONCAT_PART_CHARS = 67;

/**
 * Splits a text into SMS parts of UTF-16 code units: one part up to 70, else parts of at most 67,
 * never cutting a surrogate pair in two (a character outside the BMP keeps its two units together).
 */
export function splitUcs2(text: string): string[] {
  if (text.length <= SINGLE_PART_CHARS) return [text];
  const parts: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(start + CONCAT_PART_CHARS, text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    parts.push(text.slice(start, end));
    start = end;
  }
  return parts;
}

/** How many SMS parts a gateway that splits like GSM phones (and Kannel) makes of this text. */
export function partCount(text: string): number {
  return splitUcs2(text).length;
}

/** Big-endian UTF-16, as SMPP's data_coding 8 and the GSM network expect. */
export function toUcs2(text: string): Buffer {
  return Buffer.from(text, 'utf16le').swap16();
}

/** A number derived from the message reference, the same on every retry (for UDH and SMPP references). */
export function referenceNumber(reference: string, bits: 8 | 16): number {
  const h = createHash('sha256').update(reference).digest();
  return bits === 8 ? h.readUInt8(0) : h.readUInt16BE(0);
}

/** Both numbers of a message from one hash: its UDH reference (8 bits) and its SMPP user_message_reference (16 bits). */
export function referenceNumbers(reference: string): { udh: number; message: number } {
  const h = createHash('sha256').update(reference).digest();
  return { udh: h.readUInt8(0), message: h.readUInt16BE(0) };
}

/** The 8-bit concatenation header for part `seq` (1-based) of `total`: IEI 0, length 3. */
export function concatUdh(ref: number, total: number, seq: number): Buffer {
  return Buffer.from([5, 0, 3, ref & 0xff, total, seq]);
}
