#!/usr/bin/env node
// `npm run screens`: refreshes the README's pictures in docs/. The end-to-end tests save a
// screenshot of every screen they pass through in test-results/screens/ (test/e2e/helpers/
// screens.ts); this builds the app, runs the tests that take the README's pictures, and copies
// those pictures to docs/. It stops, copying nothing, if a test fails or a picture is missing.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SHOTS = path.join(root, 'test-results', 'screens');
const DOCS = path.join(root, 'docs');

/** The README's pictures (docs/<name>.png ← test-results/screens/<shot>.png), and the e2e files whose tests save them. */
const PICTURES = {
  setup: 'setup',
  register: 'register',
  'register-receipt': 'register-receipt',
  account: 'account-resets',
  identifiers: 'identifiers',
  'kiosk-change': 'kiosk-change',
  'kiosk-done': 'kiosk-done',
  report: 'report',
  backups: 'backups',
};
const TESTS = ['test/e2e/counter-flow.e2e.ts', 'test/e2e/register.e2e.ts', 'test/e2e/account.e2e.ts', 'test/e2e/kiosk.e2e.ts', 'test/e2e/backups.e2e.ts'];

const env = { ...process.env, NO_COLOR: '1' };
function run(command) {
  const r = spawnSync(command[0], command.slice(1), { cwd: root, env, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`\`${command.join(' ')}\` failed: docs/ left as it was.`);
    process.exit(1);
  }
}

rmSync(SHOTS, { recursive: true, force: true });
run(['npm', 'run', 'build']);
run(['npx', 'playwright', 'test', ...TESTS]);
const entries = Object.entries(PICTURES);
const missing = entries.filter(([, shot]) => !existsSync(path.join(SHOTS, `${shot}.png`))).map(([, shot]) => shot);
if (missing.length > 0) {
  console.error(`No screenshot for ${missing.join(', ')} in ${path.relative(root, SHOTS)}: docs/ left as it was.`);
  process.exit(1);
}
for (const [name, shot] of entries) copyFileSync(path.join(SHOTS, `${shot}.png`), path.join(DOCS, `${name}.png`));
console.log(`Copied ${entries.length} pictures to docs/.`);
