import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Keys that must not live in the database: the audit chain's HMAC key and the outbox key that
 * encrypts waiting passwords. Browser mode keeps them in owner-only files in the data folder;
 * the Electron shell wraps the same files with safeStorage (see src-main/app/safe-keys.ts).
 */
export interface KeyStore {
  key(name: KeyName): Buffer;
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
  installKey(name: KeyName, raw: Buffer, at: Date): void;
}

export type KeyName = 'audit' | 'outbox';

/** The sealed blobs a data folder may hold; one file each, `<name>.sealed` beside the key files. */
export type SealedName = 'station' | 'station-signing-key';

/** How a key file's bytes are protected at rest: identity (browser mode) or safeStorage. */
export interface KeyWrapper {
  wrap(raw: Buffer): Buffer;
  unwrap(stored: Buffer): Buffer;
}

const identity: KeyWrapper = { wrap: (b) => b, unwrap: (b) => b };

export class FileKeyStore implements KeyStore {
  private readonly cache = new Map<string, Buffer>();
  constructor(
    private readonly dir: string,
    private readonly wrapper: KeyWrapper = identity,
  ) {}

  key(name: KeyName): Buffer {
    const hit = this.cache.get(name);
    if (hit) return hit;
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const file = path.join(this.dir, `${name}.key`);
    let raw: Buffer;
    if (existsSync(file)) {
      raw = this.wrapper.unwrap(readFileSync(file));
    } else {
      raw = randomBytes(32);
      writeFileSync(file, this.wrapper.wrap(raw), { mode: 0o600, flag: 'wx' });
    }
    chmodSync(file, 0o600);
    if (raw.length !== 32) throw new Error(`key file ${name}.key is damaged`);
    this.cache.set(name, raw);
    return raw;
  }

  readSealed(name: SealedName): Buffer | null {
    const file = path.join(this.dir, `${name}.sealed`);
    if (!existsSync(file)) return null;
    return this.wrapper.unwrap(readFileSync(file));
  }

  writeSealed(name: SealedName, data: Buffer): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    writeFileSync(path.join(this.dir, `${name}.sealed`), this.wrapper.wrap(data), { mode: 0o600, flag: 'wx' });
  }

  archiveSealed(name: SealedName, at: Date): void {
    this.moveAside(`${name}.sealed`, at);
  }

  installKey(name: KeyName, raw: Buffer, at: Date): void {
    if (raw.length !== 32) throw new Error(`installKey: ${name} must be 32 bytes`);
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    this.moveAside(`${name}.key`, at);
    writeFileSync(path.join(this.dir, `${name}.key`), this.wrapper.wrap(raw), { mode: 0o600, flag: 'wx' });
    this.cache.set(name, Buffer.from(raw));
  }

  private moveAside(file: string, at: Date): void {
    const from = path.join(this.dir, file);
    if (existsSync(from)) renameSync(from, path.join(this.dir, `${file}.${at.toISOString().replace(/[:.]/g, '-')}.old`));
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
