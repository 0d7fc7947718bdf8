import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { BackupPassphraseSchema } from '../../shared/contract/backups.contract';
import { CLI_TEXT_FA } from '../../shared/i18n/fa-cli';
import { newBackupKey, type BackupKey } from '../core/backup-file';
import { checkAgainstSealed, sealedBackupKey } from '../services/backup-key.service';
import { backupSqlite } from '../services/backup.service';
import { backupPostgres } from '../services/pg-dump.service';
import { CliStop, type CliCommand } from './command';
import { readPassphrase } from './passphrase';

/** The sealed key (its passphrase checked), or a new one from a passphrase the desk itself would accept. */
function keyFor(sealed: BackupKey | null, passphrase: string): Promise<BackupKey> {
  if (sealed) return checkAgainstSealed(sealed, passphrase);
  if (!BackupPassphraseSchema.safeParse(passphrase).success) throw new CliStop('CLI_USAGE', { detail: CLI_TEXT_FA.passphraseTooShort });
  return newBackupKey(passphrase);
}

/**
 * Backups: an immediate encrypted backup into `--out DIR` — SQLite online (the desk may keep
 * working), PostgreSQL by pg_dump. The key is this machine's sealed backup key, or one derived
 * from the passphrase asked for when none is sealed; a `--passphrase-file` given beside a sealed
 * key must be the passphrase it came from (BACKUP_WRONG_PASSPHRASE, nothing written). `--keep K` also prunes the folder to K.
 */
export const backupCommand: CliCommand = {
  name: 'backup',
  usage: '--out DIR [--keep K] [--passphrase-file FILE]',
  summary: 'an encrypted backup now (SQLite online copy, or pg_dump on PostgreSQL)',
  database: 'read',
  needsInstallation: true,
  keys: ['audit', 'outbox', 'station', 'station-signing-key', 'backup-key'],
  async run(ctx, args, io) {
    const out = args.flag('out');
    if (!out) throw new CliStop('CLI_USAGE', { detail: CLI_TEXT_FA.backupOutRequired });
    const keep = Number(args.flag('keep') ?? Number.MAX_SAFE_INTEGER);
    if (!Number.isInteger(keep) || keep < 1) throw new CliStop('CLI_USAGE', { detail: '--keep K: K ≥ 1' });
    const sealed = sealedBackupKey(ctx.keys);
    // Asked for when none is sealed; a passphrase file given where one is sealed must match it.
    const key = sealed && args.flag('passphrase-file') === undefined ? sealed : await keyFor(sealed, await readPassphrase(args, io, CLI_TEXT_FA.passphrasePrompt));
    const env = await ctx.env();
    const place = { dataDir: ctx.cfg.dataDir, folder: path.resolve(out), keep, createFolder: true };
    const done = ctx.cfg.databaseUrl ? await backupPostgres(env, ctx.cfg.databaseUrl, place, key) : await backupSqlite(env, ctx.cfg.sqliteFile, place, key);
    io.out(CLI_TEXT_FA.backupWritten(done.file, done.bytes, done.manifest.accounts, done.manifest.audit.lastId));
    return 0;
  },
  smoke: {
    args: (fx) => {
      const file = path.join(fx.scratchDir, 'passphrase.txt');
      writeFileSync(file, 'smoke test backup passphrase\n', { mode: 0o600 });
      return ['--out', path.join(fx.scratchDir, 'backups'), '--passphrase-file', file];
    },
    exitCode: 0,
    out: /backup written: .*\.deskbak/,
  },
};
