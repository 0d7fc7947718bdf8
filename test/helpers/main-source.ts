import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const SRC_MAIN = path.resolve(__dirname, '../../src-main');

/** The text of every TypeScript file of main, for tests that check what main's code says. */
export function mainSources(): string[] {
  return readdirSync(SRC_MAIN, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => readFileSync(path.join(SRC_MAIN, f), 'utf8'));
}
