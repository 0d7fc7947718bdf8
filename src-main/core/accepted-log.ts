import { closeSync, existsSync, fdatasync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import path from 'node:path';

/** One line: `s1 <reference> <provider id or ->`; references and provider ids have no spaces. */
const LINE = /^s1 (\S{1,80}) (\S{1,80})$/;
/** Rewrite the file once it holds this many lines more than the messages still unrecorded. */
const COMPACT_AFTER = 4096;
/** After a failed sync, try again this much later (the lines stay counted as not durable meanwhile). */
const RETRY_SYNC_MS = 100;
/**
 * Syncs in flight at once: a second one started while the first waits on the disk covers the lines
 * written since (measured on this project's 2-core VM: 1.6× the syncs a second with two in flight,
 * each 0.05 ms slower).
 */
const SYNCS_IN_FLIGHT = 2;

/**
 * BR-4, at-least-once without a commit per answer: every message the gateway accepted is written
 * here the moment its answer arrives (one `write`), before the outbox records it in the database
 * with the next group commit. A killed app loses nothing the kernel already has, so at the next
 * start those messages are recorded as sent instead of being sent again: a crash repeats only what
 * was still waiting for the gateway's answer. For a power cut the lines are made durable by a
 * group `fdatasync` in the background (`sync`: at most two at a time, each covering every line
 * written before it starts — so one that ends covers those started before it too); `unsynced()`
 * counts the acceptances neither synced nor recorded by the database — what a power cut could
 * lose and send again — and the dispatcher bounds it.
 * The file holds references and provider ids only — never a text or a number.
 */
export class AcceptedLog {
  private fd: number | null = null;
  /** Lines in the file (reference → provider id), as written. */
  private readonly lines = new Map<string, string | null>();
  /** Written since the last sync started, and not recorded by the database yet. */
  private pending = new Set<string>();
  /** Covered by each sync in progress, oldest first, and not recorded yet. */
  private syncing: Array<Set<string>> = [];
  /** Bumped when the file is replaced or closed: a sync of the old descriptor then counts for nothing. */
  private generation = 0;
  private retry: NodeJS.Timeout | null = null;
  private readonly listeners = new Set<() => void>();

  /** `datasync`: fs.fdatasync, or a stand-in that decides when each sync ends (tests). */
  constructor(
    private readonly file: string,
    private readonly datasync: (fd: number, done: (err: NodeJS.ErrnoException | null) => void) => void = fdatasync,
  ) {
    for (const [ref, id] of readAccepted(file)) this.lines.set(ref, id);
  }

  /** The gateway accepted this message. */
  accepted(reference: string, providerMessageId: string | null): void {
    this.acceptedMany([[reference, providerMessageId]]);
  }

  /** The gateway accepted these messages: their lines in one write. */
  acceptedMany(messages: ReadonlyArray<readonly [reference: string, providerMessageId: string | null]>): void {
    const written: Array<[string, string | null]> = [];
    let text = '';
    for (const [reference, providerMessageId] of messages) {
      if (!/^\S{1,80}$/.test(reference)) continue; // cannot be written back as a line: left to a resend
      const id = providerMessageId && /^\S{1,80}$/.test(providerMessageId) ? providerMessageId : null;
      text += `s1 ${reference} ${id ?? '-'}\n`;
      written.push([reference, id]);
    }
    if (text === '') return;
    this.fd ??= openSync(this.file, 'a', 0o600);
    writeSync(this.fd, text);
    for (const [reference, id] of written) {
      this.lines.set(reference, id);
      this.pending.add(reference);
    }
  }

  /** Acceptances a power cut could still lose: written, not yet synced, and not recorded by the database. */
  unsynced(): number {
    let n = this.pending.size;
    for (const covered of this.syncing) n += covered.size;
    return n;
  }

  /** Calls `fn` whenever a sync has made lines durable; returns the unsubscribe. */
  onSynced(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /**
   * Starts an fdatasync in the background, covering every line written before it, when fewer than
   * SYNCS_IN_FLIGHT are in progress and at least `atLeast` lines wait for one; `onSynced` listeners
   * hear when one is done.
   */
  sync(atLeast = 1): void {
    if (this.syncing.length >= SYNCS_IN_FLIGHT || this.retry || this.fd === null || this.pending.size < Math.max(1, atLeast)) return;
    const covered = this.pending;
    this.pending = new Set();
    this.syncing.push(covered);
    const generation = this.generation;
    this.datasync(this.fd, (err) => {
      if (generation !== this.generation) return; // replaced or closed meanwhile (see keepOnly, close)
      const at = this.syncing.indexOf(covered);
      if (err) {
        // Not durable, unless a later sync has already ended (it covered these lines too).
        if (at < 0) return;
        this.syncing.splice(at, 1);
        for (const ref of covered) this.pending.add(ref);
        this.retry = setTimeout(() => {
          this.retry = null;
          this.sync();
        }, RETRY_SYNC_MS);
        this.retry.unref();
        return;
      }
      // Every line written before this sync started is durable: the ones of syncs started earlier too.
      if (at >= 0) this.syncing.splice(0, at + 1);
      for (const fn of [...this.listeners]) fn();
    });
  }

  /** Acceptances written and not yet forgotten: reference → provider id. */
  read(): ReadonlyMap<string, string | null> {
    return this.lines;
  }

  /**
   * The database now records every message but these: their lines are all the file must keep.
   * A compaction writes and syncs the new file before it replaces the old one.
   */
  keepOnly(references: ReadonlySet<string> | Iterable<string>, force = false): void {
    const keep = references instanceof Set ? (references as ReadonlySet<string>) : new Set(references);
    for (const ref of this.pending) if (!keep.has(ref)) this.pending.delete(ref);
    for (const covered of this.syncing) for (const ref of covered) if (!keep.has(ref)) covered.delete(ref);
    if (!force && this.lines.size < keep.size + COMPACT_AFTER) return;
    for (const ref of [...this.lines.keys()]) if (!keep.has(ref)) this.lines.delete(ref);
    this.close();
    const tmp = `${this.file}.tmp`;
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeSync(fd, [...this.lines].map(([ref, id]) => `s1 ${ref} ${id ?? '-'}\n`).join(''));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.file);
    syncDir(path.dirname(this.file));
    // Every line kept is now in a synced file.
    this.pending.clear();
    this.syncing = [];
  }

  close(): void {
    this.generation++;
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    for (const covered of this.syncing) for (const ref of covered) this.pending.add(ref);
    this.syncing = [];
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
  }
}

/** The rename of a compaction reaches the disk (a no-op where folders cannot be opened, as on Windows). */
function syncDir(dir: string): void {
  let fd: number;
  try {
    fd = openSync(dir, 'r');
  } catch {
    return;
  }
  try {
    fsyncSync(fd);
  } catch {
    // Windows refuses fsync on a folder; NTFS journals the rename itself.
  } finally {
    closeSync(fd);
  }
}

/** The file's acceptances; a torn or foreign line is skipped, whatever its bytes. */
export function readAccepted(file: string): Map<string, string | null> {
  const out = new Map<string, string | null>();
  if (!existsSync(file)) return out;
  for (const line of readFileSync(file, 'latin1').split('\n')) {
    const m = LINE.exec(line);
    if (m) out.set(m[1]!, m[2] === '-' ? null : m[2]!);
  }
  return out;
}
