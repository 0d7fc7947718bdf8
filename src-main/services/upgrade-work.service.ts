import { logger } from '../core/log';
import { refreshAccountStatistics, SURNAME_KEYS_KEY, upgradeWorkBatch, upgradeWorkLeft, type DeferredProgress, type WorkKey } from '../db/deferred-upgrade.repo';
import { inTx, type ServiceEnv } from './env';

const log = logger('upgrade-work');

/** The status bar's line: whether the upgrade still works in the background, and how far it is. */
export interface UpgradeWorkStatus {
  pending: boolean;
  percent: number;
}

export interface UpgradeWorkOptions {
  /** Accounts per batch (one transaction each); the default keeps each a few tens of milliseconds. */
  batch?: number;
  /** Wait after a failed batch before the next try. */
  retryMs?: number;
}

/**
 * Issue 11 item 3: the first start after an upgrade does not wait for the row work of the
 * migrations; this job does it once the app serves the counters, one short transaction per batch
 * (on SQLite a counter's call waits at most one batch), showing its progress in the status bar and
 * the log. Its state is in the database, so a crash or a kill only loses the batch in flight, and
 * the next start (of any counter on a shared PostgreSQL) carries on.
 */
export class UpgradeWork {
  /** Accounts' worth of work left, and what there was when this process found it. */
  private left = 0;
  private base = 0;
  private pending: DeferredProgress['pending'] = [];
  private stopping = false;
  /** Ends the wait after a failed batch at once when the app stops. */
  private wake: () => void = () => {};
  private loop: Promise<void> = Promise.resolve();
  private readonly listeners: Array<() => void> = [];

  constructor(
    private readonly env: ServiceEnv,
    private readonly opts: UpgradeWorkOptions = {},
  ) {}

  /** Reads what is left and, if anything, starts working on it in the background. */
  async start(): Promise<void> {
    const p = await upgradeWorkLeft(this.env.db);
    if (!p) return;
    this.track(p);
    this.base = p.total;
    log.info(`database update continues in the background: ${this.percent()}% done (${p.pending.join(', ')})`);
    this.loop = this.run();
  }

  status(): UpgradeWorkStatus {
    return this.pending.length > 0 ? { pending: true, percent: this.percent() } : { pending: false, percent: 100 };
  }

  onChange(fn: () => void): void {
    this.listeners.push(fn);
  }

  /** Resolves when the work is finished (or stopped). */
  whenIdle(): Promise<void> {
    return this.loop;
  }

  /** Lets the batch in flight commit, then stops; the next start carries on from there. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake();
    await this.loop;
  }

  private percent(): number {
    return this.base <= 0 ? 100 : Math.min(100, Math.floor(((this.base - this.left) * 100) / this.base));
  }

  private track(p: DeferredProgress | null): void {
    this.left = p ? p.total - p.done : 0;
    this.pending = p && p.done < p.total ? p.pending : [];
  }

  /** A finished piece, or every fifth of the surname keys: statistics, so the planner sees the column filled. */
  private async afterBatch(worked: WorkKey, before: number): Promise<void> {
    const surnamesDone = !this.pending.includes(SURNAME_KEYS_KEY);
    if (worked === SURNAME_KEYS_KEY && (surnamesDone || Math.floor(this.percent() / 20) > Math.floor(before / 20))) {
      await refreshAccountStatistics(this.env.db, surnamesDone);
      if (surnamesDone) log.info('surname search keys filled');
    }
  }

  private async run(): Promise<void> {
    let logged = Math.floor(this.percent() / 10);
    while (!this.stopping && this.pending.length > 0) {
      try {
        const before = this.percent();
        const r = await inTx(this.env, (tx) => upgradeWorkBatch(tx, this.env.clock.now(), this.opts.batch));
        this.track(r?.progress ?? null);
        if (r) await this.afterBatch(r.worked, before);
        if (this.pending.length === 0) {
          log.info('database update finished');
          this.env.onJournalCommitted?.();
        } else if (Math.floor(this.percent() / 10) > logged) {
          logged = Math.floor(this.percent() / 10);
          log.info(`database update in the background: ${this.percent()}%`);
        }
        if (this.pending.length === 0 || this.percent() !== before) this.listeners.forEach((l) => l());
        // Calls that queued for the connection during the batch go first.
        await new Promise((r) => setImmediate(r));
      } catch (e) {
        if (this.stopping) break;
        log.error('database update batch failed; trying again', e instanceof Error ? e.message : String(e));
        await new Promise<void>((r) => {
          const timer = setTimeout(r, this.opts.retryMs ?? 5_000);
          this.wake = () => {
            clearTimeout(timer);
            r();
          };
        });
      }
    }
  }
}
