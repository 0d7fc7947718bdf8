import { app } from 'electron';
import type { CliHost, CliIo } from '../cli/command';
import { runCli } from '../cli/run-cli';
import { parseCommandLine } from '../core/config';
import { startDesk } from './desk';
import { safeKeyStore } from './safe-keys';

/** The app as a CLI host: the same safeStorage key store as the desk. */
export const appCliHost: CliHost = {
  invocation: 'branch-accounts-desk --cli',
  keyStore: safeKeyStore,
};

const terminal: CliIo = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
};

/**
 * The app's own arguments: a packaged app is `<exe> args…`, a development run is
 * `electron <entry.js> args…`. The data folder defaults to Electron's userData, for the desk and
 * for `--cli` alike, so both always open the same folder.
 */
export function appArgs(processArgv: readonly string[], isPackaged: boolean, userData: () => string): string[] {
  const argv = processArgv.slice(isPackaged ? 1 : 2);
  return parseCommandLine(argv).flags['data-dir'] !== undefined ? argv : [...argv, '--data-dir', userData()];
}

/**
 * `--cli`: one command of the table, then exit with its code. No window, no single-instance lock
 * (a read-only command may run beside the open desk; one that writes a SQLite database is
 * refused by the desk lock instead), output to the terminal.
 */
export function runAppCli(argv: string[], io: CliIo = terminal): Promise<number> {
  app.disableHardwareAcceleration();
  return app
    .whenReady()
    .then(() =>
      runCli(
        argv.filter((a) => a !== '--cli'),
        appCliHost,
        io,
      ),
    )
    .catch((e: unknown) => {
      io.err(`${e instanceof Error ? e.message : String(e)}\n`);
      return 1;
    })
    .then((code) => {
      app.exit(code);
      return code;
    });
}

/** The Electron main entry: the desk, or with `--cli` one command-line task. */
export function startApp(processArgv: readonly string[] = process.argv): void {
  const argv = appArgs(processArgv, app.isPackaged, () => app.getPath('userData'));
  if (parseCommandLine(argv).flags.cli === true) void runAppCli(argv);
  else startDesk(argv);
}
