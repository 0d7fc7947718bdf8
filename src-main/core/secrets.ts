import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { classifyFile, encodeSealed, KEY_LENGTH } from './sealed-file';

/**
 * Keys that must not live in the database: the audit chain's HMAC key and the outbox key that
 * encrypts waiting passwords. Browser mode keeps them in owner-only files in the data folder;
 * the Electron shell wraps the same files with safeStorage (see src-main/app/safe-keys.ts).
 */
export interface KeyStore {
  key(name: 'audit' | 'outbox'): Buffer;
  /**
   * A small secret blob kept beside the keys and sealed the same way (the station identity, the
   * station's signing key): null when it does not exist yet.
   */
  readSealed(name: SealedName): Buffer | null;
  /** Writes a sealed blob once; refuses to overwrite an existing one (a station never changes). */
  writeSealed(name: SealedName, data: Buffer): void;
  /**
   * Moves a sealed blob aside (kept, renamed with the time) so that a new one can be written: a
   * machine whose station was retired, or is unknown to its database, joins again.
   */
  archiveSealed(name: SealedName, at: Date): void;
  /**
   * Replaces a key with the branch's copy (a counter joining a shared database takes the keys
   * the other counters use); the key it had is kept aside, renamed with the time.
   */
  replaceKey(name: 'audit' | 'outbox', raw: Buffer, at: Date): void;
  /** Replaces a blob that may change (the backup key, when the passphrase changes), atomically. */
  replaceSealed(name: ReplaceableSealedName, data: Buffer): void;
  /** Puts a key restored from a backup in place (sealed like the others); refuses to replace one. */
  installKey(name: 'audit' | 'outbox', raw: Buffer): void;
}

/** The sealed blobs a data folder may hold; one file each, `<name>.sealed` beside the key files. */
export const SEALED_NAMES = ['station', 'station-signing-key', 'backup-key'] as const;
export type SealedName = (typeof SEALED_NAMES)[number];
/** Blobs that may be replaced; the station's identity and signing key are written once. */
export type ReplaceableSealedName = Extract<SealedName, 'backup-key'>;

/** How a key file's bytes are protected at rest: safeStorage in the app (see app/safe-keys.ts). */
export interface KeyWrapper {
  wrap(raw: Buffer): Buffer;
  unwrap(stored: Buffer): Buffer;
}

/**
 * A store that cannot seal, and why: plain Node (browser mode, `node out/main/cli.js`), or the app
 * in a session whose OS keychain is not available (Linux with no keyring). New files are written
 * plain; a sealed file is refused with the reason, never read as damaged.
 */
export interface NoSealing {
  unsealable: 'plain-node' | 'keychain-unavailable';
}

/** What is wrong with a file in the keys folder; the CLI turns each into its own refusal. */
export type KeyFileProblem = 'sealed-needs-app' | 'keychain-unavailable' | 'unseal-failed' | 'damaged';

export class KeyFileError extends Error {
  constructor(
    readonly problem: KeyFileProblem,
    /** The file's full path, for the message that tells the IT person which one. */
    readonly file: string,
  ) {
    super(`key file ${path.basename(file)}: ${problem}`);
    this.name = 'KeyFileError';
  }
}

export const PLAIN_NODE: NoSealing = { unsealable: 'plain-node' };

/** Thrown by a wrapper's unwrap when the keychain it needs is not there (Linux without a keyring). */
export class KeychainUnavailableError extends Error {
  constructor() {
    super('the OS keychain is not available in this session');
    this.name = 'KeychainUnavailableError';
  }
}

/** The folder of the key files and sealed blobs, in every host. */
export function keysDir(dataDir: string): string {
  return path.join(dataDir, 'keys');
}

export class FileKeyStore implements KeyStore {
  private readonly cache = new Map<string, Buffer>();
  constructor(
    private readonly dir: string,
    private readonly sealing: KeyWrapper | NoSealing = PLAIN_NODE,
  ) {}

