import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');

/**
 * The built main bundles (out/main), built now if missing or older than the code a test needs:
 * `marker` is a string that only a current build contains (a channel or command name).
 */
export function ensureBuilt(marker: string): void {
  const dir = path.join(ROOT, 'out/main');
  const files = existsSync(dir) ? readdirSync(dir, { recursive: true, encoding: 'utf8' }) : [];
  if (files.some((f) => f.endsWith('.js') && readFileSync(path.join(dir, f), 'utf8').includes(marker))) return;
  const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8', timeout: 170_000 });
  if (r.status !== 0) throw new Error(`npm run build failed:\n${r.stdout}\n${r.stderr}`);
}
