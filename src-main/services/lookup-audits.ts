import { logger } from '../core/log';
import type { AuditItem } from './audit.service';

const log = logger('lookup-audits');

export interface LookupAuditLimits {
  /** A waiting entry is committed at most this long after its lookup was answered. */
  flushMs: number;
  /** This many waiting entries start a commit at once (a burst of lookups). */
  batch: number;
  /**
   * At most this many entries wait: a lookup that would make more waits for the commit before it
   * is answered (the bound on what a power cut or a killed process can lose).
   */
  maxPending: number;
}

export const LOOKUP_AUDIT_LIMITS: LookupAuditLimits = { flushMs: 250, batch: 500, maxPending: 2000 };

/**
 * Issue 11 item 4: the audit entries of searches, group-committed. A search answers from one read
 * and queues its entry here (no commit of its own, so no fsync in the clerk's wait); the entries
 * are chained and committed together by one transaction at most `flushMs` later, or as soon as
 * `batch` are waiting, and at close. Changes are never queued: their entries stay in their own
 * transaction. What a power cut (or a killed process) can lose is bounded: the entries of the
 * searches answered in the last `flushMs` (plus the commit in progress), never more than
 * `maxPending`. The chain and its anchors stay exact: the entries get their ids and hashes in the
 * committing transaction, and the anchor line is written after that commit, like any other.
 */
export class LookupAudits {
  private pending: AuditItem[] = [];
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private closed = false;

  constructor(
    /** Commits entries in one transaction (services/env `auditItems` inside `inTx`). */
    private readonly commit: (items: AuditItem[]) => Promise<void>,
    private readonly limits: LookupAuditLimits = LOOKUP_AUDIT_LIMITS,
  ) {}

  /** Entries waiting for their commit. */
  get waiting(): number {
    return this.pending.length;
  }

  /**
   * Queues a lookup's entry. Resolves at once, unless `maxPending` entries already wait: then
   * only after they (this one included) are committed; if that commit fails, this entry is
   * withdrawn and the error thrown, so the lookup is refused rather than answered unaudited.
   */
  async add(item: AuditItem): Promise<void> {
    if (this.closed) return this.commit([item]);
    this.pending.push(item);
    if (this.pending.length >= this.limits.maxPending) {
      try {
        await this.flush();
      } catch (e) {
        const i = this.pending.indexOf(item);
        if (i >= 0) this.pending.splice(i, 1);
        throw e;
      }
    } else if (this.pending.length >= this.limits.batch) this.flushSoon(0);
    else this.flushSoon(this.limits.flushMs);
  }

  /** Commits every entry waiting now (and waits for a commit already running). */
  async flush(): Promise<void> {
    while (this.running) await this.running.catch(() => undefined);
    if (this.pending.length === 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const items = this.pending.splice(0);
    this.running = this.commit(items)
      .catch((e: unknown) => {
        // Kept, in order, ahead of newer ones; the next flush tries again.
        this.pending.unshift(...items);
        this.flushSoon(this.limits.flushMs);
        throw e;
      })
      .finally(() => (this.running = null));
    return this.running;
  }

  /** At shutdown, before the database closes: everything waiting is committed; later entries commit one by one. */
  async close(): Promise<void> {
    this.closed = true;
    try {
      await this.flush();
    } catch (e) {
      log.error(`${this.pending.length} search audit entries not written at close`, e instanceof Error ? e.message : String(e));
    } finally {
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
    }
  }

  private flushSoon(ms: number): void {
    if (this.timer && ms > 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush().catch((e: unknown) => log.error('search audit entries not written yet, will retry', e instanceof Error ? e.message : String(e)));
    }, ms);
    this.timer.unref();
  }
}
