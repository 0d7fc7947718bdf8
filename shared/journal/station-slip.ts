/**
 * The station registration slip (JOURNAL-FORMAT.md): one line that headquarters pastes into
 * `register-station`, and the fingerprint both sides read aloud to check it.
 *
 *   branch-desk-station/1;branch=<dddd>;station=<dd>;key=<base64 of the SPKI DER public key>
 *
 * The SHA-256 of the key is computed by the caller (node:crypto); shared code has no Node.
 */

import { ed25519KeyProblem, spkiKeyBytes } from './ed25519-point';

export const SLIP_FORMAT = 'branch-desk-station/1';

/** An Ed25519 public key as SPKI DER is 44 bytes: this 12-byte header (30 2a 30 05 06 03 2b 65 70
 * 03 21 00) and the 32-byte key; in base64 the header is exactly the first 16 characters. */
export const ED25519_SPKI_B64 = /^MCowBQYDK2VwAyEA[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/;
const SLIP = /^branch-desk-station\/1;branch=([0-9]{4});station=([0-9]{2});key=([A-Za-z0-9+/=]+)$/;

export interface StationSlip {
  branch: string;
  station: number;
  /** base64 of the SPKI DER public key (canonical base64, 60 characters). */
  publicKey: string;
}

export function formatStationSlip(slip: StationSlip): string {
  return `${SLIP_FORMAT};branch=${slip.branch};station=${String(slip.station).padStart(2, '0')};key=${slip.publicKey}`;
}

/**
 * Why a key that has an Ed25519 SPKI's shape may still not be trusted (ed25519-point.ts), or null.
 * Both the desk (headquarters' key) and headquarters (a station's key) ask.
 */
export function ed25519KeyRefusal(spkiBase64: string): string | null {
  if (!ED25519_SPKI_B64.test(spkiBase64)) return 'key is not an Ed25519 public key (SPKI DER, base64)';
  const problem = ed25519KeyProblem(spkiKeyBytes(spkiBase64));
  if (problem === 'not-a-point') return 'key is not a point of the Ed25519 curve';
  if (problem === 'small-order') return 'key is a point of small order: anyone could forge its signatures';
  return null;
}

/** The slip in pasted text (surrounding spaces and line breaks ignored), or why it is not one. */
export function parseStationSlip(text: string): { ok: true; slip: StationSlip } | { ok: false; problem: string } {
  const m = SLIP.exec(text.trim());
  if (!m) return { ok: false, problem: `not a station slip (expected ${SLIP_FORMAT};branch=dddd;station=dd;key=…)` };
  const station = Number(m[2]);
  if (station < 1) return { ok: false, problem: 'station must be 01–99' };
  const key = m[3] as string;
  const refused = ed25519KeyRefusal(key);
  if (refused) return { ok: false, problem: refused };
  return { ok: true, slip: { branch: m[1] as string, station, publicKey: key } };
}

export const FINGERPRINT_DIGITS = 36;
const FINGERPRINT_BYTES = 15;
const MODULUS = 10n ** BigInt(FINGERPRINT_DIGITS);

/**
 * The fingerprint of a station key from SHA-256(SPKI DER): its first 15 bytes as a decimal
 * integer, 36 digits zero-padded. 15 bytes can reach 2^120 − 1, a 37-digit number, so the value
 * is taken modulo 10^36 to keep exactly 36 digits (nine groups of four); that costs under half a
 * bit of the 120.
 */
export function stationFingerprintDigits(sha256OfSpki: Uint8Array): string {
  if (sha256OfSpki.length !== 32) throw new RangeError('stationFingerprintDigits: expected the 32 bytes of a SHA-256');
  let n = 0n;
  for (let i = 0; i < FINGERPRINT_BYTES; i++) n = (n << 8n) | BigInt(sha256OfSpki[i] as number);
  return (n % MODULUS).toString().padStart(FINGERPRINT_DIGITS, '0');
}

/** "1234 5678 …": digits in groups of four, for reading aloud and printing. */
export function groupFingerprint(digits: string): string {
  return digits.replace(/[^0-9]/g, '').replace(/(.{4})(?=.)/g, '$1 ');
}
