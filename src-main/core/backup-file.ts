import argon2 from 'argon2';
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { z } from 'zod';
import { AppError } from '../../shared/errors';
import { InputFileError, openInputFile } from './input-file';
import { utf8OrNull } from './utf8';

/**
 * The encrypted backup container. Layout:
 *
 *   "DESKBAK1" | u32 header length | header JSON (clear) | SHA-256 of the header |
 *   manifest ciphertext | tag | body ciphertext | tag
 *
 * The header holds only what is needed to re-derive the key from the passphrase (argon2id salt
 * and parameters), a key check value and the two block lengths; it is the GCM associated data of
 * both blocks, so nothing in it can be changed unnoticed. Manifest and body are AES-256-GCM with
 * the derived key: without the passphrase a file says nothing but its size. The header's own
 * SHA-256 tells a damaged header from a wrong passphrase, and the declared lengths tell a
 * truncated file from a damaged one.
 */
const MAGIC = Buffer.from('DESKBAK1', 'ascii');
const TAG = 16;
const MAX_HEADER = 4096;

/** Production strength for the backup key: argon2id, 64 MiB, t = 3 (about 0.3 s here, once per passphrase). */
export const BACKUP_KDF_COST = { memoryKiB: 65536, timeCost: 3, parallelism: 1 } as const;

const KdfSchema = z.strictObject({
  alg: z.literal('argon2id'),
  // Bounded, so a crafted header cannot make a restore allocate gigabytes.
  memoryKiB: z.number().int().min(19456).max(1048576),
  timeCost: z.number().int().min(2).max(20),
  parallelism: z.number().int().min(1).max(8),
  salt: z.string().regex(/^[A-Za-z0-9_-]{22,86}$/),
});
export type KdfParams = z.infer<typeof KdfSchema>;

/** The header format this desk writes and reads; a higher one is a newer desk's (BACKUP_NEWER_SCHEMA). */
const HEADER_FORMAT = 1;

/** AES-GCM's 12-byte IV, as writeBackupFile spells it: anything else would reach the cipher as a bad IV. */
const Iv = z.string().regex(/^[A-Za-z0-9_-]{16}$/);

const HeaderSchema = z.strictObject({
  format: z.literal(HEADER_FORMAT),
  kind: z.enum(['sqlite', 'pg_dump']),
  kdf: KdfSchema,
  kcv: z.string().regex(/^[0-9a-f]{32}$/),
  manifest: z.strictObject({ iv: Iv, length: z.number().int().min(1).max(1_000_000) }),
  body: z.strictObject({ iv: Iv, length: z.number().int().min(0) }),
});
export type BackupHeader = z.infer<typeof HeaderSchema>;
export type BackupKind = BackupHeader['kind'];

/** A derived backup key and the parameters that re-derive it from the passphrase. */
export interface BackupKey {
  key: Buffer;
  kdf: KdfParams;
}

/** argon2id over the passphrase with the file's (or the sealed key's) salt and parameters. */
export async function deriveBackupKey(passphrase: string, kdf: KdfParams): Promise<Buffer> {
  return argon2.hash(passphrase, {
    type: argon2.argon2id,
    raw: true,
    hashLength: 32,
    memoryCost: kdf.memoryKiB,
    timeCost: kdf.timeCost,
    parallelism: kdf.parallelism,
    salt: Buffer.from(kdf.salt, 'base64url'),
  });
}

/** A new key for a newly set passphrase: fresh salt, production parameters. */
export async function newBackupKey(passphrase: string): Promise<BackupKey> {
  const kdf: KdfParams = { alg: 'argon2id', ...BACKUP_KDF_COST, salt: randomBytes(16).toString('base64url') };
  return { key: await deriveBackupKey(passphrase, kdf), kdf };
}

/** Tells a wrong passphrase from a damaged file; reveals nothing an attacker could not test on the GCM tag. */
export function keyCheckValue(key: Buffer): string {
  return createHmac('sha256', key).update('desk-backup-key-check').digest('hex').slice(0, 32);
}

export function sameKey(key: Buffer, header: BackupHeader): boolean {
  return timingSafeEqual(Buffer.from(keyCheckValue(key), 'hex'), Buffer.from(header.kcv, 'hex'));
}

