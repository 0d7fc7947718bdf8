import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The bench helper every `npm run bench` file can use: a figure is measured over several rounds
 * and printed as min/median, and as a ratio to a baseline measured in the same run, with its goal.
 * `recordFigures` adds figures to `bench-results.json` (gitignored) in the repository root, which
 * the run's global setup starts afresh with the date and the machine; the run's last step prints
 * every recorded figure in one table.
 */

export interface Figure {
  /** Which bench measured it (e.g. `desk`, `hq-ingest`). */
  bench: string;
  /** What was measured, as the table shows it. */
  row: string;
  engine?: 'sqlite' | 'postgresql';
  /** Unit of the rounds' values (ms, s, msg/s, µs, ×). */
  unit: string;
  rounds: number[];
  min: number;
  median: number;
  baseline?: { what: string; unit: string; median: number };
  /** median ÷ baseline median. */
  ratio?: number;
  /** The goal as text, and whether the median (or the ratio) meets it. */
  goal?: { text: string; pass: boolean };
  note?: string;
}

export interface BenchResults {
  date: string;
  machine: { cpu: string; cores: number; memoryGiB: number; node: string; platform: string; loadAverage: number[] };
  figures: Figure[];
}

export const RESULTS_FILE = path.resolve(__dirname, '../../../bench-results.json');

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** The 95th percentile (nearest rank). */
export function p95(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)]!;
}

export function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** Milliseconds `fn` took. */
export async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

export interface Goal {
  text: string;
  /** What the goal is checked on: the median itself, or the ratio to the baseline. */
  on: 'median' | 'ratio';
  at: number;
  better: 'lower' | 'higher';
}

/** A figure from its rounds, with its baseline's rounds and its goal. */
export function figure(
  f: { bench: string; row: string; engine?: Figure['engine']; unit: string; rounds: number[]; note?: string },
  baseline?: { what: string; unit: string; rounds: number[] },
  goal?: Goal,
): Figure {
  const out: Figure = { ...f, min: Math.min(...f.rounds), median: median(f.rounds) };
  if (baseline) {
    out.baseline = { what: baseline.what, unit: baseline.unit, median: median(baseline.rounds) };
    out.ratio = out.median / out.baseline.median;
  }
  if (goal) {
    const v = goal.on === 'ratio' ? out.ratio! : out.median;
    out.goal = { text: goal.text, pass: goal.better === 'lower' ? v <= goal.at : v >= goal.at };
  }
  return out;
}

export function machine(): BenchResults['machine'] {
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadAverage: os.loadavg().map((x) => Math.round(x * 10) / 10),
  };
}

/** Starts bench-results.json afresh (the run's global setup). */
export function startResults(): void {
  writeFileSync(RESULTS_FILE, JSON.stringify({ date: new Date().toISOString(), machine: machine(), figures: [] } satisfies BenchResults, null, 2) + '\n');
}

export function readResults(): BenchResults | null {
  return existsSync(RESULTS_FILE) ? (JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as BenchResults) : null;
}

/** Adds figures to bench-results.json (started afresh if a file runs without the global setup). */
export function recordFigures(figures: readonly Figure[]): void {
  if (!readResults()) startResults();
  const r = readResults()!;
  r.figures.push(...figures);
  r.machine.loadAverage = machine().loadAverage;
  writeFileSync(RESULTS_FILE, JSON.stringify(r, null, 2) + '\n');
}

const num = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 10 ? x.toFixed(1) : Math.abs(x) >= 1 ? x.toFixed(2) : x.toFixed(3));

/** One line per figure: what, engine, min / median, baseline, ratio, goal and pass/fail. */
export function formatTable(figures: readonly Figure[]): string {
  const head = ['what', 'engine', 'min / median', 'baseline (median)', 'ratio', 'goal', ''];
  const rows = figures.map((f) => [
    f.row,
    f.engine ?? '',
    `${num(f.min)} / ${num(f.median)} ${f.unit} (${f.rounds.length})`,
    f.baseline ? `${f.baseline.what} ${num(f.baseline.median)} ${f.baseline.unit}` : '',
    f.ratio === undefined ? '' : `${num(f.ratio)}×`,
    f.goal?.text ?? '',
    f.goal ? (f.goal.pass ? 'pass' : 'FAIL') : '',
  ]);
  const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(width[i]!)).join(' | ').trimEnd();
  return [line(head), width.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n');
}

/** The run's closing table: the date, the machine, every figure recorded. */
export function resultsReport(r: BenchResults): string {
  const m = r.machine;
  return [
    `bench results ${r.date} — ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node}, load average ${m.loadAverage.join(' ')}`,
    '(min / median over the rounds in brackets; ratio = median ÷ the baseline measured in the same run)',
    formatTable(r.figures),
    `written to ${path.basename(RESULTS_FILE)}`,
  ].join('\n');
}
