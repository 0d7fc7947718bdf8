import { existsSync, mkdirSync, rmdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { isAppError } from '../../shared/errors';
import { cliRefusalText, type CliRefusalCode } from '../../shared/i18n/fa-cli';
import { errorMessageFa } from '../../shared/i18n/fa-messages';
import { AnchorLog } from '../core/audit-anchors';
import { systemClock } from '../core/clock';
import { BOOLEAN_SWITCHES, loadStartupConfig, parseCommandLine, StartupConfigError, type StartupConfig } from '../core/config';
import { KeyFileError, keysDir, type KeyFileProblem, type KeyStore } from '../core/secrets';
import { openDatabase } from '../db/connection';
import { terminalProgress } from '../core/progress-line';
import { DESK_LOCK_FILE, tryDeskLock, type DeskLock } from '../db/desk-lock';
import { chainHead } from '../services/audit.service';
import type { ServiceEnv } from '../services/env';
import { CliStop, type CliArgs, type CliCommand, type CliHost, type CliIo, type KeyName } from './command';
import { CLI_COMMANDS, commandByName } from './commands';

export function usageText(host: CliHost): string {
  // A usage longer than the column puts its summary on the next line, never run into it.
  const lines = CLI_COMMANDS.map((c) => {
    const left = `${c.name} ${c.usage}`.trimEnd();
    return left.length < 46 ? `  ${left.padEnd(46)}${c.summary}` : `  ${left}\n  ${''.padEnd(46)}${c.summary}`;
  });
  return `usage: ${host.invocation} <command> [--data-dir DIR] [--database-url URL]\n${lines.join('\n')}\n`;
}

const KEY_REFUSALS: Record<KeyFileProblem, CliRefusalCode> = {
  'sealed-needs-app': 'CLI_KEY_SEALED_NEEDS_APP',
  'keychain-unavailable': 'CLI_KEYCHAIN_UNAVAILABLE',
  'unseal-failed': 'CLI_KEY_UNSEAL_FAILED',
  damaged: 'CLI_KEY_FILE_DAMAGED',
};

/**
 * How the same command is started through the packaged app (named in the plain-Node refusal),
 * with the data folder spelled out: the app's default folder is not plain Node's.
 */
export function appCommandFor(argv: readonly string[], dataDir: string, platform: NodeJS.Platform = process.platform): string {
  const exe = platform === 'win32' ? 'start "" /wait "%ProgramFiles%\\branch-accounts-desk\\branch-accounts-desk.exe"' : 'branch-accounts-desk';
  const args = parseCommandLine(argv).flags['data-dir'] === undefined ? [...argv, '--data-dir', dataDir] : [...argv];
  const quoted = args.map((a) => (/^[\w@%+=:,./\\-]+$/.test(a) ? a : `"${a}"`));
  return [exe, '--cli', ...quoted].join(' ');
}

/** The command's view of the key store: only what it declared, so `keys` stays true. */
export function declaredOnly(store: KeyStore, declared: readonly KeyName[], command: string): KeyStore {
  const check = (name: KeyName) => {
    if (!declared.includes(name)) throw new Error(`command ${command} reads key "${name}" without declaring it in its keys`);
  };
  return {
    key: (name) => (check(name), store.key(name)),
    readSealed: (name) => (check(name), store.readSealed(name)),
    writeSealed: (name, data) => (check(name), store.writeSealed(name, data)),
    archiveSealed: (name, at) => (check(name), store.archiveSealed(name, at)),
    replaceKey: (name, raw, at) => (check(name), store.replaceKey(name, raw, at)),
    installKey: (name, raw) => (check(name), store.installKey(name, raw)),
    replaceSealed: (name, data) => (check(name), store.replaceSealed(name, data)),
  };
}

/** Opens a declared key before the command starts, so a refusal comes before any write. */
function openKey(store: KeyStore, name: KeyName): void {
  if (name === 'audit' || name === 'outbox') store.key(name);
  else store.readSealed(name);
}

interface Held {
  lock: DeskLock | null;
  env: Promise<ServiceEnv> | null;
  anchors: AnchorLog | null;
  /** What `prepare` made that was not there: a refused command takes it away again (nothing changes). */
  madeDir: string | null;
  madeLock: string | null;
}

/**
 * The data folder is a folder or not there yet: a file in its place (or on its path) is a usage
 * mistake said as such, as an empty --data-dir is, not mkdir's EEXIST/ENOTDIR as a failure.
 */
function checkDataDir(dataDir: string): void {
  let notAFolder: boolean;
  try {
    const st = statSync(dataDir, { throwIfNoEntry: false });
    notAFolder = st !== undefined && !st.isDirectory();
  } catch (e) {
    // ENOTDIR: a file on the way to it (…/a-file/data).
    if ((e as NodeJS.ErrnoException).code !== 'ENOTDIR') throw e;
    notAFolder = true;
  }
  if (notAFolder) throw new StartupConfigError(`the data folder ${dataDir} is not a folder (a file is in its place): name a folder with --data-dir PATH`);
}

async function prepare(command: CliCommand, cfg: StartupConfig, host: CliHost, held: Held): Promise<KeyStore> {
  checkDataDir(cfg.dataDir);
  const sqlite = !cfg.databaseUrl;
  if (command.needsInstallation && sqlite && !existsSync(cfg.sqliteFile)) {
    throw new CliStop('CLI_NO_INSTALLATION', { dataDir: cfg.dataDir, file: cfg.sqliteFile });
  }
  // Same folder rights as the app gives it: the database and the key files are in it.
  if (!existsSync(cfg.dataDir)) held.madeDir = cfg.dataDir;
  mkdirSync(cfg.dataDir, { recursive: true, mode: 0o700 });
  if (command.database === 'write' && sqlite) {
    const lockFile = path.join(cfg.dataDir, DESK_LOCK_FILE);
    if (!existsSync(lockFile)) held.madeLock = lockFile;
    held.lock = await tryDeskLock(cfg.dataDir);
    if (!held.lock) throw new CliStop('CLI_DESK_RUNNING', { dataDir: cfg.dataDir });
  }
  const store = declaredOnly(host.keyStore(cfg.dataDir), command.keys, command.name);
  const auditFile = path.join(keysDir(cfg.dataDir), 'audit.key');
  // A missing audit key next to a non-empty chain: a new key would break the chain at the next entry.
  if (command.keys.includes('audit') && command.database !== 'none' && !existsSync(auditFile)) {
    held.env = openEnv(cfg, store);
    if ((await chainHead((await held.env).db)).lastId > 0) throw new CliStop('CLI_KEY_MISSING', { file: auditFile });
  }
  for (const name of command.keys) openKey(store, name);
  // Only now (the keys are open): made before the refusal above, the anchors would create the missing key.
  if (command.database === 'write' && command.keys.includes('audit')) held.anchors = new AnchorLog(keysDir(cfg.dataDir), store.key('audit'));
  return store;
}

async function openEnv(cfg: StartupConfig, keys: KeyStore): Promise<ServiceEnv> {
  const db = await openDatabase({ url: cfg.databaseUrl, sqliteFile: cfg.sqliteFile }, terminalProgress());
  return { db, clock: systemClock, keys };
}

/** What every command takes besides its own options (the data folder, the database, the app's switches). */
const COMMON_OPTIONS: readonly string[] = ['data-dir', 'database-url', ...BOOLEAN_SWITCHES];

/**
 * A mistyped option (`--datadir`) would otherwise be ignored and the command run on the default
 * data folder: refused with exit 2 before anything is opened, as is an option that takes a value
 * given without one (`--keep`, `--data-dir=`).
 */
function checkOptions(command: CliCommand, flags: Record<string, string | true>): void {
  const own = [...command.usage.matchAll(/--([a-z][a-z-]*)/g)].map((m) => m[1]!);
  for (const [name, value] of Object.entries(flags)) {
    if (!own.includes(name) && !COMMON_OPTIONS.includes(name)) throw new CliStop('CLI_UNKNOWN_OPTION', { detail: `--${name}` });
    if (!BOOLEAN_SWITCHES.has(name) && (value === true || value === '')) throw new CliStop('CLI_USAGE', { detail: `--${name} needs a value` });
  }
}

function commandArgs(rest: string[], flags: Record<string, string | true>): CliArgs {
  return { positionals: rest, flags, flag: (name) => (typeof flags[name] === 'string' ? flags[name] : undefined) };
}

/** The refusal text for a key file problem, for the CLI and for the desk's start-up error box. */
export function keyRefusalText(e: KeyFileError, argv: readonly string[] = []): string {
  const dataDir = path.dirname(path.dirname(e.file));
  return cliRefusalText(KEY_REFUSALS[e.problem], { file: e.file, appCommand: appCommandFor(argv, dataDir) });
}

function refusalFor(e: unknown, argv: readonly string[], command: CliCommand | undefined, host: CliHost): { text: string; code: number } {
  if (e instanceof CliStop) {
    const usage = command ? `usage: ${host.invocation} ${command.name} ${command.usage}`.trimEnd() : usageText(host);
    return { text: cliRefusalText(e.code, { usage, ...e.params }), code: e.exitCode };
  }
  if (e instanceof KeyFileError) {
    return { text: keyRefusalText(e, argv), code: 1 };
  }
  if (isAppError(e)) return { text: `${errorMessageFa(e.code, e.details)} (${e.code})\n`, code: 1 };
  if (e instanceof StartupConfigError) return refusalFor(new CliStop('CLI_USAGE', { detail: e.message }), argv, command, host);
  return { text: cliRefusalText('CLI_FAILED', { detail: e instanceof Error ? e.message : String(e) }), code: 1 };
}

/**
 * Runs one command of the table for a branch's IT person and returns the exit code: 0 done,
 * 1 refused or failed (the reason printed), 2 a usage error. Both hosts call this.
 */
export async function runCli(argv: string[], host: CliHost, io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const { positionals, flags } = parseCommandLine(argv);
  const [name, ...rest] = positionals;
  if (flags.help === true) {
    io.out(usageText(host));
    return 0;
  }
  if (!name) {
    io.err(usageText(host));
    return 2;
  }
  const command = commandByName(name);
  const held: Held = { lock: null, env: null, anchors: null, madeDir: null, madeLock: null };
  let code = 1;
  try {
    if (!command) throw new CliStop('CLI_UNKNOWN_COMMAND', { command: name });
    checkOptions(command, flags);
    const cfg = loadStartupConfig(argv, env);
    const keys = await prepare(command, cfg, host, held);
    const ctx = {
      cfg,
      keys,
      keyStoreFor: (dataDir: string) => host.keyStore(dataDir),
      // A command that writes audit entries anchors them beside the keys as the desk does (one
      // line per commit; core/audit-anchors): cutting them from the database is noticed too.
      env: async () => Object.assign(await (held.env ??= openEnv(cfg, keys)), { anchors: held.anchors ?? undefined }),
    };
    code = await command.run(ctx, commandArgs(rest, flags), io);
    return code;
  } catch (e) {
    const r = refusalFor(e, argv, command, host);
    io.err(r.text);
    return r.code;
  } finally {
    held.anchors?.close();
    if (held.env) await (await held.env.catch(() => null))?.db.destroy();
    // A refused command leaves the folder as it found it (a restore refused at a new counter's
    // folder left one holding only the lock). The lock file goes while still held, so no other
    // process can be holding it; the folder only if nothing else is in it.
    if (code !== 0 && held.lock && held.madeLock) rmSync(held.madeLock, { force: true });
    await held.lock?.release();
    if (code !== 0 && held.madeDir) {
      try {
        rmdirSync(held.madeDir);
      } catch {
        // not empty: something else was made there, and stays
      }
    }
  }
}
