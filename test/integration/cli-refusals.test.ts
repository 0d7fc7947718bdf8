import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CLI_ACTOR } from '../../src-main/cli/command';
import { DeskBusyError, tryDeskLock } from '../../src-main/db/desk-lock';
import { setBackupPassphrase } from '../../src-main/services/backup-key.service';
import { SUPERVISOR } from '../helpers/app';
import { installDesk, nodeCli, openDesk, type InstalledDesk } from '../helpers/cli';
import { CLI_ENTRY, ensureBuilt, SERVER, startServer } from '../helpers/server-process';
import { runCli } from '../../src-main/cli/run-cli';
import { nodeHost } from '../../src-main/cli';

describe('CLI refusals an IT person can act on: a damaged key file, a running desk', () => {
  let desk: InstalledDesk;
  let installed: string;
  let recoveryCode: string;

  beforeAll(async () => {
    desk = await installDesk();
    ({ dataDir: installed, recoveryCode } = desk);
  });
  afterAll(() => desk.remove());
  afterEach(() => desk.dropCopies());
  const copy = () => desk.copy();

  const recover = (dataDir: string) => nodeCli('recover-supervisor', '--username', SUPERVISOR.username, '--code', recoveryCode, '--data-dir', dataDir);

  it('a mistyped or valueless option is a usage mistake (exit 2) and nothing is opened, not a run on the default folder (a reported defect)', async () => {
    const typo = await nodeCli('recover-supervisor', '--username', SUPERVISOR.username, '--code', recoveryCode, '--datadir', installed);
    expect(typo.code).toBe(2);
    expect(typo.out).toBe('');
    expect(typo.err).toMatch(/«--datadir».*\n.*unknown option --datadir: nothing was done\n.*--username U --code CODE.*\(CLI_UNKNOWN_OPTION\)\n$/s);
    const dataDir = copy();
    const scratch = mkdtempSync(path.join(os.tmpdir(), 'desk-cli-opt-'));
    try {
      for (const argv of [
        ['backup', '--out', path.join(scratch, 'b'), '--keep', '--data-dir', dataDir],
        ['verify-audit', '--data-dir='],
        ['verify-audit', '--data-dir', dataDir, '--verbose'],
        ['import-branches', 'x.csv', '--data-dir', dataDir, '--out', scratch],
      ]) {
        const r = await nodeCli(...argv);
        expect(r.code, argv.join(' ')).toBe(2);
        expect(r.err, argv.join(' ')).toMatch(/\((CLI_UNKNOWN_OPTION|CLI_USAGE)\)\n$/);
      }
      expect(readdirSync(scratch)).toEqual([]); // the refused backup wrote nothing
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
    // The recovery code was not used by the refused call.
    expect((await recover(dataDir)).code).toBe(0);
  });

  it('backup --passphrase-file beside a sealed backup key: another passphrase is refused and nothing is written; the right one makes a backup it opens (a reported defect)', async () => {
    const dataDir = copy();
    const scratch = mkdtempSync(path.join(os.tmpdir(), 'desk-cli-pass-'));
    try {
      const ctx = await openDesk(dataDir);
      await setBackupPassphrase(ctx.env, CLI_ACTOR, 'the branch passphrase 1405');
      await ctx.close();
      const file = (name: string, text: string) => (writeFileSync(path.join(scratch, name), `${text}\n`, { mode: 0o600 }), path.join(scratch, name));
      const out = path.join(scratch, 'backups');
      const other = await nodeCli('backup', '--out', out, '--passphrase-file', file('other.txt', 'another passphrase'), '--data-dir', dataDir);
      expect(other.code).toBe(1);
      expect(other.err).toMatch(/\(BACKUP_WRONG_PASSPHRASE\)\n$/);
      expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
      const right = file('right.txt', 'the branch passphrase 1405');
      const made = await nodeCli('backup', '--out', out, '--passphrase-file', right, '--data-dir', dataDir);
      expect(made.code).toBe(0);
      const backup = /backup written: (\S+\.deskbak)/.exec(made.out)![1]!;
      const restored = await nodeCli('restore', backup, '--passphrase-file', right, '--data-dir', path.join(scratch, 'restored'));
      expect(restored.code).toBe(0);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it('backup with no sealed key: a passphrase shorter than the desk accepts (12) is refused and nothing is written (outside probe 2026-12-06)', async () => {
    const dataDir = copy();
    const scratch = mkdtempSync(path.join(os.tmpdir(), 'desk-cli-short-'));
    try {
      const file = (name: string, text: string) => (writeFileSync(path.join(scratch, name), `${text}\n`, { mode: 0o600 }), path.join(scratch, name));
      const out = path.join(scratch, 'backups');
      const short = await nodeCli('backup', '--out', out, '--passphrase-file', file('short.txt', 'short'), '--data-dir', dataDir);
      expect(short.code).toBe(2);
      expect(short.err).toMatch(/12.*\(CLI_USAGE\)\n$/s);
      expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
      expect((await nodeCli('backup', '--out', out, '--passphrase-file', file('long.txt', 'twelve chars'), '--data-dir', dataDir)).code).toBe(0);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it.skipIf(!existsSync('/proc/self'))('backup --out a folder that cannot be made (/proc/…) is refused at once, not a spin at 100% CPU (a reported defect)', async () => {
    const dataDir = copy();
    const scratch = mkdtempSync(path.join(os.tmpdir(), 'desk-cli-out-'));
    try {
      const passphrase = path.join(scratch, 'p.txt');
      writeFileSync(passphrase, 'a passphrase for this test\n', { mode: 0o600 });
      const r = await Promise.race([
        nodeCli('backup', '--out', '/proc/desk-backups/today', '--passphrase-file', passphrase, '--data-dir', dataDir),
        new Promise<null>((resolve) => setTimeout(() => resolve(null), 15_000)),
      ]);
      expect(r, 'still running after 15 s').not.toBeNull();
      expect(r!.code).toBe(1);
      expect(r!.err).toMatch(/\(BACKUP_FOLDER_UNREACHABLE\)\n$/);
      // A nested folder that can be made still is.
      const nested = path.join(scratch, 'a', 'b', 'c');
      expect((await nodeCli('backup', '--out', nested, '--passphrase-file', passphrase, '--data-dir', dataDir)).code).toBe(0);
      expect(readdirSync(nested).filter((f) => f.endsWith('.deskbak'))).toHaveLength(1);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it('a PostgreSQL that cannot be reached: the refusal names the error, and the driver prints no stack on the terminal (a reported defect)', async () => {
    const printed: string[] = [];
    const spies = (['log', 'warn', 'error'] as const).map((m) => vi.spyOn(console, m).mockImplementation((...a: unknown[]) => void printed.push(a.map(String).join(' '))));
    const scratch = mkdtempSync(path.join(os.tmpdir(), 'desk-cli-pg-'));
    try {
      const r = await nodeCli('verify-audit', '--data-dir', scratch, '--database-url', 'postgres://desk:pw@127.0.0.1:1/desk');
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/ECONNREFUSED 127\.0\.0\.1:1 \(CLI_FAILED\)\n$/);
      expect(r.err).not.toContain('pw');
      expect(printed.filter((t) => /Acquire connection error|\n\s+at /.test(t))).toEqual([]);
    } finally {
      for (const s of spies) s.mockRestore();
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it('a damaged key file: says which one and to restore it from the backup; nothing written', async () => {
    const dataDir = copy();
    const file = path.join(dataDir, 'keys', 'audit.key');
    writeFileSync(file, readFileSync(file).subarray(0, 20));
    const r = await recover(dataDir);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toContain(file);
    expect(r.err).toMatch(/damaged: restore the keys folder from the backup.*\(CLI_KEY_FILE_DAMAGED\)\n$/s);
    // The recovery code was not used up: with the key back, it still works.
    cpSync(path.join(installed, 'keys', 'audit.key'), file);
    expect((await recover(dataDir)).code).toBe(0);
  });

  it('a running desk on the SQLite folder: commands that write are refused, verify-audit runs beside it', async () => {
    const dataDir = copy();
    const running = await openDesk(dataDir);
    try {
      const r = await recover(dataDir);
      expect(r.code).toBe(1);
      expect(r.err).toContain(dataDir);
      expect(r.err).toMatch(/close the desk.*\(CLI_DESK_RUNNING\)\n$/s);
      const csv = path.join(dataDir, 'branches.csv');
      writeFileSync(csv, '8001,Yazd\n');
      expect((await nodeCli('import-branches', csv, '--data-dir', dataDir)).err).toMatch(/\(CLI_DESK_RUNNING\)\n$/);
      const v = await nodeCli('verify-audit', '--data-dir', dataDir);
      expect(v).toMatchObject({ code: 0, err: '' });
    } finally {
      await running.close();
    }
    // Closed: the same command now runs, and the recovery code was not used up by the refusal.
    expect((await recover(dataDir)).code).toBe(0);
  });

  it('while a writing command holds the folder, a desk does not start on it', async () => {
    const dataDir = copy();
    const held = await tryDeskLock(dataDir);
    expect(held).not.toBeNull();
    try {
      await expect(openDesk(dataDir)).rejects.toBeInstanceOf(DeskBusyError);
    } finally {
      await held!.release();
    }
    const running = await openDesk(dataDir);
    await running.close();
  });

  it('browser mode refuses an empty --data-dir and an unknown option: nothing is made in the current folder (outside probe 2026-12-06)', async () => {
    ensureBuilt('--data-dir needs a folder');
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'desk-cwd-'));
    try {
      for (const args of [['--data-dir', ''], ['--data-dir='], ['--data-dir', path.join(cwd, 'data'), '--bogus'], ['--data-dir', path.join(cwd, 'data'), 'extra']]) {
        const r = spawnSync(process.execPath, [SERVER, ...args], { cwd, encoding: 'utf8', timeout: 30_000 });
        expect(r.status, args.join(' ')).toBe(2);
        expect(r.stderr, args.join(' ')).toMatch(/^Could not start: .*(--data-dir needs a folder|unknown option --bogus|unexpected argument «extra»)/);
        expect(readdirSync(cwd), args.join(' ')).toEqual([]);
      }
      // The command line's restore with an empty DESK_DATA_DIR: a usage mistake, not a restore into the current folder.
      const run = { out: '', err: '' };
      const code = await runCli(['verify-audit'], nodeHost, { out: (t) => (run.out += t), err: (t) => (run.err += t) }, { DESK_DATA_DIR: '' });
      expect(code).toBe(2);
      expect(run.err).toMatch(/DESK_DATA_DIR is set but empty.*\(CLI_USAGE\)\n$/s);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  }, 120_000);

  it('output into a pipe closed early (`… | head`) ends the command quietly, without an EPIPE stack trace (outside probe 2026-12-06)', async () => {
    ensureBuilt('EPIPE');
    const child = spawn(process.execPath, [CLI_ENTRY, '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy(); // the reader is gone before the first write
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(err).toBe('');
    expect(code).toBe(0);
  }, 60_000);

  it('a desk in another process holds the folder until it exits, also when killed', async () => {
    ensureBuilt('desk.lock');
    const dataDir = copy();
    const server = await startServer(dataDir, ['--training']);
    try {
      expect((await recover(dataDir)).err).toMatch(/\(CLI_DESK_RUNNING\)\n$/);
    } finally {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    expect((await recover(dataDir)).code).toBe(0);
  }, 120_000);

  it('the built `node out/main/cli.js`: output on the terminal streams, the exit code reaches the shell', () => {
    ensureBuilt('CLI_DESK_RUNNING');
    const dataDir = copy();
    const ok = spawnSync(process.execPath, [CLI_ENTRY, 'verify-audit', '--data-dir', dataDir], { encoding: 'utf8', timeout: 60_000 });
    expect({ status: ok.status, stderr: ok.stderr }).toEqual({ status: 0, stderr: '' });
    expect(ok.stdout).toMatch(/^ok\nentries: \d+\n/);
    const usage = spawnSync(process.execPath, [CLI_ENTRY, 'recover-supervisor', '--data-dir', dataDir], { encoding: 'utf8', timeout: 60_000 });
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/usage: node out\/main\/cli.js recover-supervisor --username U --code CODE \(CLI_USAGE\)\n$/);
  }, 120_000);
});
