import { claimDue, countQueued, personKey, requeueInFlight, type OutboxRecord } from '../db/outbox.repo';
import { jitteredBackoffMs } from '../core/backoff';
import { logger } from '../core/log';
import type { SendResult, SmsAdapter } from '../sms/adapter';
import { audit, inTx, SYSTEM_ACTOR, type ServiceEnv } from './env';
import { renderSms } from './outbox.service';
import { expireStale, recordOutcomes, type SendOutcome } from './outbox-record.service';
import { getSettings } from './settings.service';

const log = logger('outbox');

export type GatewayState = 'online' | 'offline' | 'unknown';

/**
 * How long a pass waits, after the first answer, for the rest of the window's answers before it
 * commits (group commit). Answers on a link come back close together; a slow gateway costs at
 * most this much extra wait per round of the window.
 */
const GATHER_MS = 5;

export interface DispatcherOptions {
  /** Messages on the wire and not yet recorded as sent; a crash can repeat at most this many. */
  window?: number;
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  intervalMs?: number;
  random?: () => number;
}

/**
 * BR-4: sends due messages through the gateway adapter, retries transient failures with
 * exponential backoff and jitter, fails permanent ones, expires stale ones, and after a send
 * keeps only the redacted body. A reset's password starts to work when its SMS is sent.
 *
 * Throughput without weaker guarantees: up to `window` messages are on the wire at once (a
 * sliding window, refilled as answers come back, not a batch waited out), and finished sends are
 * recorded and free slots claimed in one transaction (a group commit: whatever finished while the
 * last one was committing). A message counts against the window until its outcome is committed,
 * so a crash repeats at most `window` messages, each with its own reference. A person's messages
 * are never on the wire together (claimDue), so a superseded SMS never overtakes its successor.
 */
export class OutboxDispatcher {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private lastResult: GatewayState = 'unknown';
  private readonly window: number;
  private readonly base: number;
  private readonly max: number;
  private readonly interval: number;
  private readonly random: () => number;
  private listeners: Array<(s: GatewayState) => void> = [];
  private queueListeners: Array<() => void> = [];
  /** The queue count last told to the queue listeners (null: not yet counted). */
  private lastQueued: number | null = null;
  /** A pass is due now (a new message, or the last pass filled the whole window). */
  private hurry = false;
  private busy = false;
  /** Persons (personKey) with a message on the wire from this dispatcher. */
  private readonly onWire = new Set<string>();

  constructor(
    private readonly env: ServiceEnv,
    private adapter: SmsAdapter,
    opts: DispatcherOptions = {},
  ) {
    this.window = opts.window ?? 10;
    this.base = opts.baseBackoffMs ?? 15_000;
    this.max = opts.maxBackoffMs ?? 30 * 60_000;
    this.interval = opts.intervalMs ?? 2_000;
    this.random = opts.random ?? Math.random;
    this.watch(adapter);
  }

  /** A link change seen by the adapter itself (an SMPP bind made or lost) reaches the status bar. */
  private watch(adapter: SmsAdapter): void {
    adapter.onLinkState?.((up) => {
      if (this.adapter === adapter) this.setState(up ? 'online' : 'offline');
    });
  }

  get adapterName(): SmsAdapter['name'] {
    return this.adapter.name;
  }

  state(): GatewayState {
    if (this.adapter.name === 'none') return 'offline';
    // The training file is always there to write to: online until a write says otherwise.
    if (this.adapter.name === 'file' && this.lastResult === 'unknown') return 'online';
    return this.lastResult;
  }

  /** Issue 12 item 10: the queue count changed (a pass sent, retried, failed or expired messages). */
  onQueueChange(fn: () => void): void {
    this.queueListeners.push(fn);
  }

  private async noteQueue(): Promise<void> {
    if (this.queueListeners.length === 0) return;
    const n = await this.queued();
    if (n === this.lastQueued) return;
    this.lastQueued = n;
    for (const l of this.queueListeners) l();
  }

  onStateChange(fn: (s: GatewayState) => void): void {
    this.listeners.push(fn);
  }

  queued(): Promise<number> {
    return countQueued(this.env.db);
  }

  async setAdapter(adapter: SmsAdapter): Promise<void> {
    const old = this.adapter;
    this.adapter = adapter;
    this.setState('unknown');
    this.watch(adapter);
    await old.close();
  }

  /** At start: messages a crash left in flight go back to the queue (the only possible repeats). */
  async start(): Promise<void> {
    const n = await inTx(this.env, async (tx) => {
      const count = await requeueInFlight(tx);
      if (count > 0) await audit(tx, this.env, SYSTEM_ACTOR, { action: 'sms.requeued', details: { count } });
      return count;
    });
    if (n > 0) log.warn(`${n} message(s) were in flight at the last stop; they will be sent again`);
    this.schedule(this.interval);
  }

