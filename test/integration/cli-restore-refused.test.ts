import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installDesk, nodeCli, type InstalledDesk } from '../helpers/cli';

/**
 * A refused restore changes nothing in its data folder — README's promise — and that includes not
 * leaving behind a folder that was not there (with only the desk lock in it): the wrong passphrase
 * or a damaged file at a new counter's folder left `desk.lock` in a new folder (outside probe
 * 2026-12-07). A folder that existed stays, as it was.
 */
describe('restore refused: no folder made, nothing left', () => {
  let desk: InstalledDesk;
  let scratch: string;
  let backup: string;
  const passphrase = (dir: string, text: string) => {
    const f = path.join(dir, `pass-${text.length}`);
    writeFileSync(f, `${text}\n`, { mode: 0o600 });
    return f;
  };
  beforeAll(async () => {
    desk = await installDesk();
    scratch = mkdtempSync(path.join(os.tmpdir(), 'desk-restore-refused-'));
    const r = await nodeCli('backup', '--out', path.join(scratch, 'out'), '--passphrase-file', passphrase(scratch, 'a long enough passphrase'), '--data-dir', desk.copy());
    expect(r.code).toBe(0);
    backup = path.join(scratch, 'out', readdirSync(path.join(scratch, 'out')).find((n) => n.endsWith('.deskbak'))!);
  });
  afterAll(() => {
    desk.remove();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('a wrong passphrase, a damaged file, a file that is no backup: the new folder is not made', async () => {
    const damaged = path.join(scratch, 'damaged.deskbak');
    const bytes = readFileSync(backup);
    bytes[bytes.length - 40] = bytes[bytes.length - 40]! ^ 0xff;
    writeFileSync(damaged, bytes);
    const notBackup = path.join(scratch, 'notes.txt');
    writeFileSync(notBackup, 'hello\n');
    for (const [file, pass, code] of [
      [backup, 'the wrong passphrase here', 'BACKUP_WRONG_PASSPHRASE'],
      [damaged, 'a long enough passphrase', 'BACKUP_DAMAGED'],
      [notBackup, 'a long enough passphrase', 'BACKUP_NOT_A_BACKUP'],
    ] as const) {
      const target = path.join(scratch, `new-counter-${code}`);
      const r = await nodeCli('restore', file, '--passphrase-file', passphrase(scratch, pass), '--data-dir', target);
      expect({ code, exit: r.code, err: r.err }).toEqual({ code, exit: 1, err: expect.stringContaining(`(${code})`) });
      expect({ code, made: existsSync(target) }).toEqual({ code, made: false });
    }
  });

  it('a folder that was there stays, with what it held', async () => {
    const target = path.join(scratch, 'existing');
    mkdirSync(target);
    writeFileSync(path.join(target, 'note.txt'), 'x');
    const r = await nodeCli('restore', backup, '--passphrase-file', passphrase(scratch, 'the wrong passphrase here'), '--data-dir', target);
    expect(r.code).toBe(1);
    expect(readdirSync(target)).toEqual(['note.txt']);
  });

  it('a restore that succeeds still makes the folder', async () => {
    const target = path.join(scratch, 'restored');
    const r = await nodeCli('restore', backup, '--passphrase-file', passphrase(scratch, 'a long enough passphrase'), '--data-dir', target);
    expect({ exit: r.code, err: r.err }).toEqual({ exit: 0, err: '' });
    expect(existsSync(path.join(target, 'desk.sqlite'))).toBe(true);
  });
});
