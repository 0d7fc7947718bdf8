import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { appArgs, startApp } from '../../src-main/app/entry';
import { tryDeskLock } from '../../src-main/db/desk-lock';
import { BrowserWindow, dialog, electronStub, protocol } from '../helpers/electron-stub';

vi.mock('electron', () => import('../helpers/electron-stub'));

const EXE = 'C:\\Program Files\\branch-accounts-desk\\branch-accounts-desk.exe';

/** Runs the entry with process.argv as the OS would give it; the terminal output is captured. */
async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const r = { out: '', err: '' };
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((t) => ((r.out += String(t)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((t) => ((r.err += String(t)), true));
  try {
    const exited = electronStub.nextExit();
    startApp(argv);
    return { code: await exited, ...r };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('the app entry: --cli runs a command, no window, exit code passed through', () => {
  let userData: string;
  beforeEach(() => {
    electronStub.reset();
    userData = mkdtempSync(path.join(os.tmpdir(), 'desk-entry-'));
    electronStub.userData = userData;
  });
  afterEach(() => rmSync(userData, { recursive: true, force: true }));

  it('--cli --help prints the usage of the app host, exit 0, no window, no single-instance lock', async () => {
    const r = await run([EXE, '--cli', '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^usage: branch-accounts-desk --cli <command>/);
    expect(r.out).toContain('verify-audit');
    expect(electronStub.windows).toEqual([]);
    expect(electronStub.calls.singleInstanceLock).toBe(0);
  });

  it('passes the exit code through: 2 for an unknown command, 1 for a refusal', async () => {
    const unknown = await run([EXE, '--cli', 'frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/\(CLI_UNKNOWN_COMMAND\)\n$/);
    // No installation in userData: refused (1), and nothing created there.
    const missing = await run([EXE, '--cli', 'verify-audit']);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain(path.join(userData, 'desk.sqlite'));
    expect(missing.err).toMatch(/\(CLI_NO_INSTALLATION\)\n$/);
    expect(electronStub.exitCodes).toEqual([2, 1]);
    expect(electronStub.windows).toEqual([]);
  });

  it('without --cli the desk starts: single-instance lock taken, a window created', async () => {
    startApp([EXE, '--training']);
    // A migration may show the "updating" window first; it is destroyed before the staff window opens.
    const staffUrl = 'app://desk/index.html#/';
    await vi.waitFor(() => expect(electronStub.windows.map((w) => w.loaded?.url)).toContain(staffUrl), { timeout: 10_000 });
    expect(BrowserWindow.getAllWindows().map((w) => w.loaded?.url)).toEqual([staffUrl]);
    expect(electronStub.calls.singleInstanceLock).toBe(1);
    // Issue 10 item 8: app:// registered privileged before ready, served after ready.
    expect(protocol.privileged.map((p) => p.scheme)).toEqual(['app']);
    expect([...protocol.handlers.keys()]).toEqual(['app']);
    // Quitting closes the database, then exits 0.
    const exited = electronStub.nextExit();
    const event = { preventDefault: vi.fn() };
    BrowserWindow.getAllWindows()[0]!.close();
    (await import('electron')).app.emit('will-quit', event);
    expect(await exited).toBe(0);
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('a desk whose data folder a writing command holds: an error box saying so, exit 1, no window', async () => {
    const held = await tryDeskLock(userData);
    try {
      const exited = electronStub.nextExit();
      startApp([EXE]);
      expect(await exited).toBe(1);
    } finally {
      await held!.release();
    }
    expect(dialog.errorBoxes).toHaveLength(1);
    expect(dialog.errorBoxes[0]!.content).toContain(userData);
    expect(dialog.errorBoxes[0]!.content).toMatch(/\(CLI_DESK_RUNNING\)$/);
    expect(electronStub.windows).toEqual([]);
  });

  it('a second desk (single-instance lock held elsewhere) quits without a window', () => {
    electronStub.singleInstanceLockFree = false;
    startApp([EXE]);
    expect(electronStub.calls.quit).toBe(1);
    expect(electronStub.windows).toEqual([]);
  });

  it('reads its own arguments: packaged after the executable, in development after the entry file', () => {
    const ud = () => '/home/u/.config/desk';
    expect(appArgs([EXE, '--cli', 'verify-audit'], true, ud)).toEqual(['--cli', 'verify-audit', '--data-dir', '/home/u/.config/desk']);
    expect(appArgs(['electron', 'out/main/index.js', '--cli', 'verify-audit', '--data-dir=/d'], false, ud)).toEqual([
      '--cli',
      'verify-audit',
      '--data-dir=/d',
    ]);
  });
});
