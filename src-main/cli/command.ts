import type { CliRefusalCode, CliRefusalParams } from '../../shared/i18n/fa-cli';
import type { StartupConfig } from '../core/config';
import type { KeyStore, SealedName } from '../core/secrets';
import type { Actor, ServiceEnv } from '../services/env';

/** Who the audit names for what the command line does. */
export const CLI_ACTOR: Actor = { type: 'system', id: null, name: 'cli' };

/** Where the CLI writes; tests pass their own. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

/**
 * What runs the table: plain Node (`node out/main/cli.js`, browser-mode data folders) or the
 * packaged app (`branch-accounts-desk --cli`, keys sealed with safeStorage). The hosts differ
 * only in how they open the key files and how they are started.
 */
export interface CliHost {
  /** How the IT person starts this host, for the usage text: `node out/main/cli.js`. */
  invocation: string;
  keyStore(dataDir: string): KeyStore;
}

/** A key file or a sealed blob of DATA_DIR/keys that a command reads. */
export type KeyName = 'audit' | 'outbox' | SealedName;

/** The command's own arguments (after its name), from the one parser in core/config. */
export interface CliArgs {
  positionals: string[];
  flags: Record<string, string | true>;
  /** A `--name value` flag's value; undefined when absent or given without a value. */
  flag(name: string): string | undefined;
}

export interface CliContext {
  cfg: StartupConfig;
  /** Only the keys the command declared; any other is a programming error. */
  keys: KeyStore;
  /**
   * The host's whole key store of a data folder, sealed the host's way: only for a command that
   * puts a keys folder in place (restore), after it has moved the old one aside.
   */
  keyStoreFor(dataDir: string): KeyStore;
  /** The services' environment on the data folder's database, opened on first use. */
  env(): Promise<ServiceEnv>;
}

/** Everything a sample invocation can rely on, built by test/integration/cli-table.test.ts. */
export interface SmokeFixture {
  /** A set-up desk's data folder (closed), its key files sealed by a stand-in safeStorage. */
  dataDir: string;
  /** An empty scratch folder for the sample's own files (a CSV, an output folder). */
  scratchDir: string;
  /** The supervisor made at setup, with the recovery code setup printed. */
  supervisor: { username: string; recoveryCode: string };
  /** Runs another command of the table through the same host (e.g. make what the sample reads). */
  run(argv: string[]): Promise<{ code: number; out: string; err: string }>;
}

/**
 * A harmless sample invocation of a command, run through the app's `--cli` path with sealed keys
 * by the table test. `args` returns the arguments after the command name; `--data-dir` of the
 * fixture is added unless the sample names its own.
 */
export interface SmokeSample {
  args(fx: SmokeFixture): string[] | Promise<string[]>;
  exitCode: number;
  /** Something the sample must print on stdout. */
  out?: RegExp;
}

export interface CliCommand {
  name: string;
  /** The usage line after the command name: `FILE`, `--username U --code CODE`. */
  usage: string;
  /** One line for the help text (English, as the usage is). */
  summary: string;
  /**
   * 'write': the command writes the database, so a running desk on the same SQLite file is
   * refused and the desk cannot start until the command ends; 'read' and 'none' run beside it.
   */
  database: 'none' | 'read' | 'write';
  /** true: the data folder must already hold an installation (no empty database created). */
  needsInstallation: boolean;
  /** The keys it reads; the runner opens them before the command starts. */
  keys: readonly KeyName[];
  run(ctx: CliContext, args: CliArgs, io: CliIo): Promise<number>;
  smoke: SmokeSample;
}

/** A refusal a command ends with: its code's two-language text, exit code 1 (2 for usage). */
export class CliStop extends Error {
  constructor(
    readonly code: CliRefusalCode,
    readonly params: CliRefusalParams = {},
    readonly exitCode = code === 'CLI_USAGE' || code === 'CLI_UNKNOWN_COMMAND' || code === 'CLI_UNKNOWN_OPTION' ? 2 : 1,
  ) {
    super(code);
  }
}
