import { closeSync, existsSync, fdatasyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { hmacHex } from './secrets';

/**
 * The audit chain's head, anchored outside the database (issue 10 item 3): an append-only file
 * beside the keys, one line per commit that added audit entries, each line HMAC'd with a key
 * derived from the audit key. Someone holding only the database file can delete the last rows
 * and rewrite `audit_head`, but cannot remove what this file remembers nor forge a line of it.
 * Someone holding the key files too can re-chain everything: that is out of scope locally (the
 * headquarters journal anchors the chain off the machine).
 *
 * Lines are independent (no chain between lines), so two processes on one data folder (the app
 * and a command-line task) may both append: each line is one small O_APPEND write.
 */
export const ANCHOR_FILE = 'audit-anchors.log';

/** One anchored head: the chain had `lastId` entries ending in `lastHash` at `at`. */
export interface AnchoredHead {
  lastId: number;
  lastHash: string;
  at: string;
}

export type AnchorRead =
  | { state: 'none' }
  | { state: 'ok'; newest: AnchoredHead; lines: number }
  /** A complete line whose MAC does not verify: the file was edited by someone without the key. */
  | { state: 'damaged'; line: number; newest: AnchoredHead | null };

const LINE = /^a1 ([0-9]+) ([0-9a-f]{64}) (\S+) ([0-9a-f]{64})$/;

function anchorKey(auditKey: Buffer): Buffer {
  return Buffer.from(hmacHex(auditKey, 'audit-anchor-v1'), 'hex');
}

function mac(key: Buffer, h: AnchoredHead): string {
  return hmacHex(key, `a1|${h.lastId}|${h.lastHash}|${h.at}`);
}

export function anchorPath(keysDir: string): string {
  return path.join(keysDir, ANCHOR_FILE);
}

/**
 * Reads the anchor file of a keys folder (`DATA_DIR/keys`) with the audit key: the newest head it
 * vouches for (the highest entry id), or that there is none, or the first line that was tampered
 * with. A last line without its newline (a write cut by a crash) is ignored.
 */
export function readNewestAnchor(keysDir: string, auditKey: Buffer): AnchorRead {
  const file = anchorPath(keysDir);
  if (!existsSync(file)) return { state: 'none' };
  const text = readFileSync(file, 'utf8');
  const complete = text.endsWith('\n') ? text : text.slice(0, text.lastIndexOf('\n') + 1);
  const key = anchorKey(auditKey);
  let newest: AnchoredHead | null = null;
  let count = 0;
  const lines = complete.split('\n').slice(0, -1);
  for (let i = 0; i < lines.length; i++) {
    const m = LINE.exec(lines[i]!);
    const h = m ? { lastId: Number(m[1]), lastHash: m[2]!, at: m[3]! } : null;
    if (!m || !h || mac(key, h) !== m[4]) return { state: 'damaged', line: i + 1, newest };
    if (!newest || h.lastId > newest.lastId) newest = h;
    count++;
  }
  return newest ? { state: 'ok', newest, lines: count } : { state: 'none' };
}

/**
 * The writer. A line is written (one `write`, no fsync) after every commit that added audit
 * entries: `npm run bench` measures a line at ≈0.003× an audited SQLite commit (synchronous=FULL)
 * and a line with its own fdatasync at ≈0.2×. A killed process loses nothing (the kernel has the
 * write); a power cut may lose the lines since the last sync, which then reads as an anchor
 * behind the chain — never as a false alarm. The file is synced once a minute when it changed,
 * and at close.
 */
export class AnchorLog {
  private fd: number | null = null;
  private lastId: number;
  private dirty = false;
  private readonly timer: NodeJS.Timeout;
  private readonly key: Buffer;

  constructor(
    private readonly keysDir: string,
    private readonly auditKey: Buffer,
    syncEveryMs = 60_000,
  ) {
    this.key = anchorKey(auditKey);
    const read = readNewestAnchor(keysDir, auditKey);
    this.lastId = read.state === 'none' ? 0 : (read.newest?.lastId ?? 0);
    this.timer = setInterval(() => this.sync(), syncEveryMs);
    this.timer.unref();
  }

  /** What the file vouches for now (see `readNewestAnchor`). */
  read(): AnchorRead {
    return readNewestAnchor(this.keysDir, this.auditKey);
  }

  /** Anchors a head that has committed; a head not newer than the last one written is skipped. */
  record(head: { id: number; hash: string }, at: Date): void {
    if (head.id <= this.lastId) return;
    const h: AnchoredHead = { lastId: head.id, lastHash: head.hash, at: at.toISOString() };
    this.fd ??= openSync(anchorPath(this.keysDir), 'a', 0o600);
    writeSync(this.fd, `a1 ${h.lastId} ${h.lastHash} ${h.at} ${mac(this.key, h)}\n`);
    this.lastId = head.id;
    this.dirty = true;
  }

  sync(): void {
    if (this.fd !== null && this.dirty) {
      fdatasyncSync(this.fd);
      this.dirty = false;
    }
  }

  close(): void {
    clearInterval(this.timer);
    this.sync();
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}
