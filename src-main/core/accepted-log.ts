import { closeSync, existsSync, fdatasync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import path from 'node:path';

/** One line: `s1 <reference> <provider id or ->`; references and provider ids have no spaces. */
const LINE = /^s1 (\S{1,80}) (\S{1,80})$/;
/** Rewrite the file once it holds this many lines more than the messages still unrecorded. */
const COMPACT_AFTER = 4096;
/** After a failed sync, try again this much later (the lines stay counted as not durable meanwhile). */
const RETRY_SYNC_MS = 100;

/**
 * BR-4, at-least-once without a commit per answer: every message the gateway accepted is written
 * here the moment its answer arrives (one `write`), before the outbox records it in the database
 * with the next group commit. A killed app loses nothing the kernel already has, so at the next
 * start those messages are recorded as sent instead of being sent again: a crash repeats only what
 * was still waiting for the gateway's answer. For a power cut the lines are made durable by a
 * group `fdatasync` in the background (`sync`: one at a time, covering every line written before
 * it starts); `unsynced()` counts the acceptances neither synced nor recorded by the database —
 * what a power cut could lose and send again — and the dispatcher bounds it.
 * The file holds references and provider ids only — never a text or a number.
 */
export class AcceptedLog {
  private fd: number | null = null;
  /** Lines in the file (reference → provider id), as written. */
  private readonly lines = new Map<string, string | null>();
  /** Written since the last sync started, and not recorded by the database yet. */
  private pending = new Set<string>();
  /** Covered by the sync in progress (null: none in progress), and not recorded yet. */
  private syncing: Set<string> | null = null;
  /** Bumped when the file is replaced or closed: a sync of the old descriptor then counts for nothing. */
  private generation = 0;
  private retry: NodeJS.Timeout | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly file: string) {
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
    return this.pending.size + (this.syncing?.size ?? 0);
  }

  /** Calls `fn` whenever a sync has made lines durable; returns the unsubscribe. */
  onSynced(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /**
   * Starts an fdatasync in the background, covering every line written before it, when none is in
   * progress and at least `atLeast` lines wait for one; `onSynced` listeners hear when it is done.
   */
  sync(atLeast = 1): void {
    if (this.syncing || this.retry || this.fd === null || this.pending.size < Math.max(1, atLeast)) return;
    const covered = this.pending;
    this.pending = new Set();
    this.syncing = covered;
    const generation = this.generation;
    fdatasync(this.fd, (err) => {
      if (generation !== this.generation) return; // replaced or closed meanwhile (see keepOnly, close)
      this.syncing = null;
      if (err) {
        for (const ref of covered) this.pending.add(ref);
        this.retry = setTimeout(() => {
          this.retry = null;
          this.sync();
        }, RETRY_SYNC_MS);
        this.retry.unref();
        return;
      }
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
    if (this.syncing) for (const ref of this.syncing) if (!keep.has(ref)) this.syncing.delete(ref);
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
    this.syncing = null;
  }

  close(): void {
    this.generation++;
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    if (this.syncing) for (const ref of this.syncing) this.pending.add(ref);
    this.syncing = null;
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
