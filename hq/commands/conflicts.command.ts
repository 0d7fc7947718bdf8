import { writeFileSync } from 'node:fs';
import type { HqClient } from '../db/connection';
import { type ConflictLine, listConflicts } from '../db/conflicts.repo';
import { CommandStop, type Io } from './io';
import { csvTable, textTable } from './table';

const HEADER = ['type', 'subject', 'branch_a', 'station_a', 'at_a', 'clerk_a', 'branch_b', 'station_b', 'at_b', 'clerk_b', 'detail'];

const cells = (c: ConflictLine): string[] =>
  [c.type, c.subject, c.branchA, c.stationA, c.atA, c.actorA, c.branchB, c.stationB, c.atB, c.actorB, c.detail].map((v) =>
    v === null ? '' : String(v),
  );

/** CONFLICTS: the readable table on stdout; the same lines as CSV in `csvFile` when given. */
export async function conflictsCommand(client: HqClient, csvFile: string | undefined, io: Io): Promise<ConflictLine[]> {
  const lines = await listConflicts(client);
  const rows = lines.map(cells);
  if (csvFile) {
    try {
      // The lines name people (national codes): readable by this user only.
      writeFileSync(csvFile, csvTable(HEADER, rows), { mode: 0o600 });
    } catch (e) {
      throw new CommandStop(`cannot write ${csvFile}: ${(e as Error).message}`);
    }
  }
  io.out(lines.length === 0 ? 'no conflicts\n' : `${textTable(HEADER, rows)}${lines.length} conflict line(s)\n`);
  return lines;
}
