/**
 * Headquarters' own Ed25519 key (LINK-PROTOCOL.md): it signs acknowledgements sent over the link
 * and the registry's pages; branches pin its public key text. The private key is a PKCS#8 PEM file.
 */
import { type KeyObject, createHash, createPrivateKey, createPublicKey, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { formatHqKeyText, groupFingerprint, stationFingerprintDigits } from '../../shared/journal';

export interface HqKey {
  privateKey: KeyObject;
  /** `hq-key/1;key=…`, what a branch pins. */
  publicKeyText: string;
  /** 36 digits in groups of four, read aloud to check a pinned key. */
  fingerprint: string;
}

/** The public half of a private key, as the text a branch pins and its fingerprint. */
export function describeHqKey(privateKey: KeyObject): HqKey {
  const der = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  const fingerprint = groupFingerprint(stationFingerprintDigits(createHash('sha256').update(der).digest()));
  return { privateKey, publicKeyText: formatHqKeyText(der.toString('base64')), fingerprint };
}

/** Reads the key file; throws an Error with a plain reason when it is not an Ed25519 private key. */
export function readHqKey(file: string): HqKey {
  let pem: Buffer;
  try {
    pem = readFileSync(file);
  } catch (e) {
    throw new Error(`cannot read the headquarters key ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw new Error(`${file} is not a private key (expected the PKCS#8 PEM that \`hq keygen\` writes)`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${file} is a ${key.asymmetricKeyType} key, not Ed25519`);
  return describeHqKey(key);
}

/** Base64 Ed25519 signature over the text's UTF-8 bytes. */
export const signText = (key: HqKey, text: string): string => sign(null, Buffer.from(text, 'utf8'), key.privateKey).toString('base64');
