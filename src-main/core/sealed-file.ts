import { createHash } from 'node:crypto';

/**
 * The on-disk format of the files in DATA_DIR/keys, so that any reader can tell a sealed file
 * from a plain one without trying to unseal it:
 *
 *   sealed (since 2026-12): MAGIC | SHA-256(payload) | payload, payload = safeStorage's bytes
 *   plain key:              exactly 32 raw bytes (browser mode, or an app without a keychain)
 *   plain blob:             the bytes as they are (no MAGIC)
 *   legacy sealed key:      safeStorage's bytes alone, as the app wrote them before the header
 *                           existed; Chromium's OSCrypt output starts with "v10" or "v11" and is
 *                           longer than 32 bytes, so it cannot be mistaken for a plain key.
 *
 * The checksum lets a damaged sealed file be named as damaged instead of being blamed on the
 * keychain, and a keychain that cannot open an intact file be named as the keychain.
 */
export const SEAL_MAGIC = Buffer.from('DESK-SEALED-1\n', 'ascii');
const SUM_LENGTH = 32;
export const KEY_LENGTH = 32;

export type FileShape =
  | { kind: 'sealed'; payload: Buffer }
  | { kind: 'legacy-sealed'; payload: Buffer }
  | { kind: 'plain'; data: Buffer }
  | { kind: 'damaged' };

function sum(payload: Buffer): Buffer {
  return createHash('sha256').update(payload).digest();
}

export function encodeSealed(payload: Buffer): Buffer {
  return Buffer.concat([SEAL_MAGIC, sum(payload), payload]);
}

function looksLikeOsCrypt(bytes: Buffer): boolean {
  return bytes.length > KEY_LENGTH && bytes[0] === 0x76 /* v */ && bytes[1] === 0x31 /* 1 */ && bytes[2]! >= 0x30 && bytes[2]! <= 0x39;
}

/** What a file in the keys folder holds; `isKey`: a 32-byte key file rather than a blob. */
export function classifyFile(bytes: Buffer, isKey: boolean): FileShape {
  if (bytes.subarray(0, SEAL_MAGIC.length).equals(SEAL_MAGIC)) {
    const head = SEAL_MAGIC.length + SUM_LENGTH;
    if (bytes.length <= head) return { kind: 'damaged' };
    const payload = bytes.subarray(head);
    return sum(payload).equals(bytes.subarray(SEAL_MAGIC.length, head)) ? { kind: 'sealed', payload } : { kind: 'damaged' };
  }
  if (!isKey) return { kind: 'plain', data: bytes };
  if (bytes.length === KEY_LENGTH) return { kind: 'plain', data: bytes };
  if (looksLikeOsCrypt(bytes)) return { kind: 'legacy-sealed', payload: bytes };
  return { kind: 'damaged' };
}
