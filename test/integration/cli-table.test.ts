import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startApp } from '../../src-main/app/entry';
import { safeKeyStore } from '../../src-main/app/safe-keys';
import { ANCHOR_FILE } from '../../src-main/core/audit-anchors';
import { nodeHost } from '../../src-main/cli';
import type { SmokeFixture } from '../../src-main/cli/command';
import { CLI_COMMANDS, duplicateCommandNames } from '../../src-main/cli/commands';
import { usageText } from '../../src-main/cli/run-cli';
import { SEAL_MAGIC } from '../../src-main/core/sealed-file';
import { SUPERVISOR } from '../helpers/app';
import { installDesk, nodeCli, type CliRun, type InstalledDesk } from '../helpers/cli';
import { electronStub } from '../helpers/electron-stub';

vi.mock('electron', () => import('../helpers/electron-stub'));

/** Where a packaged Linux install keeps its executable (the app's argv[0]). */
const EXE = '/opt/branch-accounts-desk/branch-accounts-desk';

/** `branch-accounts-desk --cli …` as the packaged app runs it: the real entry, a stand-in Electron. */
async function appCli(argv: string[]): Promise<CliRun> {
  const r = { out: '', err: '' };
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((t) => ((r.out += String(t)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((t) => ((r.err += String(t)), true));
  try {
    const exited = electronStub.nextExit();
    startApp([EXE, '--cli', ...argv]);
    const code = await exited;
    return { code, ...r };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('the command table: every command runs through the app --cli path with sealed keys', () => {
  /** A set-up desk whose keys the app sealed with (stand-in) safeStorage, then closed. */
  let desk: InstalledDesk;
  let installed: string;

  beforeAll(async () => {
    electronStub.reset();
    desk = await installDesk({ keys: safeKeyStore });
    installed = desk.dataDir;
  });
  afterAll(() => desk.remove());
  beforeEach(() => electronStub.reset());
  afterEach(() => desk.dropCopies());

  /** A copy of the installed folder for one run, and a scratch folder for the sample's own files. */
  function fixture(): SmokeFixture {
    const dataDir = desk.copy();
    const scratchDir = path.join(dataDir, 'scratch');
    mkdirSync(scratchDir);
    return { dataDir, scratchDir, supervisor: { username: SUPERVISOR.username, recoveryCode: desk.recoveryCode }, run: (argv) => appCli(argv) };
  }

  async function sampleArgv(name: string, fx: SmokeFixture): Promise<string[]> {
    const command = CLI_COMMANDS.find((c) => c.name === name)!;
    const args = await command.smoke.args(fx);
    return [name, ...args, ...(args.includes('--data-dir') ? [] : ['--data-dir', fx.dataDir])];
  }

  it('the installed keys are sealed on disk (header, not the raw 32 bytes)', () => {
    const keys = readdirSync(path.join(installed, 'keys'));
    expect(keys).toContain('audit.key');
    // The audit anchor log beside them is not a secret: each line is HMAC'd instead (issue 10 item 3).
    for (const f of keys.filter((name) => name !== ANCHOR_FILE)) {
      const bytes = readFileSync(path.join(installed, 'keys', f));
      expect(bytes.subarray(0, SEAL_MAGIC.length).equals(SEAL_MAGIC), f).toBe(true);
    }
  });

  it('has unique names, and the usage text lists every command', () => {
    expect(duplicateCommandNames()).toEqual([]);
    expect(CLI_COMMANDS.map((c) => c.name)).toEqual(expect.arrayContaining(['import-branches', 'recover-supervisor', 'verify-audit']));
    const usage = usageText(nodeHost);
    for (const c of CLI_COMMANDS) expect(usage).toContain(`  ${c.name}`);
    // Every usage line is whole, each summary apart from it (a reported defect: `[--passphrase-file FILE]an encrypted…`).
    for (const c of CLI_COMMANDS) {
      expect(usage, c.name).toMatch(new RegExp(`^  ${c.name}${c.usage ? ` ${c.usage.replace(/[[\]]/g, '\\$&')}` : ''}(\\s{2,}|\\n\\s+)${c.summary.replace(/[()[\]]/g, '\\$&')}$`, 'm'));
    }
  });

  for (const command of CLI_COMMANDS) {
    describe(command.name, () => {
      it('its smoke sample runs through `--cli` of the app, unsealing its keys through safeStorage', async () => {
        const fx = fixture();
        // Optional sealed blobs (a station, a backup key) may not exist in the fixture yet.
        const present = command.keys.filter((k) => existsSync(path.join(fx.dataDir, 'keys', k === 'audit' || k === 'outbox' ? `${k}.key` : `${k}.sealed`)));
        const r = await appCli(await sampleArgv(command.name, fx));
        expect(r.err).toBe('');
        expect(r.code).toBe(command.smoke.exitCode);
        if (command.smoke.out) expect(r.out).toMatch(command.smoke.out);
        // Every declared key present was opened through the keychain, not read as plain bytes.
        expect(electronStub.calls.decrypt).toBeGreaterThanOrEqual(present.length);
        expect(electronStub.windows).toEqual([]);
        expect(electronStub.calls.singleInstanceLock).toBe(0);
      });

      // A command that reads no key of the data folder (restore writes the backup's keys through
      // the host's store) has nothing for these three to refuse.
      if (command.keys.length === 0) return;

      it("another user's keychain cannot open the keys: refused as such, nothing written", async () => {
        const fx = fixture();
        const argv = await sampleArgv(command.name, fx);
        electronStub.keychain.id = 0x33;
        const before = readFileSync(path.join(fx.dataDir, 'desk.sqlite'));
        const r = await appCli(argv);
        expect(r.code).toBe(1);
        expect(r.err).toMatch(/\(CLI_KEY_UNSEAL_FAILED\)\n$/);
        expect(r.err).toContain(path.join(fx.dataDir, 'keys'));
        expect(readFileSync(path.join(fx.dataDir, 'desk.sqlite')).equals(before)).toBe(true);
      });

      it('an app whose safeStorage is unavailable says so, not "damaged"', async () => {
        const fx = fixture();
        const argv = await sampleArgv(command.name, fx);
        electronStub.keychain.available = false;
        const r = await appCli(argv);
        expect(r.code).toBe(1);
        expect(r.err).toMatch(/not available in this session.*\(CLI_KEYCHAIN_UNAVAILABLE\)\n$/);
      });

      it('plain Node meets the sealed key and names the app command to use', async () => {
        const fx = fixture();
        const argv = await sampleArgv(command.name, fx);
        const r = await nodeCli(...argv);
        expect(r.code).toBe(1);
        expect(r.out).toBe('');
        expect(r.err).toMatch(/\(CLI_KEY_SEALED_NEEDS_APP\)\n$/);
        expect(r.err).toContain(`branch-accounts-desk --cli ${command.name}`);
      });
    });
  }
});
