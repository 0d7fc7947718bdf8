/** What a migration reports (migrations/progress.ts has the same shape; core does not import migrations). */
export interface MigrationProgress {
  migration: string;
  done: number;
  total: number;
}

/** Whole percent of a migration's progress (0–100). */
export function percentOf(p: MigrationProgress): number {
  return p.total <= 0 ? 100 : Math.min(100, Math.floor((p.done * 100) / p.total));
}

/**
 * Issue 11: a long migration says how far it is in the terminal, one line per whole percent
 * (browser mode and the command line print it before the database is ready).
 */
export function terminalProgress(out: NodeJS.WritableStream = process.stderr): (p: MigrationProgress) => void {
  let last = '';
  return (p) => {
    const line = `Updating the database (${p.migration}): ${percentOf(p)}%`;
    if (line === last) return;
    last = line;
    out.write(line + '\n');
  };
}
