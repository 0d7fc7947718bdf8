import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createAppContext, type AppContext } from '../../src-main/boot/app-context';
import { nodeHost } from '../../src-main/cli';
import { runCli } from '../../src-main/cli/run-cli';
import { ManualClock } from '../../src-main/core/clock';
import type { KeyStore } from '../../src-main/core/secrets';
import { setUpBranch, startTestApp } from './app';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** The CLI as `node out/main/cli.js …` runs it, minus the process: argv in, exit code and text out. */
export async function nodeCli(...argv: string[]): Promise<CliRun> {
  const r = { out: '', err: '' };
  const code = await runCli(argv, nodeHost, { out: (t) => (r.out += t), err: (t) => (r.err += t) }, {});
  return { code, ...r };
}

/** The desk (browser mode, no dispatcher) on an existing data folder, e.g. the one a CLI worked on. */
export function openDesk(dataDir: string): Promise<AppContext> {
  const clock = new ManualClock('2026-11-25T09:00:00Z');
  return createAppContext(
    { dataDir, databaseUrl: null, sqliteFile: path.join(dataDir, 'desk.sqlite'), trainingMode: true, port: 0, clock },
    'browser',
    { startDispatcher: false },
  );
}

/** A desk set up (first-run setup done) and closed, as the CLI finds it; copy() gives a fresh folder per test. */
export interface InstalledDesk {
  dataDir: string;
  recoveryCode: string;
  copy(): string;
  /** Removes the copies made since the last call (afterEach). */
  dropCopies(): void;
  remove(): void;
}

export async function installDesk(opts: { keys?: (dataDir: string) => KeyStore } = {}): Promise<InstalledDesk> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'desk-cli-'));
  const app = await startTestApp(opts);
  const { recoveryCode } = await setUpBranch(app);
  await app.ctx.close();
  const dataDir = path.join(root, 'installed');
  cpSync(app.dataDir, dataDir, { recursive: true });
  rmSync(app.dataDir, { recursive: true, force: true });
  const copies: string[] = [];
  return {
    dataDir,
    recoveryCode,
    copy() {
      const d = mkdtempSync(path.join(root, 'data-'));
      copies.push(d);
      cpSync(dataDir, d, { recursive: true });
      return d;
    },
    dropCopies() {
      for (const d of copies.splice(0)) rmSync(d, { recursive: true, force: true });
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}
