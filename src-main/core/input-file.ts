import { constants, fstatSync, openSync, closeSync, readSync, statSync, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

/** Why a path given as a command's FILE is not read: each command names it with its own code. */
export type InputFileProblem = 'missing' | 'not-a-file' | 'too-large';

export class InputFileError extends Error {
  override name = 'InputFileError';
  constructor(
    readonly file: string,
    readonly problem: InputFileProblem,
  ) {
    super(`${file}: ${problem === 'missing' ? 'not found' : problem === 'not-a-file' ? 'not a regular file' : 'larger than that kind of file can be'}`);
  }
}

/**
 * Never blocks in open(): a FIFO swapped in after the check opens at once and is then refused by
 * its fstat (0 where the platform has no such flag).
 */
const READ_NONBLOCK = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

function problemOf(st: Stats | undefined, maxBytes: number): InputFileProblem | null {
  if (!st) return 'missing';
  if (!st.isFile()) return 'not-a-file';
  return st.size > maxBytes ? 'too-large' : null;
}

/**
 * The one guard for a FILE a command reads (restore, import-ack, import-registry, import-branches):
 * a regular file (after symlinks) of at most `maxBytes`, checked before it is opened, so a device
 * (/dev/zero was read without end), a FIFO (open() waited for a writer while the data folder was
 * held) or a folder is never opened. A symlink loop is not a file; a missing path is missing.
 */
export function checkInputFile(file: string, maxBytes = Number.POSITIVE_INFINITY): { size: number } {
  let st: Stats | undefined;
  try {
    st = statSync(file, { throwIfNoEntry: false });
  } catch (e) {
    // ELOOP (a symlink loop) names something that is there but is not a file; ENOTDIR, EACCES…: not found, as before.
    throw new InputFileError(file, (e as NodeJS.ErrnoException).code === 'ELOOP' ? 'not-a-file' : 'missing');
  }
  const problem = problemOf(st, maxBytes);
  if (problem) throw new InputFileError(file, problem);
  return { size: st!.size };
}

/** Opens a checked input file for reading, the check repeated on what was opened (it may have been swapped since). */
export async function openInputFile(file: string, maxBytes = Number.POSITIVE_INFINITY): Promise<{ handle: FileHandle; size: number }> {
  checkInputFile(file, maxBytes);
  let handle: FileHandle;
  try {
    handle = await open(file, READ_NONBLOCK);
  } catch {
    throw new InputFileError(file, 'missing');
  }
  const st = await handle.stat();
  const problem = problemOf(st, maxBytes);
  if (problem) {
    await handle.close();
    throw new InputFileError(file, problem);
  }
  return { handle, size: st.size };
}

/**
 * A checked input file's bytes, at most `maxBytes` of them: a file that grows past the cap while
 * it is read is refused as too large rather than read on.
 */
export function readInputFile(file: string, maxBytes: number): Buffer {
  checkInputFile(file, maxBytes);
  let fd: number;
  try {
    fd = openSync(file, READ_NONBLOCK);
  } catch {
    throw new InputFileError(file, 'missing');
  }
  try {
    const problem = problemOf(fstatSync(fd), maxBytes);
    if (problem) throw new InputFileError(file, problem);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      // One byte past the cap is enough to know the file is over it.
      const chunk = Buffer.alloc(Math.min(1 << 20, maxBytes + 1 - total));
      const got = readSync(fd, chunk, 0, chunk.length, null);
      if (got === 0) return Buffer.concat(chunks, total);
      chunks.push(chunk.subarray(0, got));
      total += got;
      if (total > maxBytes) throw new InputFileError(file, 'too-large');
    }
  } finally {
    closeSync(fd);
  }
}
