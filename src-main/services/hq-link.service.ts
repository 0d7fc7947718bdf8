import type { HqLinkStatus, HqLinkStopCode, HqOfflineReason } from '../../shared/contract/hq-link.contract';
import { AppError, isAppError } from '../../shared/errors';
import { LINK_PATHS, LIVE_BATCH_MAX_ENTRIES } from '../../shared/journal';
import { jitteredBackoffMs } from '../core/backoff';
import { HqClient } from '../core/hq-client';
import { logger } from '../core/log';
import { patchLink, readLink, type LinkPatch } from '../db/hq-link.repo';
import { batchAt, firstUnacked, type BatchRecord } from '../db/journal-batches.repo';
import { audit, inTx, SYSTEM_ACTOR, type Actor, type ServiceEnv } from './env';
import { interpretPush } from './hq-link-answer';
import { hqLinkConfiguredNow, readHqLinkConfig, type HqLinkConfig } from './hq-link-settings.service';
import { pullRegistry } from './hq-registry-pull.service';
import { behindHq, settleAck } from './journal-ack.service';
import { bodyOf, cutBatches, signingStation, type Station } from './journal-export.service';
import { thisStation } from './station-identity.service';

const log = logger('hq-link');

export interface HqLinkOptions {
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /** How often the link looks for work it was not woken for (a due retry, another counter's change). */
  intervalMs?: number;
  /** A wake waits this long so that a burst of changes leaves as one batch. */
  settleMs?: number;
  requestTimeoutMs?: number;
  random?: () => number;
}

type Live = { state: 'unknown' | 'online' | 'offline' | 'not-configured'; reason: HqOfflineReason | null; detail: string | null };
const UNKNOWN: Live = { state: 'unknown', reason: null, detail: null };

/**
 * Issue 9: the live link — this station's journal batches pushed to headquarters by the same
 * durable pattern as the SMS outbox. Batches are cut (at most LIVE_BATCH_MAX_ENTRIES each) and
 * recorded before they leave, so a restart sends the same bytes again and headquarters answers
 * `already`; one batch is on the wire at a time, in sequence order; an acknowledgement is taken
 * only with headquarters' signature and settles through the same code as an imported ack file.
 * Offline (network, TLS, timeout, 5xx): jittered exponential backoff, 1 s .. 5 min, kept in the
 * database. A gap: resend from the sequence headquarters expects. Any other refusal, or an
 * answer that does not verify: the link stops with a red alarm until a supervisor resumes it.
 */
export class HqLink {
  private timer: NodeJS.Timeout | null = null;
  /** Set by stop(): a pass in progress sends nothing more. */
  private stopping = false;
  private running: Promise<void> = Promise.resolve();
  private busy = false;
  private hurry = false;
  /** The next pass ignores the retry schedule (settings saved, link resumed). */
  private force = false;
  private nextDelay: number;
  private client: { key: string; client: HqClient } | null = null;
  private live: Live = UNKNOWN;
  private readonly listeners: Array<() => void> = [];
  private readonly base: number;
  private readonly max: number;
  private readonly interval: number;
  private readonly settle: number;
  private readonly timeout: number;
  private readonly random: () => number;

  constructor(
    private readonly env: ServiceEnv,
    opts: HqLinkOptions = {},
  ) {
    this.base = opts.baseBackoffMs ?? 1_000;
    this.max = opts.maxBackoffMs ?? 5 * 60_000;
    this.interval = opts.intervalMs ?? 30_000;
    this.settle = opts.settleMs ?? 250;
    this.timeout = opts.requestTimeoutMs ?? 60_000;
    this.random = opts.random ?? Math.random;
    this.nextDelay = this.interval;
  }

  onChange(fn: () => void): void {
    this.listeners.push(fn);
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }

  private setLive(next: Live): void {
    const changed = next.state !== this.live.state || next.reason !== this.live.reason || next.detail !== this.live.detail;
    this.live = next;
    if (changed) this.emit();
  }

