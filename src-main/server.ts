import path from 'node:path';
import readline from 'node:readline';
import { createAppContext } from './boot/app-context';
import { loadStartupConfig, parseCommandLine, StartupConfigError, type ParsedArgs } from './core/config';
import { ownerOnlyFiles } from './core/file-modes';
import { configureLogging, logger } from './core/log';
import { terminalProgress } from './core/progress-line';
import { startBridge } from './ipc/http-bridge';

/**
 * Browser mode: the main process's services behind the loopback bridge, serving the built
 * renderer. Used where the Electron binary is absent, and by the end-to-end tests.
 */
/** What browser mode takes (`--kiosk` and `--no-sandbox` are the desktop app's, passed on by `npm start`). */
const OPTIONS: ReadonlySet<string> = new Set(['data-dir', 'database-url', 'port', 'training', 'kiosk', 'no-sandbox']);

/** A mistyped option is refused, not ignored: the start would otherwise run on defaults. */
function checkArguments({ positionals, flags }: ParsedArgs): void {
  const unknown = Object.keys(flags).find((f) => !OPTIONS.has(f));
  if (unknown !== undefined) throw new StartupConfigError(`unknown option --${unknown} (browser mode takes --data-dir PATH, --database-url URL, --port N, --training)`);
  if (positionals.length > 0) throw new StartupConfigError(`unexpected argument «${positionals[0]}» (browser mode takes options only)`);
}

const USAGE = 'usage: node out/main/server.js [--data-dir PATH] [--database-url postgres://…] [--port N] [--training]\n';

async function main(): Promise<void> {
  ownerOnlyFiles(); // issue 10 item 7: before the log, the database or a key is created
  const args = parseCommandLine(process.argv.slice(2));
  if (args.flags.help === true) {
    process.stdout.write(USAGE);
    return;
  }
  checkArguments(args);
  const cfg = loadStartupConfig(process.argv.slice(2));
  configureLogging(cfg.dataDir);
  const log = logger('browser-mode');
  const ctx = await createAppContext(cfg, 'browser', { onMigrationProgress: terminalProgress() });
  const staticRoot = path.resolve(__dirname, '../renderer');
  const bridge = await startBridge({ router: ctx.router, sessions: ctx.sessions, clock: ctx.clock, staticRoot, port: cfg.port });

  ctx.onStatusChange(() => {
    void ctx.status().then((s) => bridge.emit('app:status-changed', (kind) => ({ ...s, sessionKind: kind })));
  });

  const print = (kind: 'staff' | 'kiosk') => {
    const label = kind === 'staff' ? 'Staff desk' : 'Citizen kiosk';
    process.stdout.write(`${label}: ${bridge.mintLaunchUrl(kind)}\n`);
  };
  process.stdout.write(`Branch accounts desk (browser mode), data folder: ${cfg.dataDir}\n`);
  print('staff');
  print('kiosk');
  process.stdout.write('Each link works once. Type "staff" or "kiosk" and Enter for a new one; Ctrl-C stops.\n');

  if (process.stdin.readable) {
    const rl = readline.createInterface({ input: process.stdin });
    rl.on('line', (line) => {
      const word = line.trim();
      if (word === 'staff' || word === 'kiosk') print(word);
    });
    rl.on('close', () => undefined);
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`stopping on ${signal}`);
    await bridge.close();
    await ctx.close();
    process.stdout.write('Stopped; database closed.\n');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((e: unknown) => {
  process.stderr.write(`Could not start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(e instanceof StartupConfigError ? 2 : 1);
});
