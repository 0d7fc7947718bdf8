#!/usr/bin/env node
// `npm run hq -- <command>`: headquarters' CLI (out/hq/cli.js). Builds it first when it is missing
// (a fresh clone after `npm install`) or older than a source file in hq/ or shared/, so the
// command never runs stale code; then runs it in this same process, with the same arguments and
// exit code.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'out', 'hq', 'cli.js');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(p) : statSync(p).mtimeMs);
  }
  return newest;
}

const sources = ['hq', 'shared', 'vite.hq.config.mts'].map((p) => path.join(root, p));
const stale =
  !existsSync(cli) ||
  statSync(cli).mtimeMs < Math.max(...sources.map((p) => (statSync(p).isDirectory() ? newestSource(p) : statSync(p).mtimeMs)));
if (stale) {
  const build = spawnSync('npx', ['vite', 'build', '--config', 'vite.hq.config.mts', '--logLevel', 'error'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
// In this process, not a child: a SIGTERM or SIGINT reaches the command itself (`serve` then closes
// gracefully), and a SIGKILL of `npm run hq` leaves no receiver running without a parent.
createRequire(import.meta.url)(cli).runHqAsProcess(process.argv.slice(2));
