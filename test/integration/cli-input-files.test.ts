import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MAX_REGISTRY_FILE_BYTES } from '../../src-main/services/hq-registry.service';
import { installDesk, nodeCli, type InstalledDesk } from '../helpers/cli';
import { CLI_ENTRY, ensureBuilt, ROOT } from '../helpers/server-process';

/**
 * FILE as the commands that read one take it (restore, import-ack, import-registry,
 * import-branches): only a regular file of a size that kind of file can have is read; a device,
 * a FIFO, a folder or a symlink loop gets the command's own refusal at once — never a read
 * without end (/dev/zero grew to 3.7 GB), never a wait for a FIFO's writer while the data folder
 * is held (outside probe, D5 and the smaller findings beside it).
 */
describe('the FILE a command reads: a regular file of a bounded size, or the command’s own refusal', () => {
  let desk: InstalledDesk;
  let scratch: string;
  let passphrase: string;

  beforeAll(async () => {
    desk = await installDesk();
    scratch = mkdtempSync(path.join(os.tmpdir(), 'desk-cli-input-'));
    passphrase = path.join(scratch, 'passphrase.txt');
    writeFileSync(passphrase, 'a passphrase for this test\n', { mode: 0o600 });
  });
  afterAll(() => {
    desk.remove();
    rmSync(scratch, { recursive: true, force: true });
  });
  afterEach(() => desk.dropCopies());

  /** Each command, the arguments after FILE and the code a FILE that is not its kind of file gets. */
  const commands = (dataDir: string): Array<{ name: string; rest: string[]; notAFile: RegExp }> => [
    { name: 'restore', rest: ['--data-dir', path.join(dataDir, '..', `${path.basename(dataDir)}-restored`), '--passphrase-file', passphrase], notAFile: /\(BACKUP_NOT_A_BACKUP\)\n$/ },
    { name: 'import-ack', rest: ['--data-dir', dataDir], notAFile: /\(ACK_INVALID\)\n$/ },
    { name: 'import-registry', rest: ['--data-dir', dataDir], notAFile: /صفحهٔ ۰.*\(REGISTRY_INVALID\)\n$/ },
    // Already right before the shared guard, and kept: its refusal for anything but a file.
    { name: 'import-branches', rest: ['--data-dir', dataDir], notAFile: /File not found: .*\(CLI_FILE_NOT_FOUND\)\n$/ },
  ];

  it.skipIf(process.platform === 'win32' || !existsSync('/dev/zero'))(
    'a device (/dev/zero, /dev/urandom) or a FIFO as FILE is refused at once in a real process, never read or waited on (D5)',
    () => {
      ensureBuilt('not a regular file');
      const fifo = path.join(scratch, 'ack.fifo');
      expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
      const dataDir = desk.copy();
      const env: NodeJS.ProcessEnv = { DESK_LOG_CONSOLE: '0' };
      for (const [k, v] of Object.entries(process.env)) if (k !== 'DATABASE_URL' && !k.startsWith('DESK_')) env[k] = v;
      for (const c of commands(dataDir)) {
        for (const file of ['/dev/zero', '/dev/urandom', fifo]) {
          const what = `${c.name} ${file}`;
          // Nothing here opens the FIFO; the child is killed if it hangs (the defect: it did, holding the folder).
          const r = spawnSync(process.execPath, [CLI_ENTRY, c.name, file, ...c.rest], { cwd: ROOT, env, encoding: 'utf8', timeout: 8_000, killSignal: 'SIGKILL' });
          expect(r.signal, `${what}: still running after 8 s`).toBeNull();
          expect(r.stderr, what).toMatch(c.notAFile);
          expect(r.status, what).toBe(1);
        }
      }
      // The data folder is free again: a writing command runs on it.
      const ok = spawnSync(process.execPath, [CLI_ENTRY, 'import-branches', writeCsv(), '--data-dir', dataDir], { cwd: ROOT, env, encoding: 'utf8', timeout: 30_000 });
      expect(ok.stderr).toBe('');
      expect(ok.status).toBe(0);
    },
    120_000,
  );

  function writeCsv(): string {
    const csv = path.join(scratch, 'branches.csv');
    writeFileSync(csv, 'code,name\n8001,Yazd\n');
    return csv;
  }

  it('a folder or a symlink loop as FILE gets the command’s not-a-file refusal, not "File not found"; a missing file still is not found', async () => {
    const dataDir = desk.copy();
    const folder = path.join(scratch, 'a-folder');
    mkdirSync(folder, { recursive: true });
    const loop = path.join(scratch, 'loop');
    if (!existsSync(loop)) symlinkSync(loop, loop);
    for (const c of commands(dataDir)) {
      for (const file of [folder, loop]) {
        const r = await nodeCli(c.name, file, ...c.rest);
        expect(r.err, `${c.name} ${file}`).toMatch(c.notAFile);
        expect(r.code, `${c.name} ${file}`).toBe(1);
      }
      const missing = await nodeCli(c.name, path.join(scratch, 'no-such-file'), ...c.rest);
      expect(missing.err, `${c.name} missing`).toMatch(/File not found: .*no-such-file \(CLI_FILE_NOT_FOUND\)\n$/);
      expect(missing.code).toBe(1);
    }
  });

  it('a file over the cap for its kind is refused unread with the command’s code: an acknowledgement (a few hundred bytes) over 4 KB, a registry file over its bound', async () => {
    const dataDir = desk.copy();
    const ack = path.join(scratch, 'big.ack');
    // Sparse: the size is there, the bytes are not (a read would be all zeros).
    writeFileSync(ack, '');
    truncateSync(ack, 1024 * 1024 * 1024);
    const bigAck = await nodeCli('import-ack', ack, '--data-dir', dataDir);
    expect(bigAck.err).toMatch(/\(ACK_INVALID\)\n$/);
    expect(bigAck.code).toBe(1);
    const registry = path.join(scratch, 'big-registry.json');
    writeFileSync(registry, '');
    truncateSync(registry, MAX_REGISTRY_FILE_BYTES + 1);
    const bigRegistry = await nodeCli('import-registry', registry, '--data-dir', dataDir);
    expect(bigRegistry.err).toMatch(/\(REGISTRY_TOO_LARGE\)\n$/);
    expect(bigRegistry.code).toBe(1);
    rmSync(ack);
    rmSync(registry);
  });

  it('--data-dir naming a file (or a path through one) is a usage mistake (exit 2) that says so, not "EEXIST … mkdir" (CLI_FAILED); the file is left as it was', async () => {
    const file = path.join(scratch, 'not-a-folder');
    writeFileSync(file, 'keep me');
    for (const dir of [file, path.join(file, 'below')]) {
      for (const argv of [['verify-audit'], ['import-ack', file], ['restore', file, '--passphrase-file', passphrase], ['backup', '--out', path.join(scratch, 'out'), '--passphrase-file', passphrase]]) {
        const r = await nodeCli(...argv, '--data-dir', dir);
        const what = `${argv.join(' ')} --data-dir ${dir}`;
        expect(r.err, what).toMatch(/is not a folder.*\(CLI_USAGE\)\n$/s);
        expect(r.err, what).not.toMatch(/EEXIST|ENOTDIR|CLI_FAILED/);
        expect(r.code, what).toBe(2);
      }
    }
    expect(readFileSync(file, 'utf8')).toBe('keep me');
  });
});
