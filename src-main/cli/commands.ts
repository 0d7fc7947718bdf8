import { backupCommand } from './backup.command';
import type { CliCommand } from './command';
import { exportJournalCommand } from './export-journal.command';
import { importAckCommand } from './import-ack.command';
import { importBranchesCommand } from './import-branches.command';
import { importRegistryCommand } from './import-registry.command';
import { recoverSupervisorCommand } from './recover-supervisor.command';
import { restoreCommand } from './restore.command';
import { verifyAuditCommand } from './verify-audit.command';

/**
 * THE command table: both hosts (`node out/main/cli.js …` and `branch-accounts-desk --cli …`)
 * run exactly these, through one runner (run-cli.ts) and one argument parser (core/config).
 *
 * Adding a command = one `<name>.command.ts` file exporting a CliCommand, plus one entry here.
 * Fill in every field honestly, the runner acts on them:
 *   - `database: 'write'` refuses to run while a desk holds the SQLite database (and holds the
 *     desk off while the command runs); 'read' and 'none' run beside a running desk;
 *   - `keys` lists every key file / sealed blob the command reads: the runner opens them first
 *     (so a sealed or damaged key is refused before anything is written), and the command sees
 *     only those (reading an undeclared one throws);
 *   - `smoke` is REQUIRED: a harmless sample invocation (its arguments, built in a scratch folder,
 *     and the exit code and output it must give). test/integration/cli-table.test.ts enumerates
 *     this table and runs every sample through the app's `--cli` entry with a stand-in Electron
 *     whose safeStorage really seals the key files, and checks each declared key was unsealed
 *     through it. A command without a working sample fails that test.
 */
export const CLI_COMMANDS: readonly CliCommand[] = [
  importBranchesCommand,
  recoverSupervisorCommand,
  verifyAuditCommand,
  backupCommand,
  restoreCommand,
  exportJournalCommand,
  importAckCommand,
  importRegistryCommand,
];

/** The table by name; a duplicate name is a programming error, caught at load (and by the test). */
export function commandByName(name: string): CliCommand | undefined {
  return CLI_COMMANDS.find((c) => c.name === name);
}

export function duplicateCommandNames(): string[] {
  const seen = new Set<string>();
  return CLI_COMMANDS.map((c) => c.name).filter((n) => (seen.has(n) ? true : (seen.add(n), false)));
}
