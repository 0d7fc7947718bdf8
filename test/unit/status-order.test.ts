import { describe, expect, it } from 'vitest';
import type { HandlerContext } from '../../src-main/ipc/router';
import { statusOrder } from '../../src-renderer/api/status-order';
import { statusFor } from '../helpers/bridge-http';

const base = statusFor({ session: { kind: 'staff' } } as HandlerContext);
const snap = (boot: string, seq: number, state: 'unknown' | 'offline') => ({ ...base, hq: { ...base.hq, state }, snapshot: { boot, seq } });

/**
 * Issue 9's status chip (CI 2026-12-06): the page's own status call and main's push arrive in no
 * fixed order; the query cache keeps the later-begun snapshot of one main process.
 */
describe('the page keeps the later-begun status snapshot', () => {
  it('an answer begun before a push is not taken after it', () => {
    const merge = statusOrder();
    const pushed = merge(undefined, snap('a', 7, 'offline'));
    expect(merge(pushed, snap('a', 6, 'unknown'))).toBe(pushed);
  });

  it('a later snapshot of the same process with new content replaces the held one', () => {
    const merge = statusOrder();
    const held = merge(undefined, snap('a', 7, 'unknown'));
    const next = snap('a', 8, 'offline');
    expect(merge(held, next)).toEqual(next);
  });

  it('a snapshot from a restarted main is taken even with a smaller number', () => {
    const merge = statusOrder();
    const held = merge(undefined, snap('a', 900, 'offline'));
    const restarted = snap('b', 1, 'unknown');
    expect(merge(held, restarted)).toEqual(restarted);
  });

  /**
   * CI 2026-12-06, second run: with every snapshot numbered, each poll and push changed the data,
   * so the screens re-rendered and the setup screen's open branch list lost its highlighted option.
   */
  it('a later snapshot that changes nothing but its number keeps the held object (no re-render)', () => {
    const merge = statusOrder();
    const held = merge(undefined, snap('a', 1, 'unknown'));
    expect(merge(held, snap('a', 2, 'unknown'))).toBe(held);
    // …and the order still holds against the newest number seen, not the held object's.
    const changed = merge(held, snap('a', 4, 'offline'));
    expect(merge(merge(changed, snap('a', 5, 'offline')), snap('a', 3, 'unknown'))).toBe(changed);
  });

  it('unchanged parts of a changed snapshot keep their identity (structural sharing)', () => {
    const merge = statusOrder();
    const held = merge(undefined, snap('a', 1, 'unknown')) as ReturnType<typeof snap>;
    const next = merge(held, { ...snap('a', 2, 'unknown'), sms: { ...base.sms, queued: 9 } }) as ReturnType<typeof snap>;
    expect(next.sms.queued).toBe(9);
    expect(next.snapshot.seq).toBe(2);
    expect(next.hq).toBe(held.hq);
  });
});
