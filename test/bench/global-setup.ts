import { readResults, resultsReport, startResults } from './lib/results';

/** `npm run bench`: bench-results.json starts afresh; at the end, every figure recorded is printed in one table. */
export function setup(): void {
  startResults();
}

export function teardown(): void {
  const r = readResults();
  if (r && r.figures.length > 0) process.stdout.write(`\n${resultsReport(r)}\n`);
}
