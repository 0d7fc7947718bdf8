import { chromium, test } from '@playwright/test';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

/** The repository root (this file lives in test/e2e/helpers/). */
export const REPO_ROOT = path.resolve(__dirname, '../../..');
export const SERVER_ENTRY = path.join(REPO_ROOT, 'out/main/server.js');
export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

export type LaunchKind = 'staff' | 'kiosk';

const LABEL: Record<LaunchKind, string> = { staff: 'Staff desk', kiosk: 'Citizen kiosk' };
const LAUNCH_LINE = /^(Staff desk|Citizen kiosk): (http:\/\/127\.0\.0\.1:\d+\/\S*#launch=[A-Za-z0-9_-]+)$/;
const STOPPED_LINE = 'Stopped; database closed.';
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 15_000;

export interface BrowserModeOptions {
  /** Extra environment for the server, e.g. `{ DESK_FAKE_NOW: '2026-03-01T08:00:00Z' }`. */
  env?: Record<string, string>;
  /** Extra command-line arguments after `--data-dir DIR --training`. */
  args?: string[];
  /** Reuse this data folder (a restart of the same branch); the caller owns it, stop() keeps it. */
  dataDir?: string;
  /** false: start without --training, so the configured SMS gateway is used (not the training file). */
  training?: boolean;
}

export interface BrowserMode {
  readonly dataDir: string;
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  /** The launch URLs printed at start; each works once. */
  readonly staffUrl: string;
  readonly kioskUrl: string;
  /** Asks the running server (on its stdin) for a fresh one-time launch URL. */
  newLaunchUrl(kind: LaunchKind): Promise<string>;
  /** Everything the server printed so far (stdout and stderr), for failure messages. */
  output(): string;
  /** SIGINT, then waits for a clean exit: code 0 and the "database closed" line. Removes a data folder it made. */
  stop(): Promise<void>;
}

interface Waiter {
  match: (line: string) => string | null;
  resolve: (value: string) => void;
}

const running = new Set<ChildProcessWithoutNullStreams>();
process.once('exit', () => {
  // A test that crashed before stop(): leave no server behind.
  for (const child of running) child.kill('SIGKILL');
});

/** The inherited environment minus what would point the server away from its fresh temp folder. */
function baseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k === 'DATABASE_URL' || k.startsWith('DESK_')) continue;
    env[k] = v;
  }
  return env;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(what())), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Starts `node out/main/server.js --data-dir <fresh temp folder> --training` (the built app, so
 * run `npm run build` first) and resolves once both launch URLs have been printed.
 */
export async function startBrowserMode(options: BrowserModeOptions = {}): Promise<BrowserMode> {
  if (!existsSync(SERVER_ENTRY)) {
    throw new Error(`${SERVER_ENTRY} is missing: run \`npm run build\` before the end-to-end tests`);
  }
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'desk-e2e-'));
  const child = spawn(process.execPath, [SERVER_ENTRY, '--data-dir', dataDir, ...(options.training === false ? [] : ['--training']), ...(options.args ?? [])], {
    cwd: REPO_ROOT,
    env: { ...baseEnv(), NO_COLOR: '1', ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  running.add(child);

  let log = '';
  const stdoutLines: string[] = [];
  let waiters: Waiter[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('close', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    });
  });
  let exitInfo: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  void exited.then((info) => {
    exitInfo = info;
  });

  const onLine = (line: string) => {
    stdoutLines.push(line);
    const keep: Waiter[] = [];
    let taken = false;
    for (const w of waiters) {
      const value = taken ? null : w.match(line);
      if (value === null) keep.push(w);
      else {
        taken = true;
        w.resolve(value);
      }
    }
    waiters = keep;
  };
  readline.createInterface({ input: child.stdout }).on('line', (line) => {
    log += line + '\n';
    onLine(line);
  });
  readline.createInterface({ input: child.stderr }).on('line', (line) => {
    log += '[stderr] ' + line + '\n';
  });

  const launchMatcher = (kind: LaunchKind) => (line: string) => {
    const m = LAUNCH_LINE.exec(line);
    return m && m[1] === LABEL[kind] ? m[2]! : null;
  };
  const nextLaunchUrl = (kind: LaunchKind): Promise<string> => {
    const pending = new Promise<string>((resolve) => waiters.push({ match: launchMatcher(kind), resolve }));
    // If the server dies first, fail with what it printed instead of waiting out the timeout.
    const died = exited.then(({ code, signal }) => {
      throw new Error(`browser mode exited (code ${code}, signal ${signal}) before printing a ${kind} URL:\n${log}`);
    });
    return withTimeout(Promise.race([pending, died]), START_TIMEOUT_MS, () => `no ${kind} launch URL within ${START_TIMEOUT_MS} ms:\n${log}`);
  };

  let staffUrl: string;
  let kioskUrl: string;
  try {
    [staffUrl, kioskUrl] = await Promise.all([nextLaunchUrl('staff'), nextLaunchUrl('kiosk')]);
  } catch (e) {
    child.kill('SIGKILL');
    if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
  const origin = new URL(staffUrl).origin;

  let stopped = false;
  return {
    dataDir,
    origin,
    staffUrl,
    kioskUrl,
    output: () => log,
    newLaunchUrl(kind) {
      if (exitInfo) return Promise.reject(new Error(`browser mode is not running:\n${log}`));
      const url = nextLaunchUrl(kind);
      child.stdin.write(kind + '\n');
      return url;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        if (!exitInfo) child.kill('SIGINT');
        const { code, signal } = await withTimeout(exited, STOP_TIMEOUT_MS, () => {
          child.kill('SIGKILL');
          return `browser mode did not stop within ${STOP_TIMEOUT_MS} ms of SIGINT:\n${log}`;
        });
        if (code !== 0) throw new Error(`browser mode exited with code ${code} (signal ${signal}) on SIGINT:\n${log}`);
        if (!stdoutLines.includes(STOPPED_LINE)) throw new Error(`browser mode did not print "${STOPPED_LINE}":\n${log}`);
      } finally {
        if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}

/** A Chromium that Playwright can launch: the system one, or Playwright's own download. */
export function chromiumAvailable(): boolean {
  if (existsSync(SYSTEM_CHROMIUM)) return true;
  try {
    return existsSync(chromium.executablePath());
  } catch {
    return false;
  }
}

/**
 * Skips the calling file / describe block / test, loudly, when no Chromium exists on a developer's
 * machine. Under CI=true it never skips: the launch then fails, because CI must have Chromium.
 * Call it at file or describe level so that the skip happens before the browser fixtures start.
 */
export function requireChromium(): void {
  if (chromiumAvailable() || process.env.CI === 'true') return;
  const reason =
    `CHROMIUM NOT FOUND (${SYSTEM_CHROMIUM}, nor Playwright's own): end-to-end test SKIPPED. ` +
    'Install it with `apt-get install chromium`; under CI=true this is a failure, not a skip.';
  console.warn(`\n${'!'.repeat(100)}\n!!! ${reason}\n${'!'.repeat(100)}\n`);
  test.skip(true, reason);
}
