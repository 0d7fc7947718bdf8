import { describe, expect, it } from 'vitest';
import type { HandlerContext } from '../../src-main/ipc/router';
import { laterStatus } from '../../src-renderer/api/status-order';
import { statusFor } from '../helpers/bridge-http';

const base = statusFor({ session: { kind: 'staff' } } as HandlerContext);
const snap = (boot: string, seq: number, state: 'unknown' | 'offline') => ({ ...base, hq: { ...base.hq, state }, snapshot: { boot, seq } });

/**
 * Issue 9's status chip (CI 2026-12-06): the page's own status call and main's push arrive in no
 * fixed order; the query cache keeps the later-begun snapshot of one main process.
 */
describe('the page keeps the later-begun status snapshot', () => {
  it('an answer begun before a push is not taken after it', () => {
    const pushed = snap('a', 7, 'offline');
    expect(laterStatus(pushed, snap('a', 6, 'unknown'))).toBe(pushed);
  });

  it('a later snapshot of the same process replaces the held one', () => {
    const next = snap('a', 8, 'offline');
    expect(laterStatus(snap('a', 7, 'unknown'), next)).toEqual(next);
  });

  it('a snapshot from a restarted main is taken even with a smaller number', () => {
    const restarted = snap('b', 1, 'unknown');
    expect(laterStatus(snap('a', 900, 'offline'), restarted)).toEqual(restarted);
  });

  it('the first snapshot is taken, and unchanged parts keep their identity (structural sharing)', () => {
    const first = snap('a', 1, 'unknown');
    expect(laterStatus(undefined, first)).toEqual(first);
    const held = snap('a', 1, 'unknown');
    const again = laterStatus(held, snap('a', 2, 'unknown')) as typeof held;
    expect(again.snapshot.seq).toBe(2);
    expect(again.hq).toBe(held.hq);
  });
});