/** One part of the body: bytes in memory or a file streamed from disk. */
export type BodyPart = { bytes: Buffer } | { file: string; size: number };

async function writeAll(h: FileHandle, b: Buffer): Promise<void> {
  let off = 0;
  while (off < b.length) off += (await h.write(b, off, b.length - off)).bytesWritten;
}

/**
 * Writes a complete container to `file` (a temporary name: the caller renames it once this
 * returns) and flushes it to disk.
 */
export async function writeBackupFile(file: string, kind: BackupKind, k: BackupKey, manifest: object, parts: BodyPart[]): Promise<void> {
  const manifestPlain = Buffer.from(JSON.stringify(manifest), 'utf8');
  const bodyLength = parts.reduce((n, p) => n + ('bytes' in p ? p.bytes.length : p.size), 0);
  const mIv = randomBytes(12);
  const bIv = randomBytes(12);
  const header: BackupHeader = {
    format: HEADER_FORMAT,
    kind,
    kdf: k.kdf,
    kcv: keyCheckValue(k.key),
    manifest: { iv: mIv.toString('base64url'), length: manifestPlain.length },
    body: { iv: bIv.toString('base64url'), length: bodyLength },
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(headerBytes.length);

  const h = await open(file, 'wx', 0o600);
  try {
    await writeAll(h, Buffer.concat([MAGIC, len, headerBytes, createHash('sha256').update(headerBytes).digest()]));
    const mc = createCipheriv('aes-256-gcm', k.key, mIv).setAAD(headerBytes);
    await writeAll(h, Buffer.concat([mc.update(manifestPlain), mc.final(), mc.getAuthTag()]));
    const bc = createCipheriv('aes-256-gcm', k.key, bIv).setAAD(headerBytes);
    let written = 0;
    for (const p of parts) {
      if ('bytes' in p) {
        await writeAll(h, bc.update(p.bytes));
        written += p.bytes.length;
        continue;
      }
      for await (const chunk of createReadStream(p.file)) {
        await writeAll(h, bc.update(chunk as Buffer));
        written += (chunk as Buffer).length;
      }
    }
    if (written !== bodyLength) throw new Error(`backup body changed while it was written (${written} of ${bodyLength} bytes)`);
    await writeAll(h, Buffer.concat([bc.final(), bc.getAuthTag()]));
    await h.sync();
  } finally {
    await h.close();
  }
}

/** Where each block starts, from a checked header. */
export interface OpenedBackup {
  file: string;
  size: number;
  header: BackupHeader;
  headerBytes: Buffer;
  manifestAt: number;
  bodyAt: number;
}

async function readAt(h: FileHandle, at: number, n: number): Promise<Buffer> {
  const b = Buffer.alloc(n);
  const { bytesRead } = await h.read(b, 0, n, at);
  return b.subarray(0, bytesRead);
}

/**
 * Only a header that says it is of a higher format than this desk's was made by a newer version
 * (update the desk first); one that fails the schema while claiming this format, or no format, is
 * damaged or forged: its hash was recomputed, or a hash-correct header was written wrong.
 */
function headerRefusal(parsed: unknown): AppError {
  const format = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as { format?: unknown }).format : undefined;
  const newer = typeof format === 'number' && Number.isSafeInteger(format) && format > HEADER_FORMAT;
  return newer ? new AppError('BACKUP_NEWER_SCHEMA', { part: 'container' }) : new AppError('BACKUP_DAMAGED', { part: 'header' });
}

/**
 * Reads and checks the clear part: a regular file (a folder, a device, a FIFO is
 * BACKUP_NOT_A_BACKUP, never opened), the magic (BACKUP_NOT_A_BACKUP), the header's hash and
 * schema (BACKUP_DAMAGED; a newer format BACKUP_NEWER_SCHEMA) and the length the header declares
 * (BACKUP_TRUNCATED when shorter). A missing file is an InputFileError ('missing').
 */
