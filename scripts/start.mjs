#!/usr/bin/env node
// `npm start` (after `npm run build`): the Electron app when its binary has been fetched,
// otherwise browser mode — the same main services behind the loopback bridge. Arguments after
// `npm start --` (e.g. `--data-dir DIR`, `--training`) are passed through.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { constants } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);

/**
 * The Electron executable, or null when it was never downloaded. Never `require('electron')`:
 * its index.js starts a download when the binary is missing.
 */
function electronBinary() {
  const pkgDir = path.join(root, 'node_modules', 'electron');
  let relative;
  try {
    relative = readFileSync(path.join(pkgDir, 'path.txt'), 'utf8').trim() || undefined;
  } catch {
    relative = undefined;
  }
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const candidate = override ? path.join(override, relative ?? 'electron') : relative ? path.join(pkgDir, 'dist', relative) : null;
  return candidate && existsSync(candidate) ? candidate : null;
}

function requireBuilt(file) {
  if (!existsSync(file)) {
    console.error(`${path.relative(root, file)} is missing: run \`npm run build\` first (npm start does).`);
    process.exit(1);
  }
}

const binary = electronBinary();
let command;
let args;
if (binary) {
  const entry = path.join(root, 'out/main/index.js');
  requireBuilt(entry);
  command = binary;
  args = [entry, ...argv];
  // Chromium refuses to start as root with its sandbox on; a branch PC never runs the app as root.
  if (process.getuid?.() === 0 && !argv.includes('--no-sandbox')) {
    console.warn('Running as root: starting Electron with --no-sandbox.');
    args.push('--no-sandbox');
  }
} else {
  const server = path.join(root, 'out/main/server.js');
  requireBuilt(server);
  console.log('Electron binary not found — starting browser mode (npm run electron:install fetches Electron)');
  command = process.execPath;
  args = [server, ...argv];
}

const child = spawn(command, args, { cwd: root, stdio: 'inherit' });

// Ctrl-C in a terminal reaches the child too (same process group); forwarding covers `kill <pid>`.
// The child shuts down cleanly once whichever arrives first.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  });
}

child.on('error', (err) => {
  console.error(`Could not start ${command}: ${err.message}`);
  process.exit(1);
});

child.on('exit', (code, signal) => {
  if (code !== null) process.exit(code);
  process.exit(128 + (constants.signals[signal] ?? 1));
});
