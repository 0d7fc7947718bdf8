import { z } from 'zod';
import { ERROR_CODES } from '../errors';
import { channel } from './define';

/**
 * Where the last good backup stands, for the home screen and the status bar:
 * `ok` (younger than 24 h), `stale` (older, or none yet), `unreachable` (the folder cannot be
 * read or written), `not-configured` / `no-passphrase` (a supervisor has a step to do),
 * `postgresql` (a shared database is backed up with pg_dump by the branch's IT; see the README).
 */
export const BackupStateSchema = z.enum(['ok', 'stale', 'unreachable', 'not-configured', 'no-passphrase', 'postgresql']);
export type BackupState = z.infer<typeof BackupStateSchema>;

export const BackupStatusSchema = z.strictObject({
  state: BackupStateSchema,
  lastGoodAt: z.string().nullable(),
  ageMinutes: z.number().int().nonnegative().nullable(),
  /** The last scheduled or manual attempt failed with this code (cleared by the next good one). */
  lastError: z.enum(ERROR_CODES).nullable(),
  running: z.boolean(),
});
export type BackupStatus = z.infer<typeof BackupStatusSchema>;

/** After this many hours without a good backup the status turns red. */
export const BACKUP_STALE_HOURS = 24;

export const BackupEntrySchema = z.strictObject({
  name: z.string(),
  bytes: z.number().int().nonnegative(),
  createdAt: z.string(),
  accounts: z.number().int().nonnegative().nullable(),
  /** ok: this machine's key opens it; other-key: made under an earlier passphrase; incomplete: a backup cut short (never counted). */
  state: z.enum(['ok', 'other-key', 'incomplete', 'failed']),
  code: z.enum(ERROR_CODES).nullable(),
});
export type BackupEntry = z.infer<typeof BackupEntrySchema>;

/** A backup passphrase: long enough to survive offline guessing even behind argon2id. */
export const BackupPassphraseSchema = z.string().min(12).max(256);

export const backupsContract = {
  /** Backups: the age of the last good backup (every staff screen shows it). */
  'backups:status': channel({ role: 'staff', input: z.strictObject({}), output: BackupStatusSchema }),
  /** Backups: the supervisor's list of the backup folder (time, size, accounts, ok/failed). */
  'backups:list': channel({
    role: 'supervisor',
    input: z.strictObject({}),
    output: z.strictObject({
      folder: z.string(),
      passphraseSet: z.boolean(),
      status: BackupStatusSchema,
      entries: z.array(BackupEntrySchema),
    }),
  }),
  /** Backups: an immediate backup, as the schedule would make it. */
  'backups:run': channel({
    role: 'supervisor',
    input: z.strictObject({}),
    output: z.strictObject({ name: z.string(), bytes: z.number().int(), accounts: z.number().int() }),
  }),
  /** Backups: sets the backup passphrase; only the key derived from it (argon2id) is kept, sealed. */
  'backups:set-passphrase': channel({
    role: 'supervisor',
    input: z.strictObject({ passphrase: BackupPassphraseSchema, repeat: z.string().max(256) }),
    output: z.strictObject({ passphraseSet: z.literal(true) }),
  }),
};
