import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkInputFile, InputFileError, readInputFile } from '../../src-main/core/input-file';

const dir = mkdtempSync(path.join(os.tmpdir(), 'desk-input-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function problem(f: () => unknown): string | null {
  try {
    f();
    return null;
  } catch (e) {
    if (e instanceof InputFileError) return e.problem;
    throw e;
  }
}

describe('the one guard for a FILE a command reads: a regular file within its cap', () => {
  it('a file of exactly the cap is read whole; one byte more is too large, refused before it is read', () => {
    const f = path.join(dir, 'cap.txt');
    writeFileSync(f, 'x'.repeat(100));
    expect(readInputFile(f, 100).toString()).toBe('x'.repeat(100));
    expect(problem(() => readInputFile(f, 99))).toBe('too-large');
    expect(checkInputFile(f).size).toBe(100);
  });

  it('a folder, a symlink loop and a device are not files; a missing path, or one through a file, is missing', () => {
    const folder = path.join(dir, 'folder');
    mkdirSync(folder);
    const loop = path.join(dir, 'loop');
    symlinkSync(loop, loop);
    expect(problem(() => readInputFile(folder, 10))).toBe('not-a-file');
    expect(problem(() => readInputFile(loop, 10))).toBe('not-a-file');
    if (process.platform !== 'win32') expect(problem(() => readInputFile('/dev/zero', 10))).toBe('not-a-file');
    expect(problem(() => readInputFile(path.join(dir, 'nothing'), 10))).toBe('missing');
    const file = path.join(dir, 'plain');
    writeFileSync(file, 'a');
    expect(problem(() => readInputFile(path.join(file, 'below'), 10))).toBe('missing');
    // A symlink to a regular file is that file.
    const link = path.join(dir, 'link');
    symlinkSync(file, link);
    expect(readInputFile(link, 10).toString()).toBe('a');
  });
});
