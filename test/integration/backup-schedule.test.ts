import { readdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app';
import { BACKUP_PASSPHRASE, useTempDirs } from '../helpers/backup';
import { branchDesk, registerCitizen, type Desk } from '../helpers/desk-flow';

const desk = useTestApp(branchDesk);
const tempDir = useTempDirs();
const HOUR = 3_600_000;

/** A supervisor sets the folder, the schedule and the passphrase through the contract. */
async function configured(d: Desk, o: { intervalHours?: number; keep?: number } = {}): Promise<string> {
  const folder = tempDir('desk-backups-');
  await d.app.ok(d.supervisor, 'settings:update', { backupFolder: folder, backupIntervalHours: o.intervalHours ?? 6, backupKeep: o.keep ?? 14 });
  await d.app.ok(d.supervisor, 'backups:set-passphrase', { passphrase: BACKUP_PASSPHRASE, repeat: BACKUP_PASSPHRASE });
  return folder;
}

const complete = (folder: string) => readdirSync(folder).filter((n) => n.endsWith('.deskbak'));

describe('Backups: the schedule, the status the screens show, the supervisor channels', () => {
  it('says what is missing before backups can run: the folder, then the passphrase', async () => {
    const d = desk();
    expect((await d.app.ok(d.clerk, 'backups:status', {})).state).toBe('not-configured');
    await d.app.ok(d.supervisor, 'settings:update', { backupFolder: tempDir('desk-backups-') });
    expect((await d.app.ok(d.clerk, 'backups:status', {})).state).toBe('no-passphrase');
    const run = await d.app.call(d.supervisor, 'backups:run', {});
    expect(run.ok === false && run.error.code).toBe('BACKUP_NO_PASSPHRASE');
  });

  it('every N hours: a tick makes a backup only when the newest good one is N hours old', async () => {
    const d = desk();
    const folder = await configured(d, { intervalHours: 6 });
    await d.app.ctx.backups.tick();
    expect(complete(folder)).toHaveLength(1);
    d.app.clock.advance(5 * HOUR);
    await d.app.ctx.backups.tick();
    expect(complete(folder)).toHaveLength(1);
    d.app.clock.advance(HOUR);
    await d.app.ctx.backups.tick();
    expect(complete(folder)).toHaveLength(2);
  });

  it('and at shutdown: closing the desk makes one more backup', async () => {
    const d = desk();
    const folder = await configured(d);
    await d.app.ok(d.supervisor, 'backups:run', {});
    d.app.clock.advance(60_000);
    await d.app.ctx.close();
    expect(complete(folder)).toHaveLength(2);
  });

  it('the status turns red after 24 h without a good backup, and when the folder is unreachable', async () => {
    const d = desk();
    const folder = await configured(d);
    expect((await d.app.ok(d.clerk, 'backups:status', {})).state).toBe('stale');
    await registerCitizen(d, '001234567');
    const made = await d.app.ok(d.supervisor, 'backups:run', {});
    expect(made.accounts).toBe(1);
    expect(await d.app.ok(d.clerk, 'backups:status', {})).toMatchObject({ state: 'ok', ageMinutes: 0, lastError: null });
    // Staff sessions idle-lock as the clock moves: read the status as the status bar's push does.
    d.app.clock.advance(23 * HOUR);
    expect(await d.app.ctx.backups.refresh()).toMatchObject({ state: 'ok', ageMinutes: 23 * 60 });
    d.app.clock.advance(HOUR);
    expect((await d.app.ctx.backups.refresh()).state).toBe('stale');
    expect((await d.app.ctx.status()).backup.state).toBe('stale');

    renameSync(folder, `${folder}-unplugged`);
    expect((await d.app.ctx.backups.refresh()).state).toBe('unreachable');
    await expect(d.app.ctx.backups.runNow()).rejects.toMatchObject({ code: 'BACKUP_FOLDER_UNREACHABLE' });
    expect((await d.app.ctx.backups.refresh()).lastError).toBe('BACKUP_FOLDER_UNREACHABLE');
    renameSync(`${folder}-unplugged`, folder);
  });

  it('the supervisor list: time, size, accounts and state of each file, newest first', async () => {
    const d = desk();
    const folder = await configured(d);
    await d.app.ok(d.supervisor, 'backups:run', {});
    await registerCitizen(d, '001234567');
    d.app.clock.advance(60_000);
    await d.app.ok(d.supervisor, 'backups:run', {});
    const list = await d.app.ok(d.supervisor, 'backups:list', {});
    expect(list).toMatchObject({ folder, passphraseSet: true, status: { state: 'ok' } });
    expect(list.entries.map((e) => [e.state, e.accounts])).toEqual([
      ['ok', 1],
      ['ok', 0],
    ]);
    expect(list.entries[0]!.createdAt).toBe('2026-11-25T06:31:00.000Z');
    expect(list.entries.every((e) => e.bytes > 0)).toBe(true);
    // After a new passphrase the old files are named as made under another one.
    await d.app.ok(d.supervisor, 'backups:set-passphrase', { passphrase: 'another long passphrase', repeat: 'another long passphrase' });
    expect((await d.app.ok(d.supervisor, 'backups:list', {})).entries.map((e) => e.state)).toEqual(['other-key', 'other-key']);
    expect(path.isAbsolute(folder)).toBe(true);
  });

  it('refuses: a clerk (FORBIDDEN), a short passphrase (VALIDATION), a repeat that differs (PASSWORD_MISMATCH), a relative folder (VALIDATION)', async () => {
    const d = desk();
    const byClerk = await d.app.call(d.clerk, 'backups:run', {});
    expect(byClerk.ok === false && byClerk.error.code).toBe('FORBIDDEN');
    const short = await d.app.call(d.supervisor, 'backups:set-passphrase', { passphrase: 'short', repeat: 'short' });
    expect(short.ok === false && short.error.code).toBe('VALIDATION');
    const differs = await d.app.call(d.supervisor, 'backups:set-passphrase', { passphrase: BACKUP_PASSPHRASE, repeat: `${BACKUP_PASSPHRASE}!` });
    expect(differs.ok === false && differs.error.code).toBe('PASSWORD_MISMATCH');
    const relative = await d.app.call(d.supervisor, 'settings:update', { backupFolder: 'backups' });
    expect(relative.ok === false && relative.error.code).toBe('VALIDATION');
    expect((await d.app.ok(d.supervisor, 'backups:list', {})).passphraseSet).toBe(false);
  });
});
