import { appendAccountSnapshotBatch, deferredProgress, type DeferredProgress } from '../../migrations/deferred-upgrade';
import type { Q, WriteTx } from './types';

export type { DeferredProgress };

/** What the upgrade left for after the start (issue 11 item 3), or null when nothing is left. */
export function upgradeWorkLeft(q: Q): Promise<DeferredProgress | null> {
  return deferredProgress(q);
}

/** One batch of the upgrade's deferred work in the caller's transaction; null when nothing was left. */
export function upgradeWorkBatch(tx: WriteTx, at: Date, batch?: number): Promise<DeferredProgress | null> {
  return appendAccountSnapshotBatch(tx, at.toISOString(), batch);
}