  key(name: 'audit' | 'outbox'): Buffer {
    const hit = this.cache.get(name);
    if (hit) return hit;
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const file = path.join(this.dir, `${name}.key`);
    let raw: Buffer;
    if (existsSync(file)) {
      raw = this.open(file, true);
    } else {
      raw = randomBytes(KEY_LENGTH);
      writeFileSync(file, this.seal(raw), { mode: 0o600, flag: 'wx' });
    }
    chmodSync(file, 0o600);
    if (raw.length !== KEY_LENGTH) throw new KeyFileError('damaged', file);
    this.cache.set(name, raw);
    return raw;
  }

  installKey(name: 'audit' | 'outbox', raw: Buffer): void {
    if (raw.length !== KEY_LENGTH) throw new Error(`key ${name} must be ${KEY_LENGTH} bytes`);
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    writeFileSync(path.join(this.dir, `${name}.key`), this.seal(raw), { mode: 0o600, flag: 'wx' });
    this.cache.set(name, raw);
  }

  readSealed(name: SealedName): Buffer | null {
    const file = path.join(this.dir, `${name}.sealed`);
    if (!existsSync(file)) return null;
    return this.open(file, false);
  }

  writeSealed(name: SealedName, data: Buffer): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    writeFileSync(path.join(this.dir, `${name}.sealed`), this.seal(data), { mode: 0o600, flag: 'wx' });
  }

  private seal(data: Buffer): Buffer {
    return 'wrap' in this.sealing ? encodeSealed(this.sealing.wrap(data)) : data;
  }

  private open(file: string, isKey: boolean): Buffer {
    const shape = classifyFile(readFileSync(file), isKey);
    if (shape.kind === 'damaged') throw new KeyFileError('damaged', file);
    if (shape.kind === 'plain') return shape.data;
    if (!('unwrap' in this.sealing)) {
      throw new KeyFileError(this.sealing.unsealable === 'plain-node' ? 'sealed-needs-app' : 'keychain-unavailable', file);
    }
    try {
      return this.sealing.unwrap(shape.payload);
    } catch (e) {
      // The bytes are intact (checksum) or in the keychain's own format: the keychain refused.
      throw new KeyFileError(e instanceof KeychainUnavailableError ? 'keychain-unavailable' : 'unseal-failed', file);
    }
  }

  archiveSealed(name: SealedName, at: Date): void {
    this.moveAside(`${name}.sealed`, at);
  }

  replaceKey(name: 'audit' | 'outbox', raw: Buffer, at: Date): void {
    if (raw.length !== KEY_LENGTH) throw new Error(`replaceKey: ${name} must be ${KEY_LENGTH} bytes`);
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    this.moveAside(`${name}.key`, at);
    writeFileSync(path.join(this.dir, `${name}.key`), this.seal(raw), { mode: 0o600, flag: 'wx' });
    this.cache.set(name, Buffer.from(raw));
  }

  private moveAside(file: string, at: Date): void {
    const from = path.join(this.dir, file);
    if (existsSync(from)) renameSync(from, path.join(this.dir, `${file}.${at.toISOString().replace(/[:.]/g, '-')}.old`));
  }

  replaceSealed(name: ReplaceableSealedName, data: Buffer): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const file = path.join(this.dir, `${name}.sealed`);
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, this.seal(data), { mode: 0o600 });
    renameSync(tmp, file);
  }
}

/** AES-256-GCM; output `v1.<iv>.<tag>.<ciphertext>` in base64url. */
export function encryptSecret(key: Buffer, plain: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  return ['v1', iv.toString('base64url'), c.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
}

export function decryptSecret(key: Buffer, sealed: string): string {
  const [v, iv, tag, body] = sealed.split('.');
  if (v !== 'v1' || !iv || !tag || body === undefined) throw new Error('sealed secret has an unknown format');
  const d = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  d.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([d.update(Buffer.from(body, 'base64url')), d.final()]).toString('utf8');
}

export function hmacHex(key: Buffer, text: string): string {
  return createHmac('sha256', key).update(text, 'utf8').digest('hex');
}
