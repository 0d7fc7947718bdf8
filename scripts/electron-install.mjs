#!/usr/bin/env node
// `npm run electron:install`: the explicit, opt-in download of the Electron binary (package.json
// denies electron's install script, so `npm install` never fetches it). Runs electron's own
// installer with a time limit: ELECTRON_INSTALL_TIMEOUT_MS (default 120000). Mirrors and caches
// are the installer's own settings (ELECTRON_MIRROR, electron_config_cache).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkgDir = path.join(root, 'node_modules', 'electron');
const installer = path.join(pkgDir, 'install.js');

const DEFAULT_TIMEOUT_MS = 120_000;
const rawTimeout = process.env.ELECTRON_INSTALL_TIMEOUT_MS;
const timeoutMs = rawTimeout === undefined || rawTimeout === '' ? DEFAULT_TIMEOUT_MS : Number(rawTimeout);
if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) {
  console.error(`ELECTRON_INSTALL_TIMEOUT_MS must be a positive whole number of milliseconds, not "${rawTimeout}".`);
  process.exit(2);
}
if (!existsSync(installer)) {
  console.error(`${path.relative(root, installer)} is missing: run \`npm install\` first.`);
  process.exit(1);
}

function installedBinary() {
  try {
    const relative = readFileSync(path.join(pkgDir, 'path.txt'), 'utf8').trim();
    const full = path.join(pkgDir, 'dist', relative);
    return relative && existsSync(full) ? full : null;
  } catch {
    return null;
  }
}

const version = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version;
console.log(`Fetching the Electron ${version} binary (time limit ${Math.round(timeoutMs / 1000)} s)…`);

const child = spawn(process.execPath, [installer], { cwd: pkgDir, stdio: 'inherit' });
let timedOut = false;
const timer = setTimeout(() => {
  timedOut = true;
  console.error(
    `Electron download did not finish within ${Math.round(timeoutMs / 1000)} s; stopping it. ` +
      'Set ELECTRON_INSTALL_TIMEOUT_MS for a longer limit, or ELECTRON_MIRROR for a reachable mirror.',
  );
  child.kill('SIGTERM');
  setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
}, timeoutMs);

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => child.kill(signal));
}

child.on('error', (err) => {
  clearTimeout(timer);
  console.error(`Could not run the Electron installer: ${err.message}`);
  process.exit(1);
});

child.on('exit', (code, signal) => {
  clearTimeout(timer);
  if (timedOut) {
    console.error('Electron was NOT installed (timed out). `npm start` keeps using browser mode.');
    process.exit(1);
  }
  if (code !== 0) {
    console.error(`Electron was NOT installed: the installer ${signal ? `was stopped by ${signal}` : `exited with code ${code}`}.`);
    process.exit(code || 1);
  }
  const binary = installedBinary();
  if (!binary) {
    console.error('The installer finished but no Electron binary was found (node_modules/electron/path.txt).');
    process.exit(1);
  }
  console.log(`Electron installed: ${path.relative(root, binary)}. \`npm start\` now opens the desktop app.`);
  process.exit(0);
});
