import { claimDue, countQueued, listInFlight, personKey, requeueInFlight, requeueStaleClaims, type OutboxRecord } from '../db/outbox.repo';
import type { AcceptedLog } from '../core/accepted-log';
import { jitteredBackoffMs } from '../core/backoff';
import { logger } from '../core/log';
import type { SendResult, SmsAdapter } from '../sms/adapter';
import type { Tx } from '../db/connection';
import { audit, inTx, SYSTEM_ACTOR, type ServiceEnv } from './env';
import { renderSms } from './outbox.service';
import { expireStale, recordOutcomes, type SendOutcome } from './outbox-record.service';
import { getSettings } from './settings.service';
import { thisStation } from './station-identity.service';
import { SupersedeVet } from './outbox-supersede-vet';

const log = logger('outbox');

export type GatewayState = 'online' | 'offline' | 'unknown';

export interface DispatcherOptions {
  /**
   * Messages handed to the gateway and not yet answered: a crash repeats at most this many. Without
   * `acceptedLog`, a message counts against it until its outcome is committed.
   */
  window?: number;
  /** Where acceptances are written the moment they arrive (see AcceptedLog); none: see `window`. */
  acceptedLog?: AcceptedLog | undefined;
  /**
   * With `acceptedLog`: accepted messages that are neither synced in the log nor committed (what a
   * power cut could send again) before no more are handed over.
   */
  unrecordedMax?: number;
  /** With `acceptedLog`: accepted messages waiting for the next commit before no more are handed over. */
  backlogMax?: number;
  /** With `acceptedLog`: messages claimed and waiting for the window (the claim ahead). */
  claimAhead?: number;
  /**
   * With `acceptedLog`: answers gathered for one commit while more are on their way — the next
   * commit starts when this many wait, when nothing more is on the wire, when the claim ahead runs
   * low, or `commitWaitMs` after the first of them arrived, whichever comes first.
   */
  commitBatch?: number;
  commitWaitMs?: number;
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  intervalMs?: number;
  /**
   * A claim (`sending`) not recorded for this long is taken for a dead station's: any counter puts
   * it back in the queue. Far longer than a live station holds one (a send's answer timeout).
   */
  claimLeaseMs?: number;
  random?: () => number;
}

/** Ten minutes: a live counter records a claim within seconds, or a minute with a gateway that times out. */
export const CLAIM_LEASE_MS = 10 * 60_000;

/**
 * BR-4: sends due messages through the gateway adapter, retries transient failures with
 * exponential backoff and jitter, fails permanent ones, expires stale ones, and after a send
 * keeps only the redacted body. A reset's password starts to work when its SMS is sent.
 *
 * Throughput without weaker guarantees: up to `window` messages are handed to the gateway at once
 * (a sliding window, refilled as each answer comes back, not a batch waited out); finished sends
 * are recorded and the next window claimed ahead in one transaction, while the sends go on (a
 * group commit of whatever was answered meanwhile). With an `acceptedLog` (the app's), each
 * acceptance is written down as it arrives, so a message stops counting against the window once
 * answered and a crash repeats at most the `window` still unanswered (start() records the
 * accepted ones as sent); the log's lines are group-synced in the background, and no more is
 * handed over while `unrecordedMax` acceptances are neither synced nor committed (what a power cut
 * could repeat), so the commits' pace no longer limits the sends, and a commit waits (at most
 * `commitWaitMs`) for a batch of answers while more are on the wire. Without a log, a message counts
 * until its outcome is committed. Either
 * way each repeat carries its own reference. A person's messages are never claimed together
 * (claimDue), so a superseded SMS never overtakes its successor, and one superseded while it waits
 * claimed ahead is never handed over (handOver).
 */
export class OutboxDispatcher {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private lastResult: GatewayState = 'unknown';
  private readonly window: number;
  private readonly acceptedLog: AcceptedLog | null;
  private readonly unrecordedMax: number;
  private readonly backlogMax: number;
  private readonly claimAhead: number;
  private readonly commitBatch: number;
  private readonly commitWaitMs: number;
  private readonly base: number;
  private readonly max: number;
  private readonly interval: number;
  private readonly lease: number;
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
  /** REC-4: which held messages were superseded before their hand-over (see handOver). */
  private readonly vet: SupersedeVet;

