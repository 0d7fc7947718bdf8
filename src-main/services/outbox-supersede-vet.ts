import { supersededInFlight, type OutboxRecord } from '../db/outbox.repo';
import { engineOf } from '../db/types';
import type { ServiceEnv } from './env';

/** How long an answer about messages superseded at other counters serves hand-overs (see ids). */
const VET_FRESH_MS = 20;
/** An answer this old that still serves starts the next question in the background (see elsewhere). */
const VET_REFRESH_MS = VET_FRESH_MS / 2;

const idsOf = (messages: readonly OutboxRecord[]): ReadonlySet<number> => new Set(messages.map((m) => m.id));

interface Question {
  startedAt: number;
  asked: ReadonlySet<number>;
  superseded: Promise<ReadonlySet<number>>;
}

/**
 * REC-4 with the claim ahead: which of the messages a dispatcher is about to hand to the gateway
 * were superseded while they waited claimed (`sending`). Superseded in this process: env.smsSuperseded
 * tells us (on SQLite that is the whole truth — the database is this desk's alone — and a
 * hand-over never waits for the one connection a commit holds). On PostgreSQL another counter may
 * have superseded it, which marks the message's row (cancelSuperseded): one query reads the marked
 * claims (supersededInFlight, a partial index of almost no rows — asking about each waiting
 * message's reset and mobile check cost the database more than the rest of the dispatcher's work),
 * and its answer serves the ticks of every message claimed before it was asked for VET_FRESH_MS
 * from when it was asked (a query per tick cost a third of the throughput), so a reset made at
 * another counter at least that long before the hand-over is always caught. Each dispatcher
 * commit that records sent messages reads the same rows in its first statement (markSentMany) and
 * tells the answer (`told`), so while messages flow most answers cost no question of their own.
 * Once the answer in use is half that old the next question is
 * asked in the background, and a fresh claim is asked about as it arrives (`ahead`), so a tick
 * rarely waits for the database (waiting left the link idle an eighth of the time); a tick that
 * no answer covers waits for one. A question that failed serves no tick.
 */
export class SupersedeVet {
  /** Messages superseded in this process, forgotten when a pass ends (forget). */
  private readonly here = new Set<number>();
  /** On PostgreSQL, the newest question answered (with its answer), and one still in flight. */
  private answered: { startedAt: number; asked: ReadonlySet<number>; superseded: ReadonlySet<number> } | null = null;
  private asking: Question | null = null;

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
   * about in the same question) — at once from an answer that still serves, else when one comes —
   * or null on SQLite, where nothing but this process supersedes.
   */
  elsewhere(tick: readonly OutboxRecord[], waiting: readonly OutboxRecord[]): ReadonlySet<number> | Promise<ReadonlySet<number>> | null {
    if (engineOf(this.env.db) === 'sqlite') return null;
    const now = performance.now();
    const covers = <T extends { startedAt: number; asked: ReadonlySet<number> }>(q: T | null): q is T => q !== null && now - q.startedAt <= VET_FRESH_MS && tick.every((m) => q.asked.has(m.id));
    const { answered, asking } = this;
    if (covers(answered)) {
      if (now - answered.startedAt >= VET_REFRESH_MS && !asking) this.ask([...tick, ...waiting], now);
      return answered.superseded;
    }
    if (covers(asking)) return asking.superseded;
    return this.ask([...tick, ...waiting], now).superseded;
  }

  /** A claim just added to the messages waiting: all of them asked about now (unless a question is in flight), before their ticks come. */
  ahead(waiting: readonly OutboxRecord[]): void {
    if (waiting.length === 0 || this.asking || engineOf(this.env.db) === 'sqlite') return;
    this.ask(waiting, performance.now());
  }

  /**
   * An answer read by another statement (a dispatcher commit's, markSentMany) that began after
   * `startedAt`, about the messages then waiting: serves as one of this vet's own (the newest wins).
   */
  told(startedAt: number, waiting: readonly OutboxRecord[], superseded: ReadonlySet<number>): void {
    if (!this.answered || this.answered.startedAt < startedAt) this.answered = { startedAt, asked: idsOf(waiting), superseded };
  }

  private ask(messages: readonly OutboxRecord[], now: number): Question {
    const asked = idsOf(messages);
    const q: Question = { startedAt: now, asked, superseded: supersededInFlight(this.env.db) };
    this.asking = q;
    q.superseded.then(
      (superseded) => {
        if (this.asking === q) this.asking = null;
        if (!this.answered || this.answered.startedAt < q.startedAt) this.answered = { startedAt: q.startedAt, asked, superseded };
      },
      () => {
        if (this.asking === q) this.asking = null;
      },
    );
    return q;
  }

  /** Message `id` was superseded in this process (each answer is given once). */
  takeHere(id: number): boolean {
    return this.here.delete(id);
  }

  /** A pass ended: what it held is recorded; a message superseded later was queued (cancelled) or not ours. */
  forget(): void {
    this.here.clear();
    this.answered = null;
    this.asking = null;
  }
}
