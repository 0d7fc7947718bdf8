import { closeSync, existsSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';

/** One line: `s1 <reference> <provider id or ->`; references and provider ids have no spaces. */
const LINE = /^s1 (\S{1,80}) (\S{1,80})$/;
/** Rewrite the file once it holds this many lines more than the messages still unrecorded. */
const COMPACT_AFTER = 512;

/**
 * BR-4, at-least-once without a commit per answer: every message the gateway accepted is written
 * here the moment its answer arrives (one `write`, no fsync), before the outbox records it in the
 * database with the next group commit. A killed app loses nothing the kernel already has, so at
 * the next start those messages are recorded as sent instead of being sent again: a crash repeats
 * only what was still waiting for the gateway's answer. A power cut may lose the lines since the
 * last commit; those messages go again (the dispatcher bounds how many wait to be recorded).
 * The file holds references and provider ids only — never a text or a number.
 */
export class AcceptedLog {
  private fd: number | null = null;
  /** Lines in the file (reference → provider id), as written. */
  private readonly lines = new Map<string, string | null>();

  constructor(private readonly file: string) {
    for (const [ref, id] of readAccepted(file)) this.lines.set(ref, id);
  }

  /** The gateway accepted this message. */
  accepted(reference: string, providerMessageId: string | null): void {
    if (!/^\S{1,80}$/.test(reference)) return; // cannot be written back as a line: left to a resend
    const id = providerMessageId && /^\S{1,80}$/.test(providerMessageId) ? providerMessageId : null;
    this.fd ??= openSync(this.file, 'a', 0o600);
    writeSync(this.fd, `s1 ${reference} ${id ?? '-'}\n`);
    this.lines.set(reference, id);
  }

  /** Acceptances written and not yet forgotten: reference → provider id. */
  read(): ReadonlyMap<string, string | null> {
    return this.lines;
  }

  /** The database now records every message but these: their lines are all the file must keep. */
  keepOnly(references: Iterable<string>, force = false): void {
    const keep = new Set(references);
    if (!force && this.lines.size < keep.size + COMPACT_AFTER) return;
    for (const ref of [...this.lines.keys()]) if (!keep.has(ref)) this.lines.delete(ref);
    this.close();
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, [...this.lines].map(([ref, id]) => `s1 ${ref} ${id ?? '-'}\n`).join(''), { mode: 0o600 });
    renameSync(tmp, this.file);
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
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
