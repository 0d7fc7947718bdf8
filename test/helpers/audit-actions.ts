import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const SRC_MAIN = path.resolve(__dirname, '../../src-main');

/** Every `action: …` main passes to audit(), literal or chosen by a condition (`a ? 'x.y' : 'x.z'`). */
export function actionsMainRecords(): string[] {
  const found = new Set<string>();
  const files = readdirSync(SRC_MAIN, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  for (const file of files) {
    const text = readFileSync(path.join(SRC_MAIN, file), 'utf8');
    for (const m of text.matchAll(/\baction:\s*([^,}\n]+)/g)) {
      for (const name of m[1]!.matchAll(/'([a-z]+\.[a-z-]+)'/g)) found.add(name[1]!);
    }
  }
  return [...found].sort();
}
