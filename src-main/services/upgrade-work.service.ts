import { logger } from '../core/log';
import { upgradeWorkBatch, upgradeWorkLeft, type DeferredProgress } from '../db/deferred-upgrade.repo';
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

const percentOf = (p: DeferredProgress): number => (p.total <= 0 ? 100 : Math.min(100, Math.floor((p.done * 100) / p.total)));

/**
 * Issue 11 item 3: the first start after an upgrade does not wait for the row work of the
 * migrations; this job does it once the app serves the counters, one short transaction per batch
 * (on SQLite a counter's call waits at most one batch), showing its progress in the status bar and
 * the log. Its state is in the database, so a crash or a kill only loses the batch in flight, and
 * the next start (of any counter on a shared PostgreSQL) carries on.
 */
export class UpgradeWork {
  private left: DeferredProgress | null = null;
  private stopping = false;
  private loop: Promise<void> = Promise.resolve();
  private readonly listeners: Array<() => void> = [];

  constructor(
    private readonly env: ServiceEnv,
    private readonly opts: UpgradeWorkOptions = {},
  ) {}

  /** Reads what is left and, if anything, starts working on it in the background. */
  async start(): Promise<void> {
    this.left = await upgradeWorkLeft(this.env.db);
    if (!this.left) return;
    log.info(`database update continues in the background: ${percentOf(this.left)}% done (${this.left.total} accounts)`);
    this.loop = this.run();
  }

  status(): UpgradeWorkStatus {
    return this.left ? { pending: true, percent: percentOf(this.left) } : { pending: false, percent: 100 };
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
    await this.loop;
  }

  private async run(): Promise<void> {
    let logged = this.left ? Math.floor(percentOf(this.left) / 10) : 10;
    while (!this.stopping && this.left) {
      try {
        const before = percentOf(this.left);
        const after = await inTx(this.env, (tx) => upgradeWorkBatch(tx, this.env.clock.now(), this.opts.batch));
        this.left = after && after.done < after.total ? after : null;
        if (!this.left) {
          log.info('database update finished');
          this.env.onJournalCommitted?.();
        } else if (Math.floor(percentOf(this.left) / 10) > logged) {
          logged = Math.floor(percentOf(this.left) / 10);
          log.info(`database update in the background: ${percentOf(this.left)}%`);
        }
        if (!this.left || percentOf(this.left) !== before) this.listeners.forEach((l) => l());
        // Calls that queued for the connection during the batch go first.
        await new Promise((r) => setImmediate(r));
      } catch (e) {
        if (this.stopping) break;
        log.error('database update batch failed; trying again', e instanceof Error ? e.message : String(e));
        await new Promise((r) => setTimeout(r, this.opts.retryMs ?? 5_000).unref());
      }
    }
  }
}
