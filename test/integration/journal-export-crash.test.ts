import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchIdFromManifestFile } from '../../shared/journal';
import { connect, type Db } from '../../src-main/db/connection';
import { setUpBranch, startTestApp } from '../helpers/app';
import { readBatchFolder } from '../helpers/batch-folder';
import { CLI_ENTRY, ensureBuilt, ROOT } from '../helpers/server-process';
import { appendSyntheticEntries } from '../helpers/journal-flow';

/** Enough entries for three batches, so that an export takes long enough to be killed in the middle. */
const ENTRIES = 120_000;

interface Child {
  kill(): void;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; err: string }>;
}

function exportProcess(dataDir: string, out: string): Child {
  const env: NodeJS.ProcessEnv = { NO_COLOR: '1' };
  for (const [k, v] of Object.entries(process.env)) if (k !== 'DATABASE_URL' && !k.startsWith('DESK_')) env[k] = v;
  const child = spawn(process.execPath, [CLI_ENTRY, 'export-journal', '--out', out, '--data-dir', dataDir], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (b: Buffer) => (err += b.toString()));
  child.stdout.resume();
  return {
    kill: () => child.kill('SIGKILL'),
    exited: new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, err }))),
  };
}

/** Polls `ready` every 10 ms until it holds (then kills the child), or the child ends by itself. */
async function killWhen(child: Child, ready: () => Promise<boolean> | boolean): Promise<NodeJS.Signals | null> {
  let ended = false;
  void child.exited.then(() => (ended = true));
  while (!ended) {
    if (await ready()) {
      child.kill();
      break;
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  return (await child.exited).signal;
}

describe('issue 8: kill -9 of the branch during an export', () => {
  let root: string;
  let dataDir: string;
  let slipText: string;
  let reader: Db;

  beforeAll(async () => {
    ensureBuilt('export-journal');
    root = mkdtempSync(path.join(os.tmpdir(), 'desk-export-crash-'));
    const app = await startTestApp();
    const { supervisor } = await setUpBranch(app);
    slipText = (await app.ok(supervisor, 'hq:station-slip', {})).slipText;
    const station = await app.ctx.db('stations').first<{ id: number }>();
    await appendSyntheticEntries(app.ctx.db, station!.id, ENTRIES);
    await app.ctx.close();
    dataDir = app.dataDir;
    reader = connect({ url: null, sqliteFile: path.join(dataDir, 'desk.sqlite') });
  }, 240_000);
  afterAll(async () => {
    await reader?.destroy();
    rmSync(root, { recursive: true, force: true });
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('killed while batches are cut, then while files are written: the next export leaves no gap, no duplicate, the same bytes', async () => {
    const out = mkdtempSync(path.join(root, 'usb-'));
    const batchRows = async () => (await reader('journal_batches').orderBy('first_seq').select<Array<{ first_seq: number; last_seq: number }>>('first_seq', 'last_seq')).map((r): [number, number] => [Number(r.first_seq), Number(r.last_seq)]);

    // 1. Killed after the first batch was recorded and before the last: nothing written yet.
    const first = await killWhen(exportProcess(dataDir, out), async () => (await batchRows()).length >= 1);
    expect(first).toBe('SIGKILL');
    const cut = await batchRows();
    expect(cut.length).toBeGreaterThanOrEqual(1);
    expect(cut.length).toBeLessThan(3);
    expect(cut[0]![0]).toBe(1);
    for (let i = 1; i < cut.length; i++) expect(cut[i]![0]).toBe(cut[i - 1]![1] + 1);

    // 2. Killed once the first batch's files are in the folder, the others not yet.
    const manifests = () => readdirSync(out).filter((f) => batchIdFromManifestFile(f) !== null);
    const second = await killWhen(exportProcess(dataDir, out), () => manifests().length >= 1);
    expect(second).toBe('SIGKILL');
    const early = Object.fromEntries(manifests().map((f) => [f, readFileSync(path.join(out, f))]));
    expect(Object.keys(early).length).toBeGreaterThanOrEqual(1);
    expect(Object.keys(early).length).toBeLessThan(3);

    // 3. The export run to its end.
    const done = await exportProcess(dataDir, out).exited;
    expect(done).toMatchObject({ code: 0, signal: null });
    const batches = readBatchFolder(out, slipText);
    expect(batches.at(-1)!.manifest.lastSeq).toBe(ENTRIES + 1);
    expect(batches.reduce((n, b) => n + b.manifest.count, 0)).toBe(ENTRIES + 1);
    // No gap and no overlap: each batch starts right after the one before, the first at 1.
    expect(batches.map((b) => b.manifest.firstSeq)).toEqual([1, ...batches.slice(0, -1).map((b) => b.manifest.lastSeq + 1)]);
    expect(await batchRows()).toEqual(batches.map((b) => [b.manifest.firstSeq, b.manifest.lastSeq]));
    for (const [f, bytes] of Object.entries(early)) expect(readFileSync(path.join(out, f))).toEqual(bytes);
    // No half-written file is left behind: every file is one of a batch's three.
    expect(readdirSync(out).length).toBe(batches.length * 3);
  }, 240_000);
});
