import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import type { KeyStore } from './secrets';

/**
 * The station's Ed25519 signing key (issue 8): it signs every journal batch the station exports,
 * and headquarters knows its public half from the station registration slip. The private key is
 * a sealed blob beside the other keys (safeStorage in the app, an owner-only file in browser
 * mode) as PKCS#8 DER; it never leaves main and is never logged.
 */
const SEALED = 'station-signing-key';

/**
 * Makes the key if this data folder has none (setup, or the first start after the upgrade that
 * brought the journal). Two processes starting at once: the second write is refused (the blob is
 * written once) and that process uses the first one's key. Returns true when a key was made.
 */
export function ensureStationKey(keys: KeyStore): boolean {
  if (keys.readSealed(SEALED)) return false;
  const { privateKey } = generateKeyPairSync('ed25519');
  try {
    keys.writeSealed(SEALED, privateKey.export({ format: 'der', type: 'pkcs8' }));
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST' && keys.readSealed(SEALED)) return false;
    throw e;
  }
}

function privateKeyOf(keys: KeyStore): KeyObject {
  const der = keys.readSealed(SEALED);
  if (!der) throw new Error('the station has no signing key yet');
  const key = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('the sealed station signing key is not an Ed25519 key');
  return key;
}

/** The public key as SPKI DER: what the slip carries (base64) and what the fingerprint hashes. */
export function stationPublicKeyDer(keys: KeyStore): Buffer {
  return createPublicKey(privateKeyOf(keys)).export({ format: 'der', type: 'spki' });
}

export function sha256(bytes: Buffer | string): Buffer {
  return createHash('sha256').update(bytes).digest();
}

/** Ed25519 over the exact bytes (a manifest's), base64. */
export function signWithStationKey(keys: KeyStore, bytes: Buffer): string {
  return sign(null, bytes, privateKeyOf(keys)).toString('base64');
}

/** Checks a signature against an SPKI DER public key (the branch re-checks what it wrote). */
export function verifyStationSignature(publicKeyDer: Buffer, bytes: Buffer, signatureB64: string): boolean {
  return verify(null, bytes, createPublicKey({ key: publicKeyDer, format: 'der', type: 'spki' }), Buffer.from(signatureB64, 'base64'));
}
