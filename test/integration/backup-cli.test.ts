import { spawn } from 'node:child_process';
import { existsSync, readdirSync, watch } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileKeyStore, keysDir } from '../../src-main/core/secrets';
import { openDatabase } from '../../src-main/db/connection';
import { verifyAudit } from '../../src-main/services/audit.service';
import { listBackups } from '../../src-main/services/backup.service';
import { useTestApp } from '../helpers/app';
import { BACKUP_PASSPHRASE, useTempDirs, withBackupPassphrase } from '../helpers/backup';
import { branchDesk, registerCitizen } from '../helpers/desk-flow';

/**
 * The built command line (`npm run build` first, as `npm test` does) in real processes: the
 * passphrase on stdin, as a script would give it.
 */
const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'out/main/cli.js');

const desk = useTestApp(branchDesk);
const tempDir = useTempDirs();

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
}

function cli(args: string[], stdin: string | null, onStart?: (kill: () => void) => void): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, DESK_LOG_CONSOLE: '0' }, stdio: ['pipe', 'pipe', 'pipe'] });
    const r = { out: '', err: '' };
    child.stdout.on('data', (b: Buffer) => (r.out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (r.err += b.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, ...r }));
    if (stdin !== null) child.stdin.end(`${stdin}\n`);
    onStart?.(() => child.kill('SIGKILL'));
  });
}

describe('backup and restore from the command line (real processes)', () => {
  it('backup while the desk keeps registering, then restore FILE --data-dir (passphrase on stdin): every registration acknowledged before the backup began is back, chain verified', async () => {
    const d = desk();
    const out = tempDir('desk-cli-backups-');
    const before = [(await registerCitizen(d, '001234567')).code, (await registerCitizen(d, '001234568')).code];
    let stop = false;
    let n = 200;
    const during: string[] = [];
    const loop = (async () => {
      while (!stop) during.push((await registerCitizen(d, String(n++).padStart(9, '0'))).code);
    })();
    const made = await cli(['backup', '--out', out, '--data-dir', d.app.dataDir], BACKUP_PASSPHRASE);
    stop = true;
    await loop;
    expect(made.err).toBe('');
    expect(made.code).toBe(0);
    const file = /backup written: (\S+\.deskbak)/.exec(made.out)![1]!;

    const target = tempDir('desk-cli-restored-');
    const wrong = await cli(['restore', file, '--data-dir', target], 'not the passphrase');
    expect(wrong.code).toBe(1);
    expect(wrong.err).toMatch(/\(BACKUP_WRONG_PASSPHRASE\)\n$/);
    expect(readdirSync(target).filter((f) => f !== 'desk.lock')).toEqual([]);

    const restored = await cli(['restore', file, '--data-dir', target], BACKUP_PASSPHRASE);
    expect(restored.err).toBe('');
    expect(restored.code).toBe(0);
    expect(restored.out).toContain(`restored: ${path.join(target, 'desk.sqlite')}`);
    expect(restored.out).toContain('no previous database');
    expect(restored.out).toContain('no audit anchor beside the keys');
    expect(restored.out).toContain('acknowledgements from');
    const db = await openDatabase({ url: null, sqliteFile: path.join(target, 'desk.sqlite') });
    try {
      const names = (await db('accounts').select<{ username: string }[]>('username')).map((r) => r.username);
      expect(names).toEqual(expect.arrayContaining(before));
      expect((await verifyAudit(db, new FileKeyStore(keysDir(target)).key('audit'))).ok).toBe(true);
    } finally {
      await db.destroy();
    }
  });

  it('kill -9 during a backup leaves no half file counted as good; the next backup is whole', async () => {
    const d = desk();
    const key = await withBackupPassphrase(d.app);
    // Enough data that writing the file takes a while (~50 MB).
    const filler = 'x'.repeat(1_000_000);
    for (let i = 0; i < 50; i++) await d.app.ctx.db('settings').insert({ key: `test.filler.${i}`, value: JSON.stringify(filler), updated_at: 'now' });
    const out = tempDir('desk-cli-backups-');
    let sawPartial = false;
    const killed = await cli(['backup', '--out', out, '--data-dir', d.app.dataDir], null, (kill) => {
      const w = watch(out, (_e, name) => {
        if (String(name).endsWith('.partial') && !sawPartial) {
          sawPartial = true;
          kill();
          w.close();
        }
      });
    });
    expect(sawPartial).toBe(true);
    expect(killed.signal).toBe('SIGKILL');
    const afterKill = await listBackups(out, key.key);
    expect(afterKill.length).toBeGreaterThanOrEqual(1);
    expect(afterKill.every((b) => b.state === 'incomplete')).toBe(true);
    expect(readdirSync(out).filter((f) => f.endsWith('.deskbak'))).toEqual([]);
    // The status the screens show: still no good backup.
    await d.app.ok(d.supervisor, 'settings:update', { backupFolder: out });
    expect((await d.app.ctx.backups.refresh()).state).toBe('stale');

    const again = await cli(['backup', '--out', out, '--keep', '1', '--data-dir', d.app.dataDir], null);
    expect(again.code).toBe(0);
    expect((await listBackups(out, key.key)).filter((b) => b.state === 'ok')).toHaveLength(1);
    expect((await d.app.ctx.backups.refresh()).state).toBe('ok');
    // The plaintext snapshot the killed process left in the data folder was removed.
    expect(readdirSync(path.join(d.app.dataDir, 'backup-work'))).toEqual([]);
    expect(existsSync(CLI)).toBe(true);
  });
});
