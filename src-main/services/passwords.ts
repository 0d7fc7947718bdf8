import argon2 from 'argon2';
import { randomInt } from 'node:crypto';
import { dictionary } from '@zxcvbn-ts/language-common';

/**
 * argon2id only, at OWASP's minimum or stronger (m = 19 MiB, t = 2, p = 1). The hash string
 * carries its own parameters, so raising them later still verifies old hashes.
 */
const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(plain: string): Promise<string> {
  return argon2.hash(plain, ARGON2_OPTIONS);
}

/**
 * Issue 11 item 4: an argon2id hash started at once on libuv's thread pool, to be awaited only
 * where its row is written, so that it runs while the transaction reads. A request refused before
 * that throws the hash away unread (nothing holds the plain text but this promise); a failed hash
 * surfaces where it is awaited, never as an unhandled rejection.
 */
export function hashStarted(plain: string): Promise<string> {
  const hash = hashPassword(plain);
  hash.catch(() => undefined);
  return hash;
}

export async function verifyPassword(hash: string, plain: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, plain);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | null = null;
/**
 * An unknown username costs the same as a wrong password: verify against a dummy hash made with
 * the same parameters, and throw the answer away.
 */
export async function burnVerify(plain: string): Promise<void> {
  dummy ??= hashPassword('dummy-password-for-timing');
  await verifyPassword(await dummy, plain);
}

/** n random decimal digits from the CSPRNG (REC-2: tracking codes and reset passwords). */
export function randomDigits(n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String(randomInt(10));
  return s;
}

/** A random printable password for staff resets (shown once to the supervisor). */
export function randomStaffPassword(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  let s = '';
  for (let i = 0; i < 12; i++) s += alphabet[randomInt(alphabet.length)];
  return s;
}

let common: Set<string> | null = null;
/** Common passwords from zxcvbn-ts's maintained list (about 49 000 entries). */
export function isCommonPassword(plain: string): boolean {
  common ??= new Set((dictionary as Record<string, string[]>)['passwords-common']!.map((p) => p.toLowerCase()));
  return common.has(plain.toLowerCase());
}

/** A 32-byte key derived from a password with argon2id (the same cost as a password hash). */
export async function deriveKey(plain: string, salt: Buffer): Promise<Buffer> {
  return argon2.hash(plain, { ...ARGON2_OPTIONS, salt, hashLength: 32, raw: true });
}