  backoffMs(attempts: number): number {
    return jitteredBackoffMs(attempts, this.base, this.max, this.random);
  }

  start(): void {
    this.stopping = false;
    if (!this.timer) this.schedule(0);
  }

  private schedule(ms: number): void {
    this.timer = setTimeout(() => {
      this.hurry = false;
      this.busy = true;
      this.nextDelay = this.interval;
      this.running = this.pass()
        .catch((e: unknown) => log.error('link pass failed', isAppError(e) ? e.code : e instanceof Error ? e.message : String(e)))
        .finally(() => {
          this.busy = false;
          if (this.timer) this.schedule(this.hurry ? this.settle : this.nextDelay);
        });
    }, ms);
  }

  /**
   * A journal entry was just committed (or settings changed): push soon rather than at the next
   * interval. With no link configured (main's fresh settings copy says so; saving the link's
   * settings drops that copy) it costs nothing: no pass, no read. A link set up at another counter
   * sharing the database is found by the interval's pass, or by the next wake after the copy expires.
   */
  kick(): void {
    if (!this.timer || hqLinkConfiguredNow(this.env.db) === false) return;
    this.hurry = true;
    if (this.busy) return; // the running pass schedules the next one
    clearTimeout(this.timer);
    this.schedule(this.settle);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.client?.client.close(); // ends a request on the wire at once
    await this.running;
    this.client?.client.close();
    this.client = null;
  }

  /** Settings → Headquarters changed: a new client (new CA), and an attempt now. */
  settingsChanged(): void {
    this.client?.client.close();
    this.client = null;
    this.force = true;
    this.setLive(UNKNOWN);
    this.kick();
  }

  private clientFor(c: HqLinkConfig): HqClient {
    const key = `${c.url}\n${c.caPem}`;
    if (this.client?.key !== key) {
      this.client?.client.close();
      this.client = { key, client: new HqClient(c) };
    }
    return this.client.client;
  }

  /** Issue 9: what the status bar, home and the «ستاد» screen show. */
  async status(): Promise<HqLinkStatus> {
    const idle: HqLinkStatus = { state: 'not-configured', offlineReason: null, offlineDetail: null, stop: null, lastSeq: 0, ackedSeq: 0, behindEntries: 0, behindHours: 0, lastContactAt: null, nextAttemptAt: null };
    const here = await thisStation(this.env);
    if (!here) return idle;
    const behind = await behindHq(this.env, here.station.id);
    const link = await readLink(this.env.db, here.station.id);
    const configured = (await readHqLinkConfig(this.env.db)) !== null;
    const stopped = link.state === 'stopped';
    return {
      ...idle,
      state: !configured ? 'not-configured' : stopped ? 'stopped' : this.live.state === 'not-configured' ? 'unknown' : this.live.state,
      offlineReason: configured && !stopped && this.live.state === 'offline' ? this.live.reason : null,
      offlineDetail: configured && !stopped && this.live.state === 'offline' ? this.live.detail : null,
      stop: stopped ? { code: link.stopCode as HqLinkStopCode, detail: link.stopDetail ?? '', batchId: link.stopBatchId, at: link.stoppedAt ?? '' } : null,
      lastSeq: behind.lastSeq,
      ackedSeq: behind.ackedSeq,
      behindEntries: behind.behindEntries,
      behindHours: behind.behindHours,
      lastContactAt: link.lastContactAt,
      nextAttemptAt: configured && !stopped && this.live.state === 'offline' ? link.nextAttemptAt : null,
    };
  }

