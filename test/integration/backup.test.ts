import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../../shared/errors';
import * as backupFile from '../../src-main/core/backup-file';
import { newBackupKey, openBackupFile } from '../../src-main/core/backup-file';
import { FileKeyStore } from '../../src-main/core/secrets';
import { openDatabase } from '../../src-main/db/connection';
import { verifyAudit } from '../../src-main/services/audit.service';
import { listBackups } from '../../src-main/services/backup.service';
import { chainHead } from '../../src-main/services/audit.service';
import { exportJournal } from '../../src-main/services/journal-export.service';
import { restoreBackup } from '../../src-main/services/restore.service';
import { startTestApp, SUPERVISOR, useTestApp } from '../helpers/app';
import { ackFor, readBatchFolder } from '../helpers/batch-folder';
import { BACKUP_PASSPHRASE, backupNow, flipByte, refusalCode, useTempDirs, withBackupPassphrase } from '../helpers/backup';
import { branchDesk, registerCitizen } from '../helpers/desk-flow';

const desk = useTestApp(branchDesk);
const tempDir = useTempDirs();
const NOW = new Date('2026-11-25T12:00:00Z');

/** The usernames and audit figures of a restored data folder, its chain checked with its own key. */
async function openRestored(dataDir: string) {
  const db = await openDatabase({ url: null, sqliteFile: path.join(dataDir, 'desk.sqlite') });
  try {
    const usernames = (await db('accounts').select<{ username: string }[]>('username')).map((r) => r.username);
    const audit = await verifyAudit(db, new FileKeyStore(path.join(dataDir, 'keys')).key('audit'));
    const integrity = (await db.raw('PRAGMA integrity_check')) as Array<{ integrity_check: string }>;
    return { usernames, audit, integrity: integrity.map((r) => r.integrity_check) };
  } finally {
    await db.destroy();
  }
}