  private schedule(ms: number): void {
    this.timer = setTimeout(() => {
      this.hurry = false;
      this.busy = true;
      void this.runOnce()
        .then((t) => (t.sent + t.retried + t.failed + t.expired > 0 || this.lastQueued === null ? this.noteQueue() : undefined))
        .catch((e: unknown) => log.error('dispatch failed', e instanceof Error ? e.message : String(e)))
        .finally(() => {
          this.busy = false;
          if (this.timer) this.schedule(this.hurry ? 0 : this.interval);
        });
    }, ms);
  }

  /** A message was just queued: send it now rather than at the next interval (no-op when not started). */
  kick(): void {
    if (!this.timer) return;
    this.hurry = true;
    if (this.busy) return; // the running pass schedules the next one at once
    clearTimeout(this.timer);
    this.schedule(0);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
    await this.adapter.close();
  }

  private setState(s: GatewayState): void {
    if (s === this.lastResult) return;
    this.lastResult = s;
    for (const l of this.listeners) l(s);
  }

  backoffMs(attempts: number): number {
    return jitteredBackoffMs(attempts, this.base, this.max, this.random);
  }

  /**
   * One pass: expires stale messages, then keeps the window full until nothing due is left and
   * every send is recorded; returns what it sent, retried, failed and expired.
   */
  runOnce(): Promise<{ sent: number; retried: number; failed: number; expired: number }> {
    const p = this.pass();
    this.running = p.then(() => undefined, () => undefined);
    return p;
  }

  /** Renders and sends one claimed message; never rejects. */
  private async sendOne(m: OutboxRecord): Promise<SendOutcome> {
    let text: string;
    let secret: string | null;
    try {
      ({ text, secret } = renderSms(this.env, m));
    } catch (e) {
      return { m, secret: null, result: { ok: false, permanent: true, link: 'unchanged', error: e instanceof Error ? e.message : 'render failed' } };
    }
    const result = await this.adapter.send({ reference: m.reference, to: m.toMobile, text }).catch((e: unknown): SendResult => ({
      ok: false,
      permanent: false,
      error: e instanceof Error ? e.message : String(e),
    }));
    if (result.ok) this.setState('online');
    else {
      const link = result.link ?? (result.permanent ? 'up' : 'down');
      if (link !== 'unchanged') this.setState(link === 'up' ? 'online' : 'offline');
    }
    return { m, result, secret };
  }

  private async pass() {
    const env = this.env;
    const tally = { sent: 0, retried: 0, failed: 0, expired: await inTx(env, (tx) => expireStale(tx, env)) };
    const wire = new Map<number, OutboxRecord>();
    let finished: SendOutcome[] = [];
    let wake: (() => void) | null = null;
    /** Resolves once `count` sends have finished, or after `ms` (null: no limit). */
    const until = (count: number, ms: number | null) =>
      new Promise<void>((resolve) => {
        const timer = ms === null ? null : setTimeout(() => done(), ms);
        const done = () => {
          if (timer) clearTimeout(timer);
          wake = null;
          resolve();
        };
        wake = () => {
          if (finished.length >= count) done();
        };
        wake();
      });
    try {
      for (;;) {
        const batch = finished;
        finished = [];
        const free = this.window - wire.size + batch.length;
        // Their outcomes commit before the claim below (same transaction), so their persons are free.
        for (const { m } of batch) this.onWire.delete(personKey(m));
        const claimed = await inTx(env, async (tx) => {
          if (batch.length > 0) {
            const life = (await getSettings(tx)).resetPasswordLifeHours;
            const r = await recordOutcomes(tx, env, batch, (n) => this.backoffMs(n), life);
            tally.sent += r.sent;
            tally.retried += r.retried;
            tally.failed += r.failed;
          }
          return claimDue(tx, env.clock.now().toISOString(), free, this.onWire);
        });
        for (const { m } of batch) wire.delete(m.id);
        for (const m of claimed) {
          wire.set(m.id, m);
          this.onWire.add(personKey(m));
          void this.sendOne(m).then((o) => {
            finished.push(o);
            wake?.();
          });
        }
        if (wire.size === 0) break;
        // Wait for an answer; then, briefly, for the rest of the window's, which usually come
        // within a moment of the first: one commit then records the window, not one message.
        await until(1, null);
        if (finished.length < wire.size) await until(wire.size, GATHER_MS);
      }
    } finally {
      // A pass that failed (the database went away) still lets the next one claim these persons;
      // their rows stay `sending` until a restart requeues them.
      for (const m of wire.values()) this.onWire.delete(personKey(m));
    }
    return tally;
  }
}
