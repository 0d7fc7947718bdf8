import type { Channel } from '../../../shared/contract';
import type { backupsContract } from '../../../shared/contract/backups.contract';
import { AppError } from '../../../shared/errors';
import { sealedBackupKey, setBackupPassphrase } from '../../services/backup-key.service';
import type { BackupScheduler } from '../../services/backup-scheduler.service';
import { listBackups } from '../../services/backup.service';
import { getSettings } from '../../services/settings.service';
import type { Handler } from '../router';
import { staffOf, type HandlerDeps } from './deps';

type BackupChannels = keyof typeof backupsContract & Channel;

export function backupsHandlers(d: HandlerDeps, scheduler: BackupScheduler): { [C in BackupChannels]: Handler<C> } {
  return {
    'backups:status': () => scheduler.refresh(),
    'backups:list': async () => {
      const s = await getSettings(d.env.db);
      const key = sealedBackupKey(d.env.keys);
      const status = await scheduler.refresh();
      const entries = s.backupFolder && status.state !== 'unreachable' ? await listBackups(s.backupFolder, key?.key ?? null).catch(() => []) : [];
      return { folder: s.backupFolder, passphraseSet: key !== null, status, entries };
    },
    'backups:run': async () => {
      const done = await scheduler.runNow();
      return { name: done.file.split(/[\\/]/).pop()!, bytes: done.bytes, accounts: done.manifest.accounts };
    },
    'backups:set-passphrase': async (input, ctx) => {
      if (input.passphrase !== input.repeat) throw new AppError('PASSWORD_MISMATCH');
      await setBackupPassphrase(d.env, staffOf(ctx), input.passphrase);
      await scheduler.refresh();
      return { passphraseSet: true as const };
    },
  };
}