  constructor(
    private readonly env: ServiceEnv,
    private adapter: SmsAdapter,
    opts: DispatcherOptions = {},
  ) {
    this.window = opts.window ?? 10;
    this.acceptedLog = opts.acceptedLog ?? null;
    this.unrecordedMax = opts.unrecordedMax ?? 5 * this.window;
    this.backlogMax = opts.backlogMax ?? 40 * this.window;
    this.claimAhead = opts.claimAhead ?? 30 * this.window;
    // Never more than half the backlog bound: answers past it would hold sends back while they wait.
    this.commitBatch = this.acceptedLog ? Math.min(opts.commitBatch ?? 15 * this.window, this.backlogMax / 2) : 1;
    this.commitWaitMs = opts.commitWaitMs ?? 10;
    this.base = opts.baseBackoffMs ?? 15_000;
    this.max = opts.maxBackoffMs ?? 30 * 60_000;
    this.interval = opts.intervalMs ?? 2_000;
    this.lease = opts.claimLeaseMs ?? CLAIM_LEASE_MS;
    this.random = opts.random ?? Math.random;
    this.vet = new SupersedeVet(env);
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

  /** The station whose claims these are (null: this machine has none, e.g. a test without setup). */
  private async station(): Promise<number | null> {
    return (await thisStation(this.env))?.station.id ?? null;
  }

  private staleBefore(): string {
    return new Date(this.env.clock.now().getTime() - this.lease).toISOString();
  }

  /**
   * At start: messages a crash left in flight go back to the queue (the only possible repeats) —
   * this station's own, never those another live counter sharing the database has on the wire.
   */
  async start(): Promise<void> {
    const env = this.env;
    const station = await this.station();
    const accepted = this.acceptedLog?.read() ?? new Map<string, string | null>();
    const { count, recorded } = await inTx(env, async (tx) => {
      // Accepted before the stop but not yet recorded: sent, not to be sent again.
      const done = accepted.size === 0 ? [] : (await listInFlight(tx, station)).filter((m) => accepted.has(m.reference));
      const life = done.length === 0 ? 0 : (await getSettings(tx)).resetPasswordLifeHours;
      const outcomes = done.map((m): SendOutcome => ({ m, secret: null, result: { ok: true, providerMessageId: accepted.get(m.reference) ?? null } }));
      const { sent } = await recordOutcomes(tx, env, outcomes, (n) => this.backoffMs(n), life, station);
      const requeued = await requeueInFlight(tx, station, this.staleBefore());
      if (requeued + sent > 0) await audit(tx, env, SYSTEM_ACTOR, { action: 'sms.requeued', details: { count: requeued, ...(sent > 0 ? { acceptedBeforeStop: sent } : {}) } });
      return { count: requeued, recorded: sent };
    });
    this.acceptedLog?.keepOnly([], true);
    if (recorded > 0) log.info(`${recorded} message(s) accepted by the gateway before the last stop are now recorded as sent`);
    if (count > 0) log.warn(`${count} message(s) were in flight at the last stop; they will be sent again`);
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
    this.vet.close();
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

  /**
   * Renders and sends one claimed message and gives `answer` its outcome, never an exception; one
   * promise a send (the adapter's), no chain of its own (issue 11 item 2: CPU per message).
   */
  private sendOne(m: OutboxRecord, answer: (o: SendOutcome) => void): void {
    let text: string;
    let secret: string | null;
    try {
      ({ text, secret } = renderSms(this.env, m));
    } catch (e) {
      return answer({ m, secret: null, result: { ok: false, permanent: true, link: 'unchanged', error: e instanceof Error ? e.message : 'render failed' } });
    }
    const done = (result: SendResult) => {
      if (result.ok) this.setState('online');
      else {
        const link = result.link ?? (result.permanent ? 'up' : 'down');
        if (link !== 'unchanged') this.setState(link === 'up' ? 'online' : 'offline');
      }
      answer({ m, result, secret });
    };
    let sending: Promise<SendResult>;
    try {
      sending = this.adapter.send({ reference: m.reference, to: m.toMobile, text });
    } catch (e) {
      sending = Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
    sending.then(done, (e: unknown) => done({ ok: false, permanent: false, error: e instanceof Error ? e.message : String(e) }));
  }

  /**
   * REC-4 with the claim ahead: a message waits claimed (`sending`) until the window has room, and
   * its request may be superseded meanwhile. Right before a tick's messages go to the gateway,
   * those superseded (SupersedeVet: in this process, or on PostgreSQL at another counter) are
   * answered as undelivered without a send, and recordOutcomes cancels them (their person stays
   * held until then, so the successor still comes after). Ticks waiting on the same question are
   * handed over in their order when its answer comes. If it cannot be asked nothing is sent
   * unchecked (the tick is answered as transient failures, retried). A message already handed
   * over cannot be unsent.
   */
  private handOver(tick: readonly OutboxRecord[], waiting: readonly OutboxRecord[], over: () => boolean, answer: (o: SendOutcome) => void): void {
    const send = (elsewhere: ReadonlySet<number> | null) => {
      for (const m of tick) {
        if (this.vet.takeHere(m.id) || elsewhere?.has(m.id)) answer({ m, secret: null, result: { ok: false, permanent: false, link: 'unchanged', error: 'superseded before it was handed over' } });
        else this.sendOne(m, answer);
      }
    };
    const asked = this.vet.elsewhere(tick, waiting);
    if (!(asked instanceof Promise)) return send(asked);
    asked.then(
      (elsewhere) => {
        if (!over()) send(elsewhere); // a pass that ended leaves them claimed, as the ones still ready
      },
      (e: unknown) => {
        const error = `not handed over: ${e instanceof Error ? e.message : String(e)}`;
        for (const m of tick) answer({ m, secret: null, result: { ok: false, permanent: false, link: 'unchanged', error } });
      },
    );
  }

  private async pass() {
    const env = this.env;
    const log = this.acceptedLog;
    const station = await this.station();
    /**
     * Before the pass's first claim, in its transaction (one commit, not two, for every pass: an
     * idle counter makes one every interval): a station that died and never came back has its
     * claims put back in the queue after the lease, and messages past their deadline expire.
     */
    const tidy = async (tx: Tx) => {
      const stale = await requeueStaleClaims(tx, this.staleBefore());
      if (stale > 0) await audit(tx, env, SYSTEM_ACTOR, { action: 'sms.requeued', details: { count: stale, staleAfterMinutes: Math.round(this.lease / 60_000) } });
      return expireStale(tx, env);
    };
    const tally = { sent: 0, retried: 0, failed: 0, expired: 0 };
    let first = true;
    let expiredNow = 0;
    /** Claimed and not yet recorded: ready, handed to the gateway, or answered. */
    const claimedNow = new Map<number, OutboxRecord>();
    /** Their references: the lines the accepted log must keep. */
    const unrecorded = new Set<string>();
    const ready: OutboxRecord[] = [];
    let handed = 0;
    /** The last claim found fewer due messages than it asked for: no point committing early to claim. */
    let drained = false;
    let finished: SendOutcome[] = [];
    /** Answered and being recorded by the commit in progress. */
    let recording = 0;
    /** The pass ended (a failed commit): hand nothing more out. */
    let over = false;
    let wake: (() => void) | null = null;
    /**
     * Answers for the next commit: at least one, and with the accepted log (which already holds
     * the acceptances) a batch of them while more are coming — a commit's fixed cost (its round
     * trips, and on PostgreSQL the server's share of the two cores) spread over more messages
     * (issue 11 item 2; at 1,000,000 accounts on PostgreSQL, alternating runs: 0.39–0.53× of the
     * raw client before, 0.43–0.57× with batches of 150 — README, Benchmarks). Never longer than
     * `commitWaitMs` after the first answer, and at once when
     * nothing more can come soon: no send on the wire, or the claim ahead down to the window while
     * the queue had more to claim.
     */
    const answersToRecord = () =>
      new Promise<void>((resolve) => {
        let timer: NodeJS.Timeout | null = null;
        const enough = () => finished.length >= this.commitBatch || handed === 0 || (!drained && ready.length <= this.window);
        const check = () => {
          if (finished.length === 0) return void (wake = check);
          if (enough()) {
            if (timer) clearTimeout(timer);
            return resolve();
          }
          timer ??= setTimeout(() => {
            wake = null;
            resolve();
          }, this.commitWaitMs);
          wake = check;
        };
        check();
      });
    /**
     * Answered, their lines not yet written. At the end of the tick they leave the window together:
     * their lines in one write, before any send that takes their place (so a crash still repeats
     * at most the window).
     */
    let answered: SendOutcome[] = [];
    const settle = () => {
      const done = answered;
      answered = [];
      log?.acceptedMany(done.flatMap((o) => (o.result.ok ? [[o.m.reference, o.result.providerMessageId] as const] : [])));
      handed -= done.length;
      finished.push(...done);
      pump();
      const w = wake;
      wake = null;
      w?.();
    };
    /** Hands ready messages to the gateway while the window has room (see the class comment). */
    const pump = () => {
      // Lines are synced in groups of half the bound (up to two syncs at a time: the next starts
      // when fewer are in flight, or with the next answer), or at once when the bound holds sends
      // back; a fifth of the bound made 2.5× the fdatasync calls (each ~35 µs of the main thread,
      // more in the kernel) and longer waits on the disk.
      log?.sync(log.unsynced() >= this.unrecordedMax ? 1 : this.unrecordedMax / 2);
      const tick: OutboxRecord[] = [];
      while (!over && ready.length > 0 && handed < this.window && (log ? log.unsynced() < this.unrecordedMax && recording + finished.length < this.backlogMax : handed + finished.length < this.window)) {
        tick.push(ready.shift()!);
        handed++;
      }
      if (tick.length > 0) this.handOver(tick, ready, () => over, answer);
    };
    const answer = (o: SendOutcome) => {
      if (answered.push(o) === 1) process.nextTick(settle);
    };
    const unsubscribe = log?.onSynced(pump);
    try {
      for (;;) {
        const batch = finished;
        finished = [];
        recording = batch.length;
        // Claim ahead: enough ready to keep the window full while this commits (counted when the
        // claim runs, as sends go on meanwhile); without the log, only what the window has room for.
        const free = () => (log ? this.claimAhead - ready.length : this.window - claimedNow.size + batch.length);
        // Their outcomes commit before the claim below (same transaction), so their persons are free.
        for (const { m } of batch) this.onWire.delete(personKey(m));
        // The messages waiting now, before the commit's statements: on PostgreSQL its record of
        // sent messages also reads the claims marked superseded, an answer about these (the vet's).
        const vetAt = performance.now();
        const waiting = ready.slice();
        const claimed = await inTx(env, async (tx) => {
          if (first) expiredNow = await tidy(tx);
          if (batch.length > 0) {
            const life = (await getSettings(tx)).resetPasswordLifeHours;
            const r = await recordOutcomes(tx, env, batch, (n) => this.backoffMs(n), life, station);
            tally.sent += r.sent;
            tally.retried += r.retried;
            tally.failed += r.failed;
            if (r.supersededClaims) this.vet.told(vetAt, waiting, r.supersededClaims);
          }
          // With the log, claims are made in halves of the claim ahead: fewer, larger statements.
          const want = free();
          if (log && want < this.claimAhead / 2) return [];
          const got = await claimDue(tx, env.clock.now().toISOString(), want, this.onWire, station);
          drained = got.length < want;
          return got;
        });
        recording = 0;
        if (first) tally.expired = expiredNow;
        first = false;
        for (const { m } of batch) {
          claimedNow.delete(m.id);
          unrecorded.delete(m.reference);
        }
        log?.keepOnly(unrecorded);
        for (const m of claimed) {
          claimedNow.set(m.id, m);
          unrecorded.add(m.reference);
          this.onWire.add(personKey(m));
          ready.push(m);
        }
        if (claimed.length > 0) this.vet.ahead(ready);
        pump();
        if (claimedNow.size === 0) break;
        // The sends go on while this commits, and what is answered meanwhile is recorded by the
        // next commit (a group commit that sizes itself to the gateway's pace; see answersToRecord).
        await answersToRecord();
      }
    } finally {
      unsubscribe?.();
      over = true;
      // A pass that failed (the database went away) still lets the next one claim these persons;
      // their rows stay `sending` until a restart requeues them.
      for (const m of claimedNow.values()) this.onWire.delete(personKey(m));
      this.vet.forget();
    }
    return tally;
  }
}
