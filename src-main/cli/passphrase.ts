import { closeSync, openSync, readSync } from 'node:fs';
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

/** More than a passphrase's line can be: 256 characters of up to 4 UTF-8 bytes, and its line end. */
const PASSPHRASE_FILE_READ_MAX = 4096;

/**
 * The first line of `--passphrase-file FILE`, reading no further than its line end and never more
 * than PASSPHRASE_FILE_READ_MAX bytes: a file with no line end in reach (`/dev/zero`, a huge file)
 * is the passphrase rule's refusal, not a read that never ends (or a 2 GiB read refused as "not found").
 */
function firstLineOf(file: string): string {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    throw new CliStop('CLI_FILE_NOT_FOUND', { file });
  }
  const buf = Buffer.alloc(PASSPHRASE_FILE_READ_MAX);
  let n = 0;
  let lineEnd = -1;
  try {
    while (n < buf.length && lineEnd < 0) {
      const got = readSync(fd, buf, n, buf.length - n, null);
      if (got === 0) break;
      const at = buf.subarray(n, n + got).indexOf(0x0a);
      if (at >= 0) lineEnd = n + at;
      n += got;
    }
  } catch {
    throw new CliStop('CLI_FILE_NOT_FOUND', { file });
  } finally {
    closeSync(fd);
  }
  if (lineEnd < 0 && n === buf.length) {
    throw new CliStop('CLI_USAGE', { detail: `${CLI_TEXT_FA.passphraseTooShort}\n--passphrase-file ${file}: no line end in its first ${PASSPHRASE_FILE_READ_MAX} bytes` });
  }
  return buf.subarray(0, lineEnd < 0 ? n : lineEnd).toString('utf8').replace(/\r$/, '');
}

/**
 * The backup passphrase: `--passphrase-file FILE` (its first line), else typed on the terminal
 * (no echo), else the first line of standard input. Never an argument or an environment
 * variable, which other users of the machine can read.
 */
export async function readPassphrase(args: CliArgs, io: CliIo, prompt: string): Promise<string> {
  const file = args.flag('passphrase-file');
  let p: string;
  if (file) p = firstLineOf(file);
  else p = process.stdin.isTTY ? await fromTerminal(io, prompt) : await fromStdin();
  if (!p) throw new CliStop('CLI_USAGE', { detail: CLI_TEXT_FA.passphraseRequired });
  return p;
}
