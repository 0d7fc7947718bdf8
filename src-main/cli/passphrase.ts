import { readFileSync } from 'node:fs';
import readline from 'node:readline';
import { CLI_TEXT_FA } from '../../shared/i18n/fa-cli';
import { CliStop, type CliArgs, type CliIo } from './command';

/** Types a passphrase on the terminal without echo; Enter ends it, Ctrl-C aborts. */
function fromTerminal(io: CliIo, prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    io.err(prompt);
    let typed = '';
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    const done = (fn: () => void) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.removeListener('data', onData);
      io.err('\n');
      fn();
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done(() => resolve(typed));
        if (ch === '\u0003') return done(() => reject(new CliStop('CLI_USAGE', { detail: CLI_TEXT_FA.passphraseAborted })));
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
        else typed += ch;
      }
    };
    stdin.on('data', onData);
  });
}

/** The first line of standard input (a pipe or a file: scripts and tests). */
function fromStdin(): Promise<string> {
  return new Promise((resolve) => {
    const rl = readline.createInterface({ input: process.stdin, terminal: false });
    let line: string | null = null;
    rl.once('line', (l) => {
      line = l;
      rl.close();
    });
    rl.once('close', () => resolve(line ?? ''));
  });
}

/**
 * The backup passphrase: `--passphrase-file FILE` (its first line), else typed on the terminal
 * (no echo), else the first line of standard input. Never an argument or an environment
 * variable, which other users of the machine can read.
 */
export async function readPassphrase(args: CliArgs, io: CliIo, prompt: string): Promise<string> {
  const file = args.flag('passphrase-file');
  let p: string;
  if (file) {
    try {
      p = readFileSync(file, 'utf8').split(/\r?\n/)[0] ?? '';
    } catch {
      throw new CliStop('CLI_FILE_NOT_FOUND', { file });
    }
  } else p = process.stdin.isTTY ? await fromTerminal(io, prompt) : await fromStdin();
  if (!p) throw new CliStop('CLI_USAGE', { detail: CLI_TEXT_FA.passphraseRequired });
  return p;
}