  /** Issue 9: after the cause is fixed, a supervisor starts a stopped link again (audited). */
  async resume(actor: Actor): Promise<HqLinkStatus> {
    const station = await signingStation(this.env);
    await inTx(this.env, async (tx) => {
      const link = await readLink(tx, station.id);
      if (link.state !== 'stopped') throw new AppError('HQ_LINK_NOT_STOPPED');
      await patchLink(tx, station.id, { state: 'running', stopCode: null, stopDetail: null, stopBatchId: null, stoppedAt: null, attempts: 0, nextAttemptAt: null, resendFrom: null });
      await audit(tx, this.env, actor, { action: 'hq.link-resumed', subjectType: 'batch', subjectId: link.stopBatchId ?? '', details: { code: link.stopCode } });
    });
    log.info('link resumed by a supervisor');
    this.settingsChanged();
    this.emit();
    return this.status();
  }

  /** One pass, for tests and the timer: sends what is due until nothing is left, or it goes offline or stops. */
  runOnce(): Promise<void> {
    const p = this.pass();
    this.running = p.catch(() => undefined);
    return p;
  }

  private async pass(): Promise<void> {
    const config = await readHqLinkConfig(this.env.db);
    if (!config) return this.setLive({ state: 'not-configured', reason: null, detail: null });
    if (this.live.state === 'not-configured') this.setLive(UNKNOWN);
    if (!(await thisStation(this.env)) || !this.env.keys.readSealed('station-signing-key')) return;
    const station = await signingStation(this.env);
    const link = await readLink(this.env.db, station.id);
    if (link.state === 'stopped') return;
    const force = this.force;
    this.force = false;
    const wait = link.nextAttemptAt ? new Date(link.nextAttemptAt).getTime() - this.env.clock.now().getTime() : 0;
    if (!force && wait > 0) {
      this.nextDelay = Math.min(this.interval, wait);
      return;
    }
    await cutBatches(this.env, SYSTEM_ACTOR, station, undefined, LIVE_BATCH_MAX_ENTRIES);
    await this.push(station, config, this.clientFor(config));
    // The registry follows every pass that reached headquarters (each acknowledged push, and the interval's probe).
    if (this.live.state === 'online' && !this.stopping) await pullRegistry(this.env, this.clientFor(config), station);
  }

  private async push(station: Station, config: HqLinkConfig, client: HqClient): Promise<void> {
    let gaps = 0;
    for (;;) {
      if (this.stopping) return;
      const link = await readLink(this.env.db, station.id);
      const batch = await this.nextBatch(station.id, link.resendFrom);
      if (!batch) {
        if (this.live.state !== 'online') await this.probe(client, station.id, link.attempts);
        return;
      }
      const body = await bodyOf(this.env.db, station, batch);
      const res = await client.request({
        method: 'POST',
        path: LINK_PATHS.batches,
        body: JSON.stringify({ manifest: batch.manifest, signature: batch.signature, body }),
        timeoutMs: this.timeout,
        maxResponseBytes: 64 * 1024,
      });
      const step = interpretPush(res, batch, config.hqKeyDer);
      if (step.kind === 'retry') return this.offline(station.id, link.attempts, step.reason, step.detail);
      if (step.kind === 'stop') return this.halt(station.id, step.code, step.detail, batch.batchId);
      const contact: LinkPatch = { attempts: 0, nextAttemptAt: null, lastContactAt: this.env.clock.now().toISOString() };
      if (step.kind === 'gap') {
        // A gap answered again and again (histories that cannot meet) stops rather than loops.
        const from = ++gaps > 3 ? null : await this.resendPoint(station.id, batch, step.expected);
        if (from === null) return this.halt(station.id, gaps <= 3 && step.expected > batch.firstSeq ? 'HQ_AHEAD' : 'SEQUENCE_GAP', step.detail, batch.batchId);
        log.warn(`headquarters expects sequence ${step.expected}: sending again from there`);
        await inTx(this.env, (tx) => patchLink(tx, station.id, { ...contact, resendFrom: from }));
      } else {
        try {
          await settleAck(this.env, SYSTEM_ACTOR, step.ack);
        } catch (e) {
          if (isAppError(e) && e.code.startsWith('ACK_')) return this.halt(station.id, 'ACK_MISMATCH', e.code, batch.batchId);
          throw e;
        }
        gaps = 0;
        await inTx(this.env, (tx) => patchLink(tx, station.id, { ...contact, resendFrom: link.resendFrom === null ? null : batch.lastSeq + 1 }));
      }
      this.setLive({ state: 'online', reason: null, detail: null });
      this.emit();
    }
  }

