import { describe, expect, it } from 'vitest';
import { percentOf, terminalProgress } from '../../src-main/core/progress-line';

describe('issue 11: a long migration in the terminal', () => {
  it('prints one line per whole percent, never the same line twice', () => {
    const lines: string[] = [];
    const out = { write: (s: string) => lines.push(s) } as unknown as NodeJS.WritableStream;
    const report = terminalProgress(out);
    for (const done of [0, 1, 5, 10, 10, 999, 1000]) report({ migration: '0010_x', done, total: 1000 });
    expect(lines).toEqual(['Updating the database (0010_x): 0%\n', 'Updating the database (0010_x): 1%\n', 'Updating the database (0010_x): 99%\n', 'Updating the database (0010_x): 100%\n']);
    expect(percentOf({ migration: 'm', done: 0, total: 0 })).toBe(100);
  });
});
