#!/usr/bin/env node
// `npm test`: lint, type check, build, unit + integration (vitest), end to end (Playwright), in
// that order, stopping at the first failing stage. Always ends with exactly one plain line,
// `N passed, N failed, N skipped`, computed from the runners' JSON reports (a failed lint, type
// check or build stage counts as one failure). Exits non-zero on any failure or if nothing passed.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS = path.join(root, 'test-results');
const VITEST_JSON = path.join(RESULTS, 'vitest.json');
const PLAYWRIGHT_JSON = path.join(RESULTS, 'playwright.json');

// Plain output: colours stay on under CI=true otherwise, and would garble the logs.
const env = { ...process.env, NO_COLOR: '1' };
delete env.FORCE_COLOR;

/** @typedef {{ passed: number, failed: number, skipped: number }} Counts */

/** @type {{ name: string, command: string[], extraEnv?: Record<string, string>, report?: () => Counts | null }[]} */
const STAGES = [
  { name: 'lint', command: ['npm', 'run', 'lint'] },
  { name: 'typecheck', command: ['npm', 'run', 'typecheck'] },
  { name: 'build', command: ['npm', 'run', 'build'] },
  {
    name: 'unit + integration (vitest)',
    command: ['npx', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${path.relative(root, VITEST_JSON)}`],
    report: vitestCounts,
  },
  {
    name: 'end to end (playwright)',
    command: ['npx', 'playwright', 'test'],
    extraEnv: { PLAYWRIGHT_JSON_OUTPUT_NAME: path.relative(root, PLAYWRIGHT_JSON) },
    report: playwrightCounts,
  },
];

function readJson(file) {
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    console.error(`Could not read ${path.relative(root, file)}: ${e instanceof Error ? e.message : String(e)}`);
    return null;
  }
}

const num = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** vitest JSON: numPassedTests, numFailedTests, numPendingTests + numTodoTests. */
function vitestCounts() {
  const r = readJson(VITEST_JSON);
  if (!r) return null;
  return {
    passed: num(r.numPassedTests),
    // A file that fails to load fails its suite without failing a test: count it.
    failed: Math.max(num(r.numFailedTests), num(r.numFailedTests) === 0 ? num(r.numFailedTestSuites) : 0),
    skipped: num(r.numPendingTests) + num(r.numTodoTests),
  };
}

/** Every skipped Playwright test with its reason, so a skip is never silent in the log. */
function playwrightSkips() {
  const r = readJson(PLAYWRIGHT_JSON);
  const out = [];
  const walk = (suite) => {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) {
        if (t.status !== 'skipped') continue;
        const reason = (t.annotations ?? []).find((a) => a.type === 'skip' || a.type === 'fixme')?.description;
        out.push(`[${t.projectName}] ${spec.title}${reason ? ` — ${reason}` : ''}`);
      }
    }
    for (const child of suite.suites ?? []) walk(child);
  };
  for (const suite of r?.suites ?? []) walk(suite);
  return out;
}

/** Playwright JSON: stats.expected + flaky passed, unexpected failed, skipped; top-level errors fail. */
function playwrightCounts() {
  const r = readJson(PLAYWRIGHT_JSON);
  if (!r || typeof r.stats !== 'object' || r.stats === null) return null;
  const s = r.stats;
  const errors = Array.isArray(r.errors) ? r.errors.length : 0;
  return {
    passed: num(s.expected) + num(s.flaky),
    failed: num(s.unexpected) + (num(s.unexpected) === 0 ? errors : 0),
    skipped: num(s.skipped),
  };
}

function run(command, extraEnv) {
  return new Promise((resolve) => {
    const [bin, ...args] = command;
    const child = spawn(bin, args, {
      cwd: root,
      env: { ...env, ...extraEnv },
      stdio: 'inherit',
      shell: process.platform === 'win32',
    });
    child.on('error', (err) => {
      console.error(`Could not run ${command.join(' ')}: ${err.message}`);
      resolve(1);
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

// Stale reports from an earlier run must not be counted.
for (const f of [VITEST_JSON, PLAYWRIGHT_JSON]) rmSync(f, { force: true });
mkdirSync(RESULTS, { recursive: true });

const total = { passed: 0, failed: 0, skipped: 0 };
const lines = [];
let stopped = false;
for (const stage of STAGES) {
  if (stopped) {
    lines.push(`  ${stage.name}: not run (an earlier stage failed)`);
    continue;
  }
  console.log(`\n=== ${stage.name}: ${stage.command.join(' ')}`);
  const started = Date.now();
  const code = await run(stage.command, stage.extraEnv);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const counts = stage.report ? stage.report() : null;
  if (counts) {
    // A runner that exits non-zero with no failure in its report still failed (config error, crash).
    if (code !== 0 && counts.failed === 0) counts.failed = 1;
    total.passed += counts.passed;
    total.failed += counts.failed;
    total.skipped += counts.skipped;
    lines.push(
      `  ${stage.name}: ${code === 0 ? 'ok' : `FAILED (exit ${code})`} — ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped (${seconds} s)`,
    );
  } else {
    // A failed stage counts once; so does a test runner that left no report to count from.
    if (code !== 0 || stage.report) total.failed += 1;
    const missing = stage.report ? ', no JSON report' : '';
    lines.push(`  ${stage.name}: ${code === 0 ? 'ok' : `FAILED (exit ${code})`}${missing} (${seconds} s)`);
  }
  if (code !== 0) stopped = true;
}

console.log('\n=== summary');
for (const line of lines) console.log(line);
for (const skip of playwrightSkips()) console.log(`  skipped: ${skip}`);
if (total.failed === 0 && total.passed === 0) console.log('  no test passed: that is a failure too');
console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exitCode = total.failed > 0 || total.passed === 0 ? 1 : 0;
