/** How far a long migration has got: which one, and rows done out of rows to do. */
export interface MigrationProgress {
  migration: string;
  done: number;
  total: number;
}

export type ProgressListener = (p: MigrationProgress) => void;

let listener: ProgressListener | null = null;

/**
 * Issue 11: a migration that backfills reports its progress here, so the terminal and the app
 * can show "updating the database, N%" instead of a dead window. One listener at a time: the
 * process that opens the database sets it around `migrate.latest` (openDatabase).
 */
export function setProgressListener(l: ProgressListener | null): void {
  listener = l;
}

export function reportProgress(p: MigrationProgress): void {
  listener?.(p);
}
