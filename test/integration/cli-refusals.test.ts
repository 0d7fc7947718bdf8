import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DeskBusyError, tryDeskLock } from '../../src-main/db/desk-lock';
import { SUPERVISOR } from '../helpers/app';
import { installDesk, nodeCli, openDesk, type InstalledDesk } from '../helpers/cli';
import { CLI_ENTRY, ensureBuilt, startServer } from '../helpers/server-process';

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
