import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ownerOnlyFiles, tightenDataFolder } from '../../src-main/core/file-modes';
import { startTestApp } from '../helpers/app';
import { citizenDesk } from '../helpers/desk-flow';

const mode = (p: string) => statSync(p).mode & 0o777;

/** Issue 10 item 7: files readable by others. (This file runs in its own process: vitest's forks pool.) */
describe.skipIf(process.platform === 'win32')('every file owner-only (issue 10 item 7)', () => {
  let before: number;
  beforeAll(() => {
    before = process.umask();
  });
  afterAll(() => {
    process.umask(before);
  });

  it('with the umask main sets first, the database, its WAL and SHM, and the keys are created 0600 in a 0700 folder', async () => {
    process.umask(0o022); // what a desktop session usually gives
    ownerOnlyFiles();
    const app = await startTestApp();
    try {
      await citizenDesk(app); // writes: setup, staff, a registration (WAL and SHM exist while open)
      const files = ['desk.sqlite', 'desk.sqlite-wal', 'desk.sqlite-shm'].map((f) => path.join(app.dataDir, f));
      for (const f of files) expect([f, mode(f)]).toEqual([f, 0o600]);
      const keys = path.join(app.dataDir, 'keys');
      expect(mode(keys) & 0o077).toBe(0);
      expect(mode(app.dataDir) & 0o077).toBe(0);
    } finally {
      await app.close();
    }
  });

  it('at start a data folder others can read is tightened, the files in it too', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'desk-modes-'));
    try {
      chmodSync(dir, 0o755);
      writeFileSync(path.join(dir, 'desk.sqlite'), 'x', { mode: 0o644 });
      chmodSync(path.join(dir, 'desk.sqlite'), 0o644);
      mkdirSync(path.join(dir, 'logs'), { mode: 0o755 });
      chmodSync(path.join(dir, 'logs'), 0o755);
      writeFileSync(path.join(dir, 'logs', 'main.log'), 'y');
      chmodSync(path.join(dir, 'logs', 'main.log'), 0o640);
      const r = tightenDataFolder(dir);
      expect(r.stillOpen).toEqual([]);
      expect(r.tightened.sort()).toEqual([dir, path.join(dir, 'desk.sqlite'), path.join(dir, 'logs'), path.join(dir, 'logs', 'main.log')].sort());
      expect(mode(dir)).toBe(0o700);
      expect(mode(path.join(dir, 'desk.sqlite'))).toBe(0o600);
      expect(mode(path.join(dir, 'logs'))).toBe(0o700);
      expect(mode(path.join(dir, 'logs', 'main.log'))).toBe(0o600);
      expect(tightenDataFolder(dir)).toEqual({ tightened: [], stillOpen: [] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('only what the desk keeps there is tightened: other files and folders in a data folder are left as they are', () => {
    // An outside probe (2026-12-06) started the desk on a source checkout (an empty --data-dir was
    // the current folder): 758 paths of it, .git included, were made owner-only.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'desk-modes-'));
    try {
      chmodSync(dir, 0o755);
      writeFileSync(path.join(dir, 'desk.sqlite'), 'x');
      chmodSync(path.join(dir, 'desk.sqlite'), 0o644);
      writeFileSync(path.join(dir, 'package.json'), '{}');
      chmodSync(path.join(dir, 'package.json'), 0o644);
      mkdirSync(path.join(dir, 'src'));
      chmodSync(path.join(dir, 'src'), 0o755);
      writeFileSync(path.join(dir, 'src', 'a.ts'), '');
      chmodSync(path.join(dir, 'src', 'a.ts'), 0o644);
      const r = tightenDataFolder(dir);
      expect(r.tightened.sort()).toEqual([dir, path.join(dir, 'desk.sqlite')].sort());
      expect(mode(path.join(dir, 'package.json'))).toBe(0o644);
      expect(mode(path.join(dir, 'src'))).toBe(0o755);
      expect(mode(path.join(dir, 'src', 'a.ts'))).toBe(0o644);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
