import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app';
import { branchDesk } from '../helpers/desk-flow';

/**
 * Issue 9's status chip (CI 2026-12-06): every status main hands out — to a call or in a push —
 * says which process made it and in what order it was begun, so the page can keep the later one.
 */
describe('status snapshots are numbered as they begin', () => {
  const desk = useTestApp(branchDesk);

  it('concurrent snapshots get distinct numbers in the order they began, from one process', async () => {
    const { app, supervisor } = desk();
    const [a, b, c] = await Promise.all([app.ctx.status(), app.ok(supervisor, 'app:status', {}), app.ctx.status()]);
    expect(a.snapshot.boot).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set([a.snapshot.boot, b.snapshot.boot, c.snapshot.boot]).size).toBe(1);
    expect(new Set([a.snapshot.seq, b.snapshot.seq, c.snapshot.seq]).size).toBe(3);
    expect(c.snapshot.seq).toBeGreaterThan(a.snapshot.seq); // both begun at the call, a first
    // Begun after all three ended: a higher number than any of them.
    const later = await app.ok(supervisor, 'app:status', {});
    expect(later.snapshot.seq).toBeGreaterThan(Math.max(a.snapshot.seq, b.snapshot.seq, c.snapshot.seq));
  });
});