  /** After a gap the batches from `resendFrom` go again (acknowledged or not), then the unacknowledged ones. */
  private async nextBatch(stationId: number, resendFrom: number | null): Promise<BatchRecord | undefined> {
    if (resendFrom !== null) {
      const again = await batchAt(this.env.db, stationId, 'first', resendFrom);
      if (again) return again;
      await inTx(this.env, (tx) => patchLink(tx, stationId, { resendFrom: null }));
    }
    return firstUnacked(this.env.db, stationId);
  }

  /**
   * Where to resend from when headquarters expects `expected` after `sent`: behind — the batch that
   * starts there; ahead — the batch that ends just before it (headquarters holds it and answers
   * `already` with its acknowledgement). Null when this station has no such batch: headquarters
   * holds a history this station does not (HQ_AHEAD).
   */
  private async resendPoint(stationId: number, sent: BatchRecord, expected: number): Promise<number | null> {
    if (expected < sent.firstSeq) return (await batchAt(this.env.db, stationId, 'first', expected))?.firstSeq ?? null;
    if (expected > sent.firstSeq) return (await batchAt(this.env.db, stationId, 'last', expected - 1))?.firstSeq ?? null;
    return null;
  }

  /** Nothing to send: is headquarters there? Any HTTP answer over the pinned TLS says so. */
  private async probe(client: HqClient, stationId: number, attempts: number): Promise<void> {
    const res = await client.request({ method: 'GET', path: LINK_PATHS.batches, timeoutMs: this.timeout, maxResponseBytes: 64 * 1024 });
    if (!res.ok) return this.offline(stationId, attempts, res.kind === 'too-large' ? 'server' : res.kind, res.reason);
    if (res.status >= 500) return this.offline(stationId, attempts, 'server', `HTTP ${res.status}`);
    await inTx(this.env, (tx) => patchLink(tx, stationId, { attempts: 0, nextAttemptAt: null, lastContactAt: this.env.clock.now().toISOString() }));
    this.setLive({ state: 'online', reason: null, detail: null });
  }

  private async offline(stationId: number, attempts: number, reason: HqOfflineReason, detail: string): Promise<void> {
    const n = attempts + 1;
    const delay = this.backoffMs(n);
    this.nextDelay = delay;
    const next = new Date(this.env.clock.now().getTime() + delay).toISOString();
    await inTx(this.env, (tx) => patchLink(tx, stationId, { attempts: n, nextAttemptAt: next }));
    if (this.live.state !== 'offline') log.warn(`headquarters unreachable (${reason}: ${detail}); retrying with backoff`);
    this.setLive({ state: 'offline', reason, detail });
  }

  /** The red alarm: the link stops and stays stopped (also across restarts) until a supervisor resumes it. */
  private async halt(stationId: number, code: HqLinkStopCode, detail: string, batchId: string): Promise<void> {
    await inTx(this.env, async (tx) => {
      await patchLink(tx, stationId, { state: 'stopped', stopCode: code, stopDetail: detail.slice(0, 500), stopBatchId: batchId, stoppedAt: this.env.clock.now().toISOString() });
      await audit(tx, this.env, SYSTEM_ACTOR, { action: 'hq.link-stopped', subjectType: 'batch', subjectId: batchId, details: { code } });
    });
    log.error(`link stopped: headquarters refused batch ${batchId} (${code}); a supervisor must look into it and resume`);
    this.setLive(UNKNOWN);
    this.emit();
  }
}
