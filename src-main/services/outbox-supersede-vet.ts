import { supersededAmong, type OutboxRecord } from '../db/outbox.repo';
import { engineOf } from '../db/types';
import type { ServiceEnv } from './env';

/** How long an answer about messages superseded at other counters serves hand-overs (see ids). */
const VET_FRESH_MS = 20;

/**
 * REC-4 with the claim ahead: which of the messages a dispatcher is about to hand to the gateway
 * were superseded while they waited claimed (`sending`). Superseded in this process: env.smsSuperseded
 * tells us (on SQLite that is the whole truth — the database is this desk's alone — and a
 * hand-over never waits for the one connection a commit holds). On PostgreSQL another counter may
 * have superseded it: one query asks about the tick and every message waiting behind it, and its
 * answer serves the ticks that follow for VET_FRESH_MS (a query per tick cost a third of the
 * throughput), so a reset made at another counter at least that long before the hand-over is
 * always caught; a tick that comes while the question is still in flight waits for its answer
 * rather than asking again. A question that failed serves no later tick.
 */
export class SupersedeVet {
  /** Messages superseded in this process, forgotten when a pass ends (forget). */
  private readonly here = new Set<number>();
  /** On PostgreSQL, the last question asked, answered or still in flight. */
  private last: { startedAt: number; asked: ReadonlySet<number>; superseded: Promise<ReadonlySet<number>> } | null = null;

  private readonly hear = (ids: readonly number[]) => {
    for (const id of ids) this.here.add(id);
  };

  constructor(private readonly env: ServiceEnv) {
    (env.smsSuperseded ??= new Set()).add(this.hear);
  }

  /** The dispatcher stopped: this process's supersedes are no longer its concern. */
  close(): void {
    this.env.smsSuperseded?.delete(this.hear);
  }

  /**
   * The messages of `tick` superseded at another counter (`waiting`: the ones behind it, asked
   * about in the same question), or null on SQLite, where nothing but this process supersedes.
   */
  elsewhere(tick: readonly OutboxRecord[], waiting: readonly OutboxRecord[]): Promise<ReadonlySet<number>> | null {
    if (engineOf(this.env.db) === 'sqlite') return null;
    const now = performance.now();
    const last = this.last;
    if (last && now - last.startedAt <= VET_FRESH_MS && tick.every((m) => last.asked.has(m.id))) return last.superseded;
    const asked = [...tick, ...waiting].map((m) => m.id);
    const fresh = { startedAt: now, asked: new Set(asked), superseded: supersededAmong(this.env.db, asked) };
    fresh.superseded.catch(() => {
      if (this.last === fresh) this.last = null;
    });
    this.last = fresh;
    return fresh.superseded;
  }

  /** Message `id` was superseded in this process (each answer is given once). */
  takeHere(id: number): boolean {
    return this.here.delete(id);
  }

  /** A pass ended: what it held is recorded; a message superseded later was queued (cancelled) or not ours. */
  forget(): void {
    this.here.clear();
    this.last = null;
  }
}
