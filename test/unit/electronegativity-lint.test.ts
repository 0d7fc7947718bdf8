import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/** The lint stage's Electronegativity scan (scripts/electronegativity.mjs), on a tiny insecure shell. */
const ROOT = path.resolve(__dirname, '../..');
const SCRIPT = path.join(ROOT, 'scripts/electronegativity.mjs');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'desk-electronegativity-'));
const shell = path.join(tmp, 'app');
mkdirSync(shell);
writeFileSync(
  path.join(shell, 'main.js'),
  "const { BrowserWindow } = require('electron');\nnew BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false } }).loadURL('https://example.org');\n",
);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let unexplained: ReturnType<typeof scan> | null = null;
/** The fixture scanned with an empty config (once: each scan takes several seconds). */
const scanUnexplained = () => (unexplained ??= scan([]));

function scan(accepted: Array<{ check: string; file: string; reason: string }>) {
  const config = path.join(tmp, `config-${accepted.length}.json`);
  writeFileSync(config, JSON.stringify({ accepted }));
  return spawnSync(process.execPath, [SCRIPT, shell, '--config', config], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
}

describe('Electronegativity in the lint stage (issue 10 item 11)', () => {
  it('fails on a finding that the config does not explain (nodeIntegration: true), naming the check and the file', () => {
    const r = scanUnexplained();
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('NODE_INTEGRATION_JS_CHECK in main.js (line 2) is not explained');
  }, 60_000);

  it('fails on an explanation that no longer matches any finding, and passes only once every finding is explained', () => {
    const first = scanUnexplained();
    const found = [...first.stderr.matchAll(/(\w+) in (\S+) \(line \d+\) is not explained/g)].map((m) => `${m[1]} ${m[2]}`);
    expect(found).toContain('NODE_INTEGRATION_JS_CHECK main.js');
    const all = [...new Set(found)].map((f) => ({ check: f.split(' ')[0]!, file: f.split(' ')[1]!, reason: 'fixture' }));
    const stale = scan([...all, { check: 'WEBVIEW_TAG_JS_CHECK', file: 'gone.js', reason: 'fixture' }]);
    expect(stale.status).toBe(1);
    expect(stale.stderr).toContain('WEBVIEW_TAG_JS_CHECK in gone.js is explained but no longer found');
    const explained = scan(all);
    expect(explained.stderr).not.toContain('is not explained');
    expect(explained.status).toBe(0);
    expect(explained.stdout).toMatch(/all explained/);
  }, 120_000);
});
