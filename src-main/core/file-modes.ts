import { chmodSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Issue 10 item 7: every file and folder main creates is its owner's only (database, WAL and SHM,
 * logs, keys, backups). Called first thing in every entry point, before anything is created.
 * On Windows the mode bits mean little (the profile folder's ACL protects userData) and this is a no-op.
 */
export function ownerOnlyFiles(): void {
  if (process.platform !== 'win32') process.umask(0o077);
}

export interface FolderCheck {
  /** Paths whose group/other bits were removed. */
  tightened: string[];
  /** Paths others can still reach (chmod refused: not ours, read-only medium…). */
  stillOpen: string[];
}

/**
 * What the desk keeps in its data folder (the database and its lock, keys, logs, config, the
 * outbox's accepted log, training files, backup and restore work). Nothing else there is the
 * desk's to change: a folder named by mistake (a source checkout, a home folder) keeps its modes.
 */
const DESK_ENTRIES =
  /^(?:desk\.sqlite(?:-wal|-shm|-journal)?|desk\.lock|config\.json|keys|logs|backup-work|restore-work-.+|restored-.+\.pgdump|before-restore-.+|outbox-accepted\.log(?:\.tmp)?|captcha-training\.txt|sms-training\.jsonl)$/;

/**
 * At start: a data folder, and what the desk keeps in it (DESK_ENTRIES, two levels deep), that
 * others can read or enter is tightened to owner-only; what cannot be tightened is returned so the
 * caller warns about it. Symlinks are neither followed nor changed.
 */
export function tightenDataFolder(dir: string): FolderCheck {
  const out: FolderCheck = { tightened: [], stillOpen: [] };
  if (process.platform === 'win32') return out;
  const visit = (p: string, depth: number) => {
    let st;
    try {
      st = statSync(p, { throwIfNoEntry: false });
    } catch {
      return;
    }
    if (!st || st.isSymbolicLink()) return;
    if ((st.mode & 0o077) !== 0) {
      try {
        chmodSync(p, st.mode & 0o700);
        out.tightened.push(p);
      } catch {
        out.stillOpen.push(p);
      }
    }
    if (st.isDirectory() && depth < 2) {
      let names: string[] = [];
      try {
        names = readdirSync(p);
      } catch {
        return;
      }
      for (const n of names) if (depth > 0 || DESK_ENTRIES.test(n)) visit(path.join(p, n), depth + 1);
    }
  };
  visit(dir, 0);
  return out;
}
