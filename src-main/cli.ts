import { loadStartupConfig } from './core/config';

/** Command-line tasks for a branch's IT person (import the branch list, verify the audit chain). */
async function main(): Promise<void> {
  const [command] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const cfg = loadStartupConfig(process.argv.slice(2));
  switch (command) {
    default:
      process.stdout.write(`usage: node out/main/cli.js <command> [--data-dir DIR]\ndata folder: ${cfg.dataDir}\n`);
      process.exitCode = command ? 2 : 0;
  }
}

void main();