export async function openBackupFile(file: string): Promise<OpenedBackup> {
  let h: FileHandle;
  let size: number;
  try {
    ({ handle: h, size } = await openInputFile(file));
  } catch (e) {
    if (e instanceof InputFileError && e.problem === 'not-a-file') throw new AppError('BACKUP_NOT_A_BACKUP');
    throw e;
  }
  try {
    const head = await readAt(h, 0, MAGIC.length + 4);
    if (head.length < MAGIC.length || !head.subarray(0, MAGIC.length).equals(MAGIC)) throw new AppError('BACKUP_NOT_A_BACKUP');
    if (head.length < MAGIC.length + 4) throw new AppError('BACKUP_TRUNCATED');
    const hLen = head.readUInt32BE(MAGIC.length);
    if (hLen < 2 || hLen > MAX_HEADER) throw new AppError('BACKUP_DAMAGED');
    const rest = await readAt(h, MAGIC.length + 4, hLen + 32);
    if (rest.length < hLen + 32) throw new AppError('BACKUP_TRUNCATED');
    const headerBytes = rest.subarray(0, hLen);
    if (!createHash('sha256').update(headerBytes).digest().equals(rest.subarray(hLen))) throw new AppError('BACKUP_DAMAGED');
    // Strict UTF-8: a bad byte would otherwise be read as U+FFFD and judged as a value.
    const text = utf8OrNull(headerBytes);
    if (text === null) throw new AppError('BACKUP_DAMAGED', { part: 'header' });
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new AppError('BACKUP_DAMAGED');
    }
    const header = HeaderSchema.safeParse(parsed);
    if (!header.success) throw headerRefusal(parsed);
    const manifestAt = MAGIC.length + 4 + hLen + 32;
    const bodyAt = manifestAt + header.data.manifest.length + TAG;
    const expected = bodyAt + header.data.body.length + TAG;
    if (size < expected) throw new AppError('BACKUP_TRUNCATED', { size, expected });
    if (size > expected) throw new AppError('BACKUP_DAMAGED', { size, expected });
    return { file, size, header: header.data, headerBytes, manifestAt, bodyAt };
  } finally {
    await h.close();
  }
}

/** Decrypts the manifest block (BACKUP_DAMAGED when its tag fails). */
export async function readManifestBlock(b: OpenedBackup, key: Buffer): Promise<unknown> {
  const h = await open(b.file, 'r');
  try {
    const ct = await readAt(h, b.manifestAt, b.header.manifest.length + TAG);
    const d = createDecipheriv('aes-256-gcm', key, Buffer.from(b.header.manifest.iv, 'base64url')).setAAD(b.headerBytes);
    d.setAuthTag(ct.subarray(ct.length - TAG));
    let plain: Buffer;
    try {
      plain = Buffer.concat([d.update(ct.subarray(0, ct.length - TAG)), d.final()]);
    } catch {
      throw new AppError('BACKUP_DAMAGED', { part: 'manifest' });
    }
    return JSON.parse(plain.toString('utf8')) as unknown;
  } finally {
    await h.close();
  }
}

/**
 * Decrypts the body into `outFile` (created owner-only, must not exist). Plaintext reaches the
 * file before the tag is checked at the end, so the caller uses it only when this resolves.
 */
export async function decryptBodyTo(b: OpenedBackup, key: Buffer, outFile: string): Promise<void> {
  const src = await open(b.file, 'r');
  const out = await open(outFile, 'wx', 0o600);
  try {
    const tag = await readAt(src, b.bodyAt + b.header.body.length, TAG);
    const d = createDecipheriv('aes-256-gcm', key, Buffer.from(b.header.body.iv, 'base64url')).setAAD(b.headerBytes);
    d.setAuthTag(tag);
    const chunk = Buffer.alloc(1 << 20);
    let left = b.header.body.length;
    let at = b.bodyAt;
    while (left > 0) {
      const { bytesRead } = await src.read(chunk, 0, Math.min(chunk.length, left), at);
      if (bytesRead === 0) throw new AppError('BACKUP_TRUNCATED');
      await writeAll(out, d.update(chunk.subarray(0, bytesRead)));
      left -= bytesRead;
      at += bytesRead;
    }
    try {
      await writeAll(out, d.final());
    } catch {
      throw new AppError('BACKUP_DAMAGED', { part: 'body' });
    }
    await out.sync();
  } finally {
    await out.close();
    await src.close();
  }
}

/** SHA-256 of a file, streamed. */
export async function sha256File(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}
