import { BACKUP_STALE_HOURS, type BackupStatus } from '../../shared/contract/backups.contract';
import { AppError, isAppError, type ErrorCode } from '../../shared/errors';
import { logger } from '../core/log';
import { sealedBackupKey } from './backup-key.service';
import { backupSqlite, listBackups, type BackupDone } from './backup.service';
import type { ServiceEnv } from './env';
import { backupPostgres } from './pg-dump.service';
import { getSettings } from './settings.service';

const log = logger('backup-schedule');
const HOUR = 3_600_000;
/** After a failed attempt (folder unplugged, disk full) the schedule tries again this much later. */
const RETRY_AFTER_MS = 15 * 60_000;

export interface SchedulerPlace {
  dataDir: string;
  /** The live SQLite file; null on PostgreSQL (backed up with pg_dump, see pg-dump.service.ts). */
  sqliteFile: string | null;
  databaseUrl: string | null;
}

/**
 * Backups: every N hours (Settings) and at shutdown, to the supervisor's folder, keeping the last
 * K. The status — age of the last good backup, red after 24 h or when the folder is unreachable
 * — is read from the folder itself, so a backup deleted or a disk unplugged shows at once.
 */
export class BackupScheduler {
  private cached: BackupStatus = { state: 'not-configured', lastGoodAt: null, ageMinutes: null, lastError: null, running: false };
  private running: Promise<BackupDone> | null = null;
  private lastAttemptAt = 0;
  private lastError: ErrorCode | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly listeners: Array<() => void> = [];

  constructor(
    private readonly env: ServiceEnv,
    private readonly place: SchedulerPlace,
  ) {}

  status(): BackupStatus {
    return this.cached;
  }

  onChange(fn: () => void): void {
    this.listeners.push(fn);
  }

  /** Checks once a minute whether a backup is due (and refreshes the status the screens show). */
  start(periodMs = 60_000): void {
    this.timer = setInterval(() => void this.tick().catch((e: unknown) => log.warn('backup tick failed', String(e))), periodMs);
    this.timer.unref();
    void this.tick().catch(() => undefined);
  }

  /** One step of the schedule: a backup when the newest good one is N hours old, then the status. */
  async tick(): Promise<void> {
    const s = await getSettings(this.env.db);
    const status = await this.refresh();
    const now = this.env.clock.now().getTime();
    const due = status.state === 'ok' || status.state === 'stale' || status.state === 'unreachable';
    const last = status.lastGoodAt ? new Date(status.lastGoodAt).getTime() : 0;
    if (due && now - last >= s.backupIntervalHours * HOUR && now - this.lastAttemptAt >= RETRY_AFTER_MS) {
      await this.runNow().catch(() => undefined);
    }
  }

  /** An immediate backup (the supervisor's button, the schedule, shutdown); one at a time. */
  runNow(): Promise<BackupDone> {
    this.running ??= this.backupOnce().finally(() => {
      this.running = null;
      void this.refresh();
    });
    return this.running;
  }

  private async backupOnce(): Promise<BackupDone> {
    this.lastAttemptAt = this.env.clock.now().getTime();
    this.cached = { ...this.cached, running: true };
    this.emit();
    try {
      const s = await getSettings(this.env.db);
      if (!s.backupFolder) throw new AppError('BACKUP_NOT_CONFIGURED');
      const key = sealedBackupKey(this.env.keys);
      if (!key) throw new AppError('BACKUP_NO_PASSPHRASE');
      const place = { dataDir: this.place.dataDir, folder: s.backupFolder, keep: s.backupKeep };
      const done = this.place.sqliteFile
        ? await backupSqlite(this.env, this.place.sqliteFile, place, key)
        : await backupPostgres(this.env, this.place.databaseUrl ?? '', place, key);
      this.lastError = null;
      return done;
    } catch (e) {
      this.lastError = isAppError(e) ? e.code : 'BACKUP_FAILED';
      log.warn(`backup failed: ${this.lastError}`, isAppError(e) ? '' : String(e));
      throw isAppError(e) ? e : new AppError('BACKUP_FAILED');
    }
  }

  /** Reads the folder again and recomputes the status. */
  async refresh(): Promise<BackupStatus> {
    const now = this.env.clock.now();
    const base = { lastGoodAt: null, ageMinutes: null, lastError: this.lastError, running: this.running !== null };
    let next: BackupStatus;
    const s = await getSettings(this.env.db);
    const key = sealedBackupKey(this.env.keys);
    if (!this.place.sqliteFile) next = { ...base, state: 'postgresql' };
    else if (!s.backupFolder) next = { ...base, state: 'not-configured' };
    else if (!key) next = { ...base, state: 'no-passphrase' };
    else {
      try {
        const good = (await listBackups(s.backupFolder, key.key)).find((b) => b.state === 'ok');
        const ageMinutes = good ? Math.max(0, Math.floor((now.getTime() - new Date(good.createdAt).getTime()) / 60_000)) : null;
        const fresh = ageMinutes !== null && ageMinutes < BACKUP_STALE_HOURS * 60;
        next = { ...base, state: fresh ? 'ok' : 'stale', lastGoodAt: good?.createdAt ?? null, ageMinutes };
      } catch {
        next = { ...base, state: 'unreachable' };
      }
    }
    const changed = JSON.stringify(next) !== JSON.stringify(this.cached);
    this.cached = next;
    if (changed) this.emit();
    return next;
  }

  /** Stops the schedule; with `finalBackup`, makes the shutdown backup first (when backups are set up). */
  async stop(opts: { finalBackup: boolean }): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.running) await this.running.catch(() => undefined);
    if (!opts.finalBackup || !this.place.sqliteFile) return;
    const s = await getSettings(this.env.db).catch(() => null);
    if (!s?.backupFolder || !sealedBackupKey(this.env.keys)) return;
    await this.runNow().catch(() => undefined);
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }
}
