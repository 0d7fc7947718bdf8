#!/usr/bin/env node
// Lint stage (issue 10 item 11): Electronegativity 1.10.3 over the Electron shell, offline, as if
// on Electron 41.7.1 (-e), its findings written as SARIF (-o) and read back from that file. Every
// finding must be explained in the config (.electronegativity.json: check id + file + the reason
// it is accepted); an unexplained finding, or an explanation that no longer matches any finding,
// fails the stage. Files are named relative to the scanned folder (global checks name `file:///`).
// Usage: node scripts/electronegativity.mjs [folder] [--config FILE]
//
// The runner is called in-process with the CLI's options: its command-line entry reads options
// from commander 2-5 properties, but npm hoists a newer commander here (it declares none itself),
// and the CLI then only prints its usage.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ELECTRON_VERSION = '41.7.1';

const args = process.argv.slice(2);
const configAt = args.indexOf('--config');
const configFile = path.resolve(configAt >= 0 ? args.splice(configAt, 2)[1] : path.join(root, '.electronegativity.json'));
const input = path.resolve(args[0] ?? path.join(root, 'src-main/app'));

/** @type {{ accepted: { check: string, file: string, reason: string }[] }} */
const config = JSON.parse(readFileSync(configFile, 'utf8'));
for (const a of config.accepted) {
  if (!a.check || !a.file || !a.reason?.trim()) throw new Error(`${configFile}: every entry needs check, file and reason: ${JSON.stringify(a)}`);
}

const run = createRequire(import.meta.url)('@doyensec/electronegativity');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'electronegativity-'));
const sarifFile = path.join(tmp, 'findings.sarif');
let findings;
try {
  const result = await run({
    input,
    output: sarifFile,
    isSarif: true,
    isRelative: true,
    isVerbose: false,
    electronVersionOverride: ELECTRON_VERSION,
    customScan: [],
    excludeFromScan: [],
    parserPlugins: [],
  });
  if (result.errors.length > 0) {
    for (const e of result.errors) console.error(`electronegativity could not parse ${e.file}: ${e.message ?? e.error ?? ''}`);
    process.exit(1);
  }
  const sarif = await readSarif(sarifFile);
  findings = sarif.runs.flatMap((r) =>
    (r.results ?? []).map((x) => {
      const loc = x.locations?.[0]?.physicalLocation;
      return { check: x.ruleId, file: loc?.artifactLocation?.uri ?? '?', line: loc?.region?.startLine ?? 0, message: x.message?.text ?? '' };
    }),
  );
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

/** The runner writes the SARIF file with an unawaited fs.writeFile: read it once it is complete. */
async function readSarif(file) {
  for (let i = 0; ; i++) {
    try {
      return JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      if (i >= 100) throw e;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

const explains = (a, f) => a.check === f.check && a.file === f.file;
const unexplained = findings.filter((f) => !config.accepted.some((a) => explains(a, f)));
const stale = config.accepted.filter((a) => !findings.some((f) => explains(a, f)));
const where = path.relative(root, input) || '.';
for (const f of unexplained) console.error(`${f.check} in ${f.file} (line ${f.line}) is not explained in ${path.relative(root, configFile)}: ${f.message}`);
for (const a of stale) console.error(`${path.relative(root, configFile)}: ${a.check} in ${a.file} is explained but no longer found; remove it`);
if (unexplained.length > 0 || stale.length > 0) process.exit(1);
console.log(`electronegativity ${where}: ${findings.length} findings, all explained in ${path.relative(root, configFile)}`);