describe('Backups (SQLite): an online, encrypted copy that restores', () => {
  it('backup during a registration loop: the restored copy passes integrity and audit checks and holds every registration acknowledged before the backup began', async () => {
    const d = desk();
    const key = await withBackupPassphrase(d.app);
    const folder = tempDir('desk-backups-');
    const acknowledged: string[] = [];
    let stop = false;
    let n = 100;
    // The counter keeps registering while the backup runs (another connection to the same file).
    const loop = (async () => {
      while (!stop) acknowledged.push((await registerCitizen(d, String(n++).padStart(9, '0'))).code);
    })();
    while (acknowledged.length < 5) await new Promise((r) => setImmediate(r));
    const before = [...acknowledged];
    const done = await backupNow(d.app, key, folder);
    const whenDone = acknowledged.length;
    stop = true;
    await loop;

    expect(done.manifest.accounts).toBeGreaterThanOrEqual(before.length);
    expect(done.manifest.accounts).toBeLessThanOrEqual(whenDone);
    const target = tempDir('desk-restored-');
    const report = await restoreBackup({ file: done.file, passphrase: BACKUP_PASSPHRASE, dataDir: target, now: NOW });
    expect(report).toMatchObject({
      kind: 'sqlite',
      movedAside: null,
      comparedWith: [{ source: 'old-database', state: 'absent' }, { source: 'audit-anchor', state: 'none' }, { source: 'journal-ack', state: 'absent' }],
    });
    const restored = await openRestored(target);
    expect(restored.integrity).toEqual(['ok']);
    expect(restored.audit).toMatchObject({ ok: true, entries: done.manifest.audit.lastId, head: done.manifest.audit.head });
    expect(restored.usernames).toEqual(expect.arrayContaining(before));
    expect(restored.usernames).toHaveLength(done.manifest.accounts);
  });

  it('a restore killed half-way left its decrypted copy in restore-work-…: the next restore removes it (outside probe 2026-12-06)', async () => {
    const d = desk();
    const key = await withBackupPassphrase(d.app);
    const done = await backupNow(d.app, key, tempDir('desk-backups-'));
    const target = tempDir('desk-restored-');
    const leftover = path.join(target, 'restore-work-20261201T080000000Z');
    mkdirSync(leftover);
    writeFileSync(path.join(leftover, 'desk.sqlite'), 'a plaintext copy a kill -9 left behind');
    await restoreBackup({ file: done.file, passphrase: BACKUP_PASSPHRASE, dataDir: target, now: NOW });
    expect(readdirSync(target).filter((n) => n.startsWith('restore-work-'))).toEqual([]);
  });

  it('the file says nothing without the passphrase: no national code, no key, no SQLite header in clear', async () => {
    const d = desk();
    const key = await withBackupPassphrase(d.app);
    const { code } = await registerCitizen(d, '001234567');
    const done = await backupNow(d.app, key, tempDir('desk-backups-'));
    const bytes = readFileSync(done.file);
    expect(bytes.includes(Buffer.from(code))).toBe(false);
    expect(bytes.includes(Buffer.from('SQLite format 3'))).toBe(false);
    expect(bytes.includes(d.app.ctx.env.keys.key('audit'))).toBe(false);
    expect(bytes.includes(key.key)).toBe(false);
    // The passphrase is not stored anywhere in the data folder either.
    const sealed = readFileSync(path.join(d.app.dataDir, 'keys', 'backup-key.sealed'));
    expect(sealed.includes(Buffer.from(BACKUP_PASSPHRASE))).toBe(false);
  });

  it('another desk’s backup over this desk’s database is refused (BACKUP_OTHER_DESK) and changes nothing, unless asked for by name (outside probe 2026-12-06)', async () => {
    const d = desk();
    const key = await withBackupPassphrase(d.app);
    await registerCitizen(d, '001234567');
    const done = await backupNow(d.app, key, tempDir('desk-backups-'));
    // Another branch's desk, with its own audit chain: the wrong USB stick at its counter.
    const other = await startTestApp();
    await registerCitizen(await branchDesk(other), '007654321');
    const target = other.dataDir;
    await other.ctx.close(); // the folder stays (close() would remove it)
    const before = readdirSync(target).sort();
    const live = readFileSync(path.join(target, 'desk.sqlite'));
    expect(await refusalCode(restoreBackup({ file: done.file, passphrase: BACKUP_PASSPHRASE, dataDir: target, now: NOW }))).toBe('BACKUP_OTHER_DESK');
    expect(readdirSync(target).sort()).toEqual(before);
    expect(readFileSync(path.join(target, 'desk.sqlite')).equals(live)).toBe(true);
    // Meant (the counter is being replaced by that desk): the old database still moves aside.
    const report = await restoreBackup({ file: done.file, passphrase: BACKUP_PASSPHRASE, dataDir: target, now: NOW, replaceOther: true });
    expect(report.movedAside).toBe(path.join(target, 'before-restore-20261125T120000000Z'));
    expect(report.comparedWith).toContainEqual(expect.objectContaining({ source: 'old-database', state: 'diverged' }));
    // Its anchor file is that desk's, not damaged: not compared, and said so (outside probe 2026-12-07).
    expect(report.comparedWith).toContainEqual({ source: 'audit-anchor', state: 'other-desk', anchorId: null, restoredId: expect.any(Number) });
    rmSync(target, { recursive: true, force: true });
  });

  it('restore never overwrites: the old database and keys move aside, and the report counts what the backup lacks', async () => {
    const d = desk();
    const key = await withBackupPassphrase(d.app);
    await registerCitizen(d, '001234567');
    const done = await backupNow(d.app, key, tempDir('desk-backups-'));
    const later = [await registerCitizen(d, '001234568'), await registerCitizen(d, '001234569')].map((r) => r.code);
    const dataDir = d.app.dataDir;
    await d.app.ctx.close();

    const report = await restoreBackup({ file: done.file, passphrase: BACKUP_PASSPHRASE, dataDir, now: NOW });
    expect(report.movedAside).toBe(path.join(dataDir, 'before-restore-20261125T120000000Z'));
    expect(readdirSync(report.movedAside!).sort()).toEqual(expect.arrayContaining(['desk.sqlite', 'keys']));
    const loss = report.comparedWith.find((c) => c.source === 'old-database');
    expect(loss).toMatchObject({ source: 'old-database', state: 'ahead' });
    expect(loss!.lost!.byAction['account.registered']).toBe(2);
    expect(loss!.lost!.count).toBeGreaterThanOrEqual(2);
    const restored = await openRestored(dataDir);
    expect(restored.audit.ok).toBe(true);
    expect(restored.usernames).not.toContain(later[0]);
    // The moved-aside database still holds what the restore dropped.
    const aside = await openDatabase({ url: null, sqliteFile: path.join(report.movedAside!, 'desk.sqlite') });
    try {
      expect((await aside('accounts').whereIn('username', later)).length).toBe(2);
    } finally {
      await aside.destroy();
    }
  });

  it('restore reports what it loses against the newest audit anchor beside the keys and the journal sequence headquarters acknowledged (and advises a new station number)', async () => {
    const d = desk();
    const key = await withBackupPassphrase(d.app);
    await registerCitizen(d, '001234567');
    const done = await backupNow(d.app, key, tempDir('desk-backups-'));
    await registerCitizen(d, '001234568');
    await registerCitizen(d, '001234569');
    // The journal goes to headquarters, which acknowledges all of it.
    const staff = await d.app.ctx.db('staff').where({ username: SUPERVISOR.username }).first<{ id: number }>();
    const out = tempDir('desk-journal-');
    await exportJournal(d.app.ctx.env, { type: 'staff', id: staff!.id, name: SUPERVISOR.username }, out, {});
    const slip = (await d.app.ok(d.supervisor, 'hq:station-slip', {})).slipText;
    const batches = readBatchFolder(out, slip);
    await d.app.ok(d.supervisor, 'hq:import-ack', { text: ackFor(batches.at(-1)!) });
    const acked = batches.at(-1)!.manifest.lastSeq;
    const station = (await d.app.ctx.db('stations').first<{ id: number }>('id'))!.id;
    // The report names it as people do (branch-station, as on its slip), not by its row id.
    const named = await d.app.ctx.db('stations as s').join('branches as b', 'b.id', 's.branch_id').where('s.id', station).first<{ code: string; station_number: number }>('b.code', 's.station_number');
    const label = `${named!.code}-${String(named!.station_number).padStart(2, '0')}`;
    const head = await chainHead(d.app.ctx.db);
    const dataDir = d.app.dataDir;
    await d.app.ctx.close();

    const report = await restoreBackup({ file: done.file, passphrase: BACKUP_PASSPHRASE, dataDir, now: NOW });
    const restoredId = report.manifest.audit.lastId;
    expect(restoredId).toBeLessThan(head.lastId);
    // The newest anchor names the old head (at least past the backup): entries restoredId+1..N are lost.
    const anchor = report.comparedWith.find((c) => c.source === 'audit-anchor');
    expect(anchor).toMatchObject({ state: 'ahead', restoredId });
    expect((anchor as { anchorId: number }).anchorId).toBeGreaterThan(restoredId);
    expect((anchor as { anchorId: number }).anchorId).toBeLessThanOrEqual(head.lastId);
    // Headquarters acknowledged sequence S; the restored journal ends before it: a new station number.
    const restoredDb = await openDatabase({ url: null, sqliteFile: path.join(dataDir, 'desk.sqlite') });
    let restoredSeq: number;
    try {
      restoredSeq = Number((await restoredDb('journal').where({ station_id: station }).max({ s: 'seq' }))[0]!.s ?? 0);
    } finally {
      await restoredDb.destroy();
    }
    expect(restoredSeq).toBeLessThan(acked);
    expect(report.comparedWith.find((c) => c.source === 'journal-ack')).toEqual({ source: 'journal-ack', state: 'behind', behind: [{ stationId: station, station: label, ackedSeq: acked, restoredSeq }] });
    expect(label).toMatch(/^[0-9]{4}-07$/);
  });

  it('restore with nothing newer beside it: no anchor ahead and no acknowledgement behind', async () => {
    const d = desk();
    const key = await withBackupPassphrase(d.app);
    await registerCitizen(d, '001234567');
    const done = await backupNow(d.app, key, tempDir('desk-backups-'));
    const dataDir = d.app.dataDir;
    await d.app.ctx.close();
    const report = await restoreBackup({ file: done.file, passphrase: BACKUP_PASSPHRASE, dataDir, now: NOW });
    expect(report.comparedWith.find((c) => c.source === 'journal-ack')).toEqual({ source: 'journal-ack', state: 'covered', behind: [] });
    expect(report.comparedWith.find((c) => c.source === 'audit-anchor')).toMatchObject({ state: expect.stringMatching(/^(behind-or-equal|none)$/) });
  });

  describe('a bad backup is refused with a clear code, and nothing in the data folder changes', () => {
    async function oneBackup() {
      const d = desk();
      const key = await withBackupPassphrase(d.app);
      await registerCitizen(d, '001234567');
      return { d, done: await backupNow(d.app, key, tempDir('desk-backups-')) };
    }
    async function refusedInto(file: string, passphrase = BACKUP_PASSPHRASE): Promise<string | null> {
      const target = tempDir('desk-target-');
      writeFileSync(path.join(target, 'desk.sqlite'), 'the live database');
      const code = await refusalCode(restoreBackup({ file, passphrase, dataDir: target, now: NOW }));
      expect(readdirSync(target)).toEqual(['desk.sqlite']);
      expect(readFileSync(path.join(target, 'desk.sqlite'), 'utf8')).toBe('the live database');
      return code;
    }

    it('a wrong passphrase: BACKUP_WRONG_PASSPHRASE', async () => {
      const { done } = await oneBackup();
      expect(await refusedInto(done.file, 'not the passphrase at all')).toBe('BACKUP_WRONG_PASSPHRASE');
    });

    it('a truncated file: BACKUP_TRUNCATED (cut anywhere: in the body, in the header)', async () => {
      const { done } = await oneBackup();
      const bytes = readFileSync(done.file);
      for (const keep of [bytes.length - 1, Math.floor(bytes.length / 2), 40, 10]) {
        const cut = path.join(tempDir('desk-cut-'), 'cut.deskbak');
        writeFileSync(cut, bytes.subarray(0, keep));
        expect(await refusedInto(cut)).toBe('BACKUP_TRUNCATED');
      }
    });

    it('a flipped byte: BACKUP_DAMAGED (in the header, the manifest, the body, the tag)', async () => {
      const { done } = await oneBackup();
      const opened = await openBackupFile(done.file);
      for (const at of [20, opened.manifestAt + 3, opened.bodyAt + Math.floor(opened.header.body.length / 2), -1]) {
        const bad = flipByte(done.file, at, path.join(tempDir('desk-flip-'), 'flipped.deskbak'));
        expect(await refusedInto(bad)).toBe('BACKUP_DAMAGED');
      }
    });

    it('a file that is not a backup: BACKUP_NOT_A_BACKUP', async () => {
      const other = path.join(tempDir('desk-other-'), 'desk.sqlite');
      writeFileSync(other, 'SQLite format 3\0 and then some');
      expect(await refusedInto(other)).toBe('BACKUP_NOT_A_BACKUP');
    });

    it('a backup of a newer schema: BACKUP_NEWER_SCHEMA', async () => {
      const d = desk();
      const key = await withBackupPassphrase(d.app);
      await d.app.ctx.db('knex_migrations').insert({ name: '0099_from_a_newer_desk', batch: 99, migration_time: new Date() });
      const done = await backupNow(d.app, key, tempDir('desk-backups-'));
      expect(await refusedInto(done.file)).toBe('BACKUP_NEWER_SCHEMA');
    });
  });

  it('retention keeps exactly K: the newest K complete backups, older ones removed', async () => {
    const d = desk();
    const key = await withBackupPassphrase(d.app);
    const folder = tempDir('desk-backups-');
    const made: string[] = [];
    for (let i = 0; i < 5; i++) {
      d.app.clock.advance(3_600_000);
      made.push(path.basename((await backupNow(d.app, key, folder, 3)).file));
    }
    expect(readdirSync(folder).sort()).toEqual(made.slice(2).sort());
    const listed = await listBackups(folder, key.key);
    expect(listed.map((b) => [b.name, b.state])).toEqual(made.slice(2).reverse().map((n) => [n, 'ok']));
  });

  it('retention in a shared folder removes only this desk’s backups: another desk’s (another key) and a file it cannot open stay (outside probe 2026-12-06)', async () => {
    const d = desk();
    const key = await withBackupPassphrase(d.app);
    const folder = tempDir('desk-shared-backups-');
    // Another desk writing into the same network folder: its own key, hence its own key check.
    const theirs = await newBackupKey('the other branch passphrase');
    const other: string[] = [];
    for (let i = 0; i < 2; i++) {
      d.app.clock.advance(60_000);
      other.push(path.basename((await backupNow(d.app, theirs, folder)).file));
    }
    const broken = 'desk-backup-20200101T000000000Z-abcdef.deskbak';
    writeFileSync(path.join(folder, broken), 'not a backup');
    const mine: string[] = [];
    for (let i = 0; i < 4; i++) {
      d.app.clock.advance(3_600_000);
      mine.push(path.basename((await backupNow(d.app, key, folder, 2)).file));
    }
    expect(readdirSync(folder).sort()).toEqual([...other, broken, ...mine.slice(2)].sort());
  });

  it('a folder given as the backup to restore, and a backup folder that vanishes while the file is written, get their codes, not a system error (outside probe 2026-12-06)', async () => {
    const d = desk();
    const key = await withBackupPassphrase(d.app);
    expect(await refusalCode(restoreBackup({ file: tempDir('desk-not-a-file-'), passphrase: BACKUP_PASSPHRASE, dataDir: tempDir('desk-t-'), now: NOW }))).toBe('BACKUP_NOT_A_BACKUP');
    const usb = tempDir('desk-usb-');
    // The stick is pulled after the folder was checked: the write of the file fails.
    const spy = vi.spyOn(backupFile, 'writeBackupFile').mockImplementationOnce(async () => {
      rmSync(usb, { recursive: true, force: true });
      throw Object.assign(new Error(`ENOENT: no such file or directory, open '${usb}/.x.partial'`), { code: 'ENOENT' });
    });
    try {
      expect(await refusalCode(backupNow(d.app, key, usb))).toBe('BACKUP_FOLDER_UNREACHABLE');
    } finally {
      spy.mockRestore();
    }
  });

  it('a backup folder that is missing is refused with BACKUP_FOLDER_UNREACHABLE, nothing written anywhere', async () => {
    const d = desk();
    const key = await withBackupPassphrase(d.app);
    const gone = path.join(tempDir('desk-usb-'), 'unplugged');
    expect(await refusalCode(backupNow(d.app, key, gone))).toBe('BACKUP_FOLDER_UNREACHABLE');
    expect(existsSync(gone)).toBe(false);
    const work = path.join(d.app.dataDir, 'backup-work');
    expect(existsSync(work) ? readdirSync(work) : []).toEqual([]);
  });

  it('any bytes: opening a file that is not a whole backup ends in a stable code, never a crash', async () => {
    const dir = tempDir('desk-fuzz-');
    const { d, done } = await (async () => {
      const dd = desk();
      const key = await withBackupPassphrase(dd.app);
      return { d: dd, done: await backupNow(dd.app, key, dir) };
    })();
    expect(d).toBeTruthy();
    const good = readFileSync(done.file);
    const codes = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const b = Buffer.from(good.subarray(0, 8 + ((i * 7919) % 600)));
      b[(i * 31) % b.length] = (i * 131) & 0xff;
      const f = path.join(dir, `fuzz-${i}.bin`);
      writeFileSync(f, b);
      try {
        await openBackupFile(f);
        codes.add('opened');
      } catch (e) {
        expect(e).toBeInstanceOf(AppError);
        codes.add((e as AppError).code);
      }
    }
    expect([...codes].every((c) => ['BACKUP_NOT_A_BACKUP', 'BACKUP_TRUNCATED', 'BACKUP_DAMAGED'].includes(c))).toBe(true);
    expect(statSync(done.file).size).toBe(good.length);
  });
});
