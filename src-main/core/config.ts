import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { offsetClock, systemClock, type Clock } from './clock';

export const APP_DIR_NAME = 'branch-accounts-desk';

/** The per-user application data folder of this OS (what Electron's userData would be). */
export function defaultDataDir(): string {
  const home = os.homedir();
  if (process.platform === 'win32') return path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_DIR_NAME);
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_DIR_NAME);
  return path.join(process.env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_DIR_NAME);
}

/** `config.json` in the data folder: what the app must know before it opens a database. */
const LocalConfigSchema = z.strictObject({
  databaseUrl: z.string().optional(),
  trainingMode: z.boolean().optional(),
  port: z.number().int().min(0).max(65535).optional(),
});

/** `config.json`, or an error that names the file and what is wrong in it (never a raw parser dump). */
function readLocalConfig(file: string): z.infer<typeof LocalConfigSchema> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file} is not valid JSON (${e instanceof Error ? e.message : String(e)}); fix or remove it`);
  }
  const r = LocalConfigSchema.safeParse(raw);
  if (!r.success) {
    const what = r.error.issues.map((i) => `${i.path.join('.') || (i.code === 'unrecognized_keys' ? i.keys.join(', ') : 'the file')}: ${i.message}`).join('; ');
    throw new Error(`${file}: ${what} (it may hold databaseUrl, trainingMode and port only)`);
  }
  return r.data;
}

/** A start the command line or the environment got wrong: the desk, browser mode or a command does not run. */
export class StartupConfigError extends Error {
  override name = 'StartupConfigError';
}

/**
 * The data folder, always named: an empty or valueless `--data-dir` (or an empty DESK_DATA_DIR)
 * would resolve to the current folder, and the desk would make its files there and its files
 * owner-only (an outside probe did that to a source checkout).
 */
function dataDirOf(flag: string | true | undefined, env: NodeJS.ProcessEnv): string {
  if (flag !== undefined) {
    if (flag === true || flag.trim() === '') throw new StartupConfigError('--data-dir needs a folder (--data-dir PATH)');
    return path.resolve(flag);
  }
  if (env.DESK_DATA_DIR !== undefined) {
    if (env.DESK_DATA_DIR.trim() === '') throw new StartupConfigError('DESK_DATA_DIR is set but empty: name a folder or unset it');
    return path.resolve(env.DESK_DATA_DIR);
  }
  return defaultDataDir();
}

/**
 * The bridge's port: `--port N`, else DESK_PORT, else config.json's `port` (checked by its schema),
 * else 0 (a free one). A value that is not a whole number 0–65535 is refused here, before the data
 * folder, the database or a key is made (it failed at listen with Node's own message, after them).
 */
function portOf(flag: string | true | undefined, envPort: string | undefined, local: number | undefined): number {
  const [text, from] = flag !== undefined ? [flag, '--port'] : envPort !== undefined ? [envPort, 'DESK_PORT'] : [null, ''];
  if (text === null) return local ?? 0;
  const n = text === true ? NaN : /^[0-9]{1,5}$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!Number.isInteger(n) || n > 65535) throw new StartupConfigError(`${from} must be a whole number from 0 to 65535 (0: any free port)`);
  return n;
}

export interface StartupConfig {
  dataDir: string;
  /** postgres://… when several counters share one database; otherwise SQLite in the data folder. */
  databaseUrl: string | null;
  sqliteFile: string;
  trainingMode: boolean;
  port: number;
  clock: Clock;
  /** The headquarters link's longest wait between retries (default 5 min); shorter only in training mode (tests). */
  hqRetryMaxMs?: number;
}

/**
 * Switches that take no value. Every other `--name` takes the next word unless that word is
 * another switch (`--name value` or `--name=value`).
 */
export const BOOLEAN_SWITCHES: ReadonlySet<string> = new Set(['training', 'help', 'kiosk', 'cli', 'no-sandbox', 'replace-other']);

export interface ParsedArgs {
  /** The words that are neither switches nor switch values, in order (the CLI's command first). */
  positionals: string[];
  /** `--name value`, `--name=value` → 'value'; a boolean switch or a switch with no value → true. */
  flags: Record<string, string | true>;
}

/**
 * The one command-line parser: the desk, browser mode and both CLI hosts read their arguments
 * through it, so a switch means the same thing everywhere.
 */
export function parseCommandLine(argv: readonly string[]): ParsedArgs {
  const positionals: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) {
      positionals.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    if (eq > 0) flags[a.slice(2, eq)] = a.slice(eq + 1);
    else if (!BOOLEAN_SWITCHES.has(a.slice(2)) && i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) flags[a.slice(2)] = argv[++i]!;
    else flags[a.slice(2)] = true;
  }
  return { positionals, flags };
}

/**
 * Order: command line, then environment, then `config.json` in the data folder. The clock may be
 * moved (DESK_FAKE_NOW) only in training mode, and only at process start.
 */
export function loadStartupConfig(argv: string[], env: NodeJS.ProcessEnv = process.env): StartupConfig {
  const args = parseCommandLine(argv).flags;
  const dataDir = dataDirOf(args['data-dir'], env);
  const file = path.join(dataDir, 'config.json');
  const local = existsSync(file) ? readLocalConfig(file) : {};
  const databaseUrl =
    (typeof args['database-url'] === 'string' ? args['database-url'] : undefined) ?? env.DATABASE_URL ?? local.databaseUrl ?? null;
  // Never printed (it may hold a password); anything else would be read as a host of its own.
  if (databaseUrl !== null && !/^postgres(?:ql)?:\/\/\S+$/.test(databaseUrl)) {
    throw new StartupConfigError('the database URL (--database-url, DATABASE_URL or databaseUrl in config.json) must be postgres://… or postgresql://…');
  }
  const trainingMode = args.training === true || env.DESK_TRAINING === '1' || local.trainingMode === true;
  const port = portOf(args.port, env.DESK_PORT, local.port);
  let clock: Clock = systemClock;
  if (env.DESK_FAKE_NOW) {
    if (!trainingMode) throw new Error('DESK_FAKE_NOW is honoured only in training mode (--training)');
    const at = new Date(env.DESK_FAKE_NOW).getTime();
    if (Number.isNaN(at)) throw new Error('DESK_FAKE_NOW is not a date');
    clock = offsetClock(at - Date.now());
  }
  const cfg: StartupConfig = { dataDir, databaseUrl, sqliteFile: path.join(dataDir, 'desk.sqlite'), trainingMode, port, clock };
  if (env.DESK_HQ_RETRY_MAX_MS) {
    if (!trainingMode) throw new Error('DESK_HQ_RETRY_MAX_MS is honoured only in training mode (--training)');
    const ms = Number(env.DESK_HQ_RETRY_MAX_MS);
    if (!Number.isInteger(ms) || ms < 100) throw new Error('DESK_HQ_RETRY_MAX_MS must be a whole number of milliseconds, at least 100');
    cfg.hqRetryMaxMs = ms;
  }
  return cfg;
}
