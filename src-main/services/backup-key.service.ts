import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../shared/errors';
import { deriveBackupKey, newBackupKey, sameKey, type BackupHeader, type BackupKey } from '../core/backup-file';
import type { KeyStore } from '../core/secrets';
import { audit, inTx, type Actor, type ServiceEnv } from './env';

/**
 * The backup key on this machine: derived once from the supervisor's passphrase and kept sealed
 * beside the other keys (safeStorage in the app, an owner-only file in browser mode), so that
 * scheduled backups run unattended. The passphrase itself is never stored.
 */
const SealedKeySchema = z.strictObject({
  key: z.string(),
  kdf: z.strictObject({
    alg: z.literal('argon2id'),
    memoryKiB: z.number().int(),
    timeCost: z.number().int(),
    parallelism: z.number().int(),
    salt: z.string(),
  }),
  setAt: z.string(),
});

export function sealedBackupKey(keys: KeyStore): BackupKey | null {
  const blob = keys.readSealed('backup-key');
  if (!blob) return null;
  const parsed = SealedKeySchema.safeParse(JSON.parse(blob.toString('utf8')));
  if (!parsed.success) return null;
  return { key: Buffer.from(parsed.data.key, 'base64'), kdf: parsed.data.kdf };
}

/** Seals a derived key on this machine (after a restore, the passphrase's key carries on). */
export function sealBackupKey(keys: KeyStore, k: BackupKey, at: Date): void {
  keys.replaceSealed('backup-key', Buffer.from(JSON.stringify({ key: k.key.toString('base64'), kdf: k.kdf, setAt: at.toISOString() }), 'utf8'));
}

/** Backups: the supervisor sets the backup passphrase; only the key derived from it is kept (sealed). */
export async function setBackupPassphrase(env: ServiceEnv, actor: Actor, passphrase: string): Promise<void> {
  const k = await newBackupKey(passphrase);
  sealBackupKey(env.keys, k, env.clock.now());
  await inTx(env, (tx) => audit(tx, env, actor, { action: 'backup.passphrase-set' }));
}

/**
 * A passphrase given where a key is sealed: it must be the one that key came from (the sealed
 * key's salt and cost, re-derived). A backup made "with" another passphrase would otherwise be
 * written with the sealed key, and that passphrase could never open it.
 */
export async function checkAgainstSealed(sealed: BackupKey, passphrase: string): Promise<BackupKey> {
  const key = await deriveBackupKey(passphrase, sealed.kdf);
  if (key.length !== sealed.key.length || !timingSafeEqual(key, sealed.key)) throw new AppError('BACKUP_WRONG_PASSPHRASE');
  return sealed;
}

/** The key a file was written with, re-derived from the passphrase (BACKUP_WRONG_PASSPHRASE when it is not). */
export async function keyFromPassphrase(header: BackupHeader, passphrase: string): Promise<BackupKey> {
  const key = await deriveBackupKey(passphrase, header.kdf);
  if (!sameKey(key, header)) throw new AppError('BACKUP_WRONG_PASSPHRASE');
  return { key, kdf: header.kdf };
}
