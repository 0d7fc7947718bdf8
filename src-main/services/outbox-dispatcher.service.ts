import {
  claimMessage,
  countQueued,
  dueMessages,
  expiredMessages,
  markExpired,
  markFailed,
  markRetry,
  markSent,
  requeueInFlight,
  type OutboxRecord,
} from '../db/outbox.repo';
import { findResetBySms, setResetState } from '../db/resets.repo';
import { logger } from '../core/log';
import type { SendResult, SmsAdapter } from '../sms/adapter';
import type { Tx } from '../db/connection';
import { audit, inTx, SYSTEM_ACTOR, type ServiceEnv } from './env';
import { renderSms, scrubSecret } from './outbox.service';
import { getSettings } from './settings.service';

const log = logger('outbox');

export type GatewayState = 'online' | 'offline' | 'unknown';

export interface DispatcherOptions {
  /** Messages sent at once; a crash can repeat at most this many. */
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
  /** A pass is due now (a new message, or the last pass filled the whole window). */
  private hurry = false;
  private busy = false;
  private lastClaimed = 0;

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
    return this.adapter.name === 'none' ? 'offline' : this.lastResult;
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
        .then((r) => {
          // A full window means more may be waiting: go on at once rather than after the interval.
          if (this.lastClaimed >= this.window && r.retried === 0) this.hurry = true;
        })
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
    const exp = Math.min(this.max, this.base * 2 ** Math.max(0, attempts - 1));
    return Math.round(exp / 2 + (this.random() * exp) / 2);
  }

  /** One pass; returns how many messages were sent and failed. */
  runOnce(): Promise<{ sent: number; retried: number; failed: number; expired: number }> {
    const p = this.pass();
    this.running = p.then(() => undefined, () => undefined);
    return p;
  }

  /** A permanent failure: the message is failed, its reset will never work, and both are audited. */
  private async fail(m: OutboxRecord, error: string, at: Date): Promise<void> {
    await inTx(this.env, async (tx) => {
      await markFailed(tx, m.id, error);
      await this.endPendingReset(tx, m.id, at);
      await audit(tx, this.env, SYSTEM_ACTOR, { action: 'sms.failed', subjectType: 'sms', subjectId: m.id, details: { purpose: m.purpose, error: error.slice(0, 120) } });
    });
  }

  private async endPendingReset(tx: Tx, smsId: number, at: Date): Promise<void> {
    const reset = await findResetBySms(tx, smsId);
    if (reset && reset.state === 'pending') await setResetState(tx, reset.id, { state: 'undelivered', endedAt: at.toISOString() });
  }

  private async pass() {
    const env = this.env;
    const now = env.clock.now();
    let expired = 0;
    for (const m of await expiredMessages(env.db, now.toISOString())) {
      await inTx(env, async (tx) => {
        if (!(await markExpired(tx, m.id))) return;
        await this.endPendingReset(tx, m.id, now);
        await audit(tx, env, SYSTEM_ACTOR, { action: 'sms.expired', subjectType: 'sms', subjectId: m.id, details: { purpose: m.purpose } });
        expired++;
      });
    }
    let sent = 0;
    let retried = 0;
    let failed = 0;
    const due = await dueMessages(env.db, now.toISOString(), this.window);
    const claimed = [];
    for (const m of due) if (await inTx(env, (tx) => claimMessage(tx, m.id))) claimed.push(m);
    this.lastClaimed = claimed.length;
    const settings = claimed.length > 0 ? await getSettings(env.db) : null;
    await Promise.all(
      claimed.map(async (m) => {
        let text: string;
        let secret: string | null;
        try {
          ({ text, secret } = renderSms(env, m));
        } catch (e) {
          await this.fail(m, e instanceof Error ? e.message : 'render failed', env.clock.now());
          failed++;
          return;
        }
        const result = await this.adapter.send({ reference: m.reference, to: m.toMobile, text }).catch((e: unknown): SendResult => ({
          ok: false,
          permanent: false,
          error: e instanceof Error ? e.message : String(e),
        }));
        const at = env.clock.now();
        if (result.ok) {
          // False when a cancel or a restart's requeue took the message meanwhile.
          const marked = await inTx(env, async (tx) => {
            if (!(await markSent(tx, m.id, at.toISOString(), result.providerMessageId))) return false;
            const reset = await findResetBySms(tx, m.id);
            if (reset && reset.state === 'pending') {
              const until = new Date(at.getTime() + settings!.resetPasswordLifeHours * 3600_000);
              await setResetState(tx, reset.id, { state: 'sent', sentAt: at.toISOString(), validUntil: until.toISOString() });
            }
            await audit(tx, env, SYSTEM_ACTOR, { action: 'sms.sent', subjectType: 'sms', subjectId: m.id, details: { purpose: m.purpose, attempts: m.attempts + 1 } });
            return true;
          });
          if (marked) sent++;
          this.setState('online');
          return;
        }
        // A gateway may echo the text in its error: never keep the secret in last_error.
        const error = scrubSecret(result.error, secret);
        if (result.permanent) {
          await this.fail(m, error, at);
          failed++;
        } else {
          await inTx(env, (tx) => markRetry(tx, m.id, new Date(at.getTime() + this.backoffMs(m.attempts + 1)).toISOString(), error));
          retried++;
        }
        const link = result.link ?? (result.permanent ? 'up' : 'down');
        if (link !== 'unchanged') this.setState(link === 'up' ? 'online' : 'offline');
      }),
    );
    return { sent, retried, failed, expired };
  }
}
