import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { AppError, isAppError } from '../shared/errors';
import { ERROR_MESSAGES_FA } from '../shared/i18n/fa-messages';
import { systemClock } from './core/clock';
import { loadStartupConfig, type StartupConfig } from './core/config';
import { FileKeyStore } from './core/secrets';
import { openDatabase } from './db/connection';
import { chainHead, verifyAudit } from './services/audit.service';
import type { ServiceEnv } from './services/env';
import { importBranchesCsv } from './services/reference.service';
import { recoverSupervisor } from './services/setup.service';

/** Where the CLI writes; tests pass their own. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

const processIo: CliIo = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
};

const USAGE = `usage: node out/main/cli.js <command> [--data-dir DIR] [--database-url URL]
  import-branches FILE                          import the real branch list (CSV: code,name[,province])
  recover-supervisor --username U --code CODE   a temporary password for a locked-out supervisor
  verify-audit                                  walk the audit chain; exit 1 when it is broken
`;

/** Flags that take no value; every other `--flag` takes the next word (or `--flag=value`). */
const BOOLEAN_FLAGS = new Set(['training', 'help']);

export function positionals(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--')) {
      if (!a.includes('=') && !BOOLEAN_FLAGS.has(a.slice(2)) && i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) i++;
    } else out.push(a);
  }
  return out;
}

function flag(argv: string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === `--${name}` && i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) return argv[i + 1];
    if (a.startsWith(`--${name}=`)) return a.slice(name.length + 3);
  }
  return undefined;
}

/** A refusal the CLI prints and ends with (exit code 1 unless said otherwise). */
class CliStop extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/**
 * The services' environment, built from the same pieces as the app (openDatabase, the key files
 * in DATA_DIR/keys); no dispatcher, no bridge. A command that must find an installation refuses
 * a data folder without one rather than creating an empty database there. A missing audit key
 * next to a non-empty chain is refused too: a new key would break the chain at the next entry.
 */
async function openEnv(cfg: StartupConfig, mustExist: boolean): Promise<ServiceEnv> {
  if (mustExist && !cfg.databaseUrl && !existsSync(cfg.sqliteFile)) {
    throw new CliStop(`در پوشهٔ دادهٔ ${cfg.dataDir} پایگاه داده‌ای نیست (no database at ${cfg.sqliteFile}); --data-dir را درست بدهید.`);
  }
  // Same folder rights as the app gives it: the database and the key files are in it.
  mkdirSync(cfg.dataDir, { recursive: true, mode: 0o700 });
  const db = await openDatabase({ url: cfg.databaseUrl, sqliteFile: cfg.sqliteFile });
  const keysDir = path.join(cfg.dataDir, 'keys');
  const env: ServiceEnv = { db, clock: systemClock, keys: new FileKeyStore(keysDir) };
  try {
    if ((await chainHead(db)).lastId > 0 && !existsSync(path.join(keysDir, 'audit.key'))) {
      throw new CliStop(`کلید زنجیرهٔ ممیزی (${path.join(keysDir, 'audit.key')}) پیدا نشد؛ بدون آن نمی‌توان ادامه داد.`);
    }
    env.keys.key('audit');
  } catch (e) {
    await db.destroy();
    if (e instanceof CliStop) throw e;
    throw new CliStop(
      `کلید زنجیرهٔ ممیزی خوانده نشد (${e instanceof Error ? e.message : String(e)}). ` +
        'اگر برنامهٔ دسکتاپ کلیدها را با safeStorage مهر کرده است، این فرمان را باید از خود برنامه اجرا کرد.',
    );
  }
  return env;
}

function refusal(e: AppError): string {
  return `${ERROR_MESSAGES_FA[e.code]} (${e.code})\n`;
}

async function importBranches(cfg: StartupConfig, file: string | undefined, io: CliIo): Promise<number> {
  if (!file) throw new CliStop(`پروندهٔ CSV را نام ببرید.\n${USAGE}`, 2);
  if (!existsSync(file)) throw new CliStop(`پرونده پیدا نشد: ${file}`);
  const csv = readFileSync(file, 'utf8');
  const env = await openEnv(cfg, false);
  try {
    const r = await importBranchesCsv(env, { type: 'system', id: null, name: 'cli' }, csv);
    if (r.errors.length > 0) {
      io.err(`${ERROR_MESSAGES_FA.IMPORT_FAILED} هیچ شعبه‌ای نوشته نشد.\n`);
      for (const e of r.errors) io.err(`سطر ${e.line}: ${e.message} [${e.code}]\n`);
      return 1;
    }
    io.out(`${r.imported} شعبه وارد شد (imported ${r.imported} branches into ${cfg.databaseUrl ? 'PostgreSQL' : cfg.sqliteFile}).\n`);
    return 0;
  } finally {
    await env.db.destroy();
  }
}

async function recover(cfg: StartupConfig, argv: string[], io: CliIo): Promise<number> {
  const username = flag(argv, 'username');
  const code = flag(argv, 'code');
  if (!username || !code) throw new CliStop(`--username و --code هر دو لازم‌اند.\n${USAGE}`, 2);
  const env = await openEnv(cfg, true);
  try {
    const r = await recoverSupervisor(env, username, code);
    io.out(
      `رمز موقت سرپرست ${username}: ${r.temporaryPassword}\n` +
        'در نخستین ورود باید عوض شود (must be changed at the next login).\n' +
        `کد بازیابی تازه (the old one no longer works): ${r.recoveryCode}\n`,
    );
    return 0;
  } finally {
    await env.db.destroy();
  }
}

async function verify(cfg: StartupConfig, io: CliIo): Promise<number> {
  const env = await openEnv(cfg, true);
  try {
    const r = await verifyAudit(env.db, env.keys.key('audit'));
    if (r.ok) {
      io.out(`ok\nentries: ${r.entries}\nhead: ${r.head}\nزنجیرهٔ ممیزی سالم است.\n`);
      return 0;
    }
    io.out(`BROKEN\nfirst broken entry: ${r.firstBrokenId} (${r.reason})\nentries verified: ${r.entries}\n`);
    io.err(`زنجیرهٔ ممیزی از ردیف ${r.firstBrokenId} شکسته است.\n`);
    return 1;
  } finally {
    await env.db.destroy();
  }
}

/** Command-line tasks for a branch's IT person; returns the exit code. */
export async function runCli(argv: string[], io: CliIo = processIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [command, arg] = positionals(argv);
  try {
    if (argv.includes('--help')) {
      io.out(USAGE);
      return 0;
    }
    if (!command) {
      io.err(USAGE);
      return 2;
    }
    const cfg = loadStartupConfig(argv, env);
    switch (command) {
      case 'import-branches':
        return await importBranches(cfg, arg, io);
      case 'recover-supervisor':
        return await recover(cfg, argv, io);
      case 'verify-audit':
        return await verify(cfg, io);
      default:
        io.err(`unknown command: ${command}\n${USAGE}`);
        return 2;
    }
  } catch (e) {
    if (e instanceof CliStop) {
      io.err(`${e.message}\n`);
      return e.exitCode;
    }
    if (isAppError(e)) {
      io.err(refusal(e));
      return 1;
    }
    io.err(`خطا: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

// The built entry (out/main/cli.js) runs itself; importing the module (tests) runs nothing.
if (typeof require !== 'undefined' && typeof module !== 'undefined' && require.main === module) {
  void runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
