import type { CliHost, CliIo } from './cli/command';
import { runCli } from './cli/run-cli';
import { ownerOnlyFiles } from './core/file-modes';
import { FileKeyStore, keysDir, PLAIN_NODE } from './core/secrets';

/**
 * Plain Node (`node out/main/cli.js …`): the host for browser-mode data folders, whose key files
 * are owner-only and unsealed. A sealed key file (a desktop install) is refused with the app
 * command that can open it (`branch-accounts-desk --cli …`).
 */
export const nodeHost: CliHost = {
  invocation: 'node out/main/cli.js',
  keyStore: (dataDir) => new FileKeyStore(keysDir(dataDir), PLAIN_NODE),
};

const processIo: CliIo = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
};

// The built entry (out/main/cli.js) runs itself; importing the module (tests) runs nothing.
if (typeof require !== 'undefined' && typeof module !== 'undefined' && require.main === module) {
  ownerOnlyFiles(); // issue 10 item 7: before the command creates anything
  // `… | head` closes the pipe early: the command still finishes, without a stack trace for EPIPE.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') throw e;
    });
  }
  void runCli(process.argv.slice(2), nodeHost, processIo).then((code) => {
    // Exit once the output is flushed: a refusal that left a database handle open (a migration
    // that failed half-way) must still end the command instead of hanging the terminal.
    process.exitCode = code;
    process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
  });
}
