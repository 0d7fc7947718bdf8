import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { restoreBackup } from '../../src-main/services/restore.service';
import { useTestApp } from '../helpers/app';
import { BACKUP_PASSPHRASE, backupNow, forgeHeader, forgeHeaderJson, refusalCode, useTempDirs, withBackupPassphrase } from '../helpers/backup';
import { nodeCli } from '../helpers/cli';
import { branchDesk, registerCitizen } from '../helpers/desk-flow';

/**
 * A backup's clear header, forged with its SHA-256 recomputed (so the hash alone does not catch
 * it): only a header whose `format` is newer than this desk's is "made by a newer version"
 * (BACKUP_NEWER_SCHEMA, update the desk first); any other header this desk cannot read is
 * BACKUP_DAMAGED, and nothing in the data folder changes (outside probe, D6 and D7).
 */
const desk = useTestApp(branchDesk);
const tempDir = useTempDirs();
const NOW = new Date('2026-11-25T12:00:00Z');

async function oneBackup(): Promise<string> {
  const d = desk();
  const key = await withBackupPassphrase(d.app);
  await registerCitizen(d, '001234567');
  return (await backupNow(d.app, key, tempDir('desk-backups-'))).file;
}

/** A data folder with a live database that a refused restore must leave as it is. */
function liveFolder(): string {
  const target = tempDir('desk-target-');
  writeFileSync(path.join(target, 'desk.sqlite'), 'the live database');
  return target;
}

/** `desk.lock` is the command line's own lock on the folder (held while it ran), not a change by the restore. */
function unchanged(target: string): void {
  expect(readdirSync(target).filter((n) => n !== 'desk.lock')).toEqual(['desk.sqlite']);
  expect(readFileSync(path.join(target, 'desk.sqlite'), 'utf8')).toBe('the live database');
}

async function restoreCode(file: string): Promise<string | null> {
  const target = liveFolder();
  const code = await refusalCode(restoreBackup({ file, passphrase: BACKUP_PASSPHRASE, dataDir: target, now: NOW }));
  unchanged(target);
  return code;
}

type Header = Record<string, unknown> & { kdf: Record<string, unknown>; manifest: Record<string, unknown>; body: Record<string, unknown> };

describe('a forged backup header (its SHA-256 recomputed) is refused by what it is', () => {
  it('a header IV that is not one ("!!!!…"): BACKUP_DAMAGED from restore FILE --data-dir D, not CLI_FAILED "Invalid initialization vector" (D6)', async () => {
    const file = await oneBackup();
    const dir = tempDir('desk-forged-');
    const forged = forgeHeaderJson(file, (h) => ((h as Header).manifest.iv = '!!!!!!!!!!!!!!!!'), path.join(dir, 'iv.deskbak'));
    const passphrase = path.join(dir, 'passphrase.txt');
    writeFileSync(passphrase, `${BACKUP_PASSPHRASE}\n`, { mode: 0o600 });
    const target = liveFolder();
    const r = await nodeCli('restore', forged, '--data-dir', target, '--passphrase-file', passphrase);
    expect(r.err).toMatch(/\(BACKUP_DAMAGED\)\n$/);
    expect(r.err).not.toMatch(/initialization vector|CLI_FAILED/);
    expect(r.code).toBe(1);
    unchanged(target);
    // The body's IV the same way, and an IV of the wrong length.
    const bodyIv = forgeHeaderJson(file, (h) => ((h as Header).body.iv = '!!!!!!!!!!!!!!!!'), path.join(dir, 'body-iv.deskbak'));
    expect(await restoreCode(bodyIv)).toBe('BACKUP_DAMAGED');
    const shortIv = forgeHeaderJson(file, (h) => ((h as Header).manifest.iv = 'AAAA'), path.join(dir, 'short-iv.deskbak'));
    expect(await restoreCode(shortIv)).toBe('BACKUP_DAMAGED');
  });

  it('a header that fails its schema in any other way than a newer format is BACKUP_DAMAGED, not BACKUP_NEWER_SCHEMA (D7)', async () => {
    const file = await oneBackup();
    const dir = tempDir('desk-forged-');
    const edits: Array<[string, (h: Header) => void]> = [
      ['an extra key', (h) => (h.extra = 1)],
      ['kind "x"', (h) => (h.kind = 'x')],
      ['kdf.memoryKiB 0', (h) => (h.kdf.memoryKiB = 0)],
      ['manifest null', (h) => (h.manifest = null as unknown as Record<string, unknown>)],
      ['format 0', (h) => (h.format = 0)],
      ['format "2" (a string)', (h) => (h.format = '2')],
      ['format 1.5', (h) => (h.format = 1.5)],
      ['no format', (h) => delete h.format],
    ];
    for (const [name, edit] of edits) {
      const forged = forgeHeaderJson(file, edit as (h: Record<string, unknown>) => void, path.join(dir, `${name.replace(/\W+/g, '-')}.deskbak`));
      expect(await restoreCode(forged), name).toBe('BACKUP_DAMAGED');
    }
    // Edits JSON.stringify cannot write: a length past 2^53, a kind that is not UTF-8, not an object.
    const raw: Array<[string, (text: Buffer) => Buffer]> = [
      ['body.length 2^53+1', (b) => Buffer.from(b.toString('utf8').replace(/("body":\{"iv":"[^"]*","length":)\d+/, '$19007199254740993'))],
      // The header is ASCII: string offsets are byte offsets.
      ['a kind that is not UTF-8', (b) => {
        const t = b.toString('latin1');
        const at = t.indexOf('"kind":"') + '"kind":"'.length;
        return Buffer.concat([b.subarray(0, at), Buffer.from([0xff, 0xfe]), b.subarray(t.indexOf('"', at))]);
      }],
      ['a JSON array', () => Buffer.from('[1]')],
    ];
    for (const [name, edit] of raw) {
      const forged = forgeHeader(file, edit, path.join(dir, `${name.replace(/\W+/g, '-')}.deskbak`));
      expect(readFileSync(forged).equals(readFileSync(file)), name).toBe(false);
      expect(await restoreCode(forged), name).toBe('BACKUP_DAMAGED');
    }
  });

  it('a header whose format is newer than this desk knows is BACKUP_NEWER_SCHEMA, whatever else it holds (update the desk first)', async () => {
    const file = await oneBackup();
    const dir = tempDir('desk-forged-');
    const newer = forgeHeaderJson(file, (h) => (h.format = 2), path.join(dir, 'format-2.deskbak'));
    expect(await restoreCode(newer)).toBe('BACKUP_NEWER_SCHEMA');
    // A newer format may change any field: its other keys are not this desk's to judge.
    const reshaped = forgeHeaderJson(file, (h) => Object.assign(h, { format: 3, kind: 'sqlite-v2', kdf: { alg: 'argon3' }, more: true }), path.join(dir, 'format-3.deskbak'));
    expect(await restoreCode(reshaped)).toBe('BACKUP_NEWER_SCHEMA');
    // The untouched file still restores (the forging itself is not what is refused).
    expect(await refusalCode(restoreBackup({ file, passphrase: BACKUP_PASSPHRASE, dataDir: tempDir('desk-ok-'), now: NOW }))).toBeNull();
  });
});
