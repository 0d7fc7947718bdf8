/**
 * The checks of one batch that need no lock: the station's signature over the manifest bytes, the
 * body's SHA-256, the count, and the entries themselves. Whatever fails throws a BatchRefused.
 */
import { createHash, createPublicKey, verify } from 'node:crypto';
import { isUtf8 } from 'node:buffer';
import { type AuditAnchor, type BatchManifest, type JournalEntry, MAX_BATCH_ENTRIES, parseJournalLine } from '../../shared/journal';
import { refuse } from './refusal';

export const sha256Hex = (bytes: Buffer | string): string => createHash('sha256').update(bytes).digest('hex');

const BASE64_LINE = /^[A-Za-z0-9+/]+={0,2}\r?\n?$/;

/** OVERSIZED from what the manifest claims, before the body is read. */
export function checkClaimedSize(m: BatchManifest): void {
  const span = m.lastSeq - m.firstSeq + 1;
  if (m.count > MAX_BATCH_ENTRIES || span > MAX_BATCH_ENTRIES) {
    refuse('OVERSIZED', `the batch holds ${Math.max(m.count, span)} entries; at most ${MAX_BATCH_ENTRIES} are accepted`);
  }
}

export function checkSignature(manifestBytes: Buffer, signatureText: string, publicKeyBase64: string): void {
  if (!BASE64_LINE.test(signatureText)) refuse('BAD_SIGNATURE', 'the signature file is not one line of base64');
  const signature = Buffer.from(signatureText.trim(), 'base64');
  const key = createPublicKey({ key: Buffer.from(publicKeyBase64, 'base64'), format: 'der', type: 'spki' });
  if (signature.length !== 64 || !verify(null, manifestBytes, key, signature)) {
    refuse('BAD_SIGNATURE', "the manifest's signature does not verify with the key registered for this station");
  }
}

/** Lines (≈2 ms of checks) and body bytes hashed between two yields: small, so that each reply of
 * the batch being applied waits at most that long for this process (see checkBody). */
const CHUNK_LINES = 200;
const CHUNK_BYTES = 512 * 1024;
const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));

function countNewlines(body: Buffer): number {
  let n = 0;
  for (let at = body.indexOf(0x0a); at !== -1; at = body.indexOf(0x0a, at + 1)) n++;
  return n;
}

/** SHA-256 of a body in pieces, yielding between them. */
async function sha256HexYielding(body: Buffer): Promise<string> {
  const hash = createHash('sha256');
  for (let at = 0; at < body.length; at += CHUNK_BYTES) {
    if (at > 0) await yieldToIo();
    hash.update(body.subarray(at, at + CHUNK_BYTES));
  }
  return hash.digest('hex');
}

/**
 * Body hash, count and entries; returns the entries in order, with their canonical lines. Hashes
 * and checks in small chunks and yields between them, so the database work of the batch before
 * goes on meanwhile: its every statement's reply is taken up within one chunk.
 */
export async function checkBody(m: BatchManifest, body: Buffer): Promise<{ entries: JournalEntry[]; lines: string[] }> {
  const actual = await sha256HexYielding(body);
  if (actual !== m.bodySha256) refuse('BODY_HASH_MISMATCH', `the body's SHA-256 is ${actual}, the manifest says ${m.bodySha256}`);
  const span = m.lastSeq - m.firstSeq + 1;
  if (m.count !== span) refuse('COUNT_MISMATCH', `the manifest counts ${m.count} entries for sequences ${m.firstSeq}–${m.lastSeq} (${span})`);
  const newlines = countNewlines(body);
  if (newlines !== m.count) refuse('COUNT_MISMATCH', `the body has ${newlines} lines, the manifest counts ${m.count}`);
  if (!isUtf8(body)) refuse('MALFORMED', 'the body is not UTF-8');
  const text = body.toString('utf8');
  // PostgreSQL text and jsonb hold neither NUL nor half a surrogate pair; canonical JSON writes
  // both only as escapes, and no real state needs them.
  if (/\\u0000|\\ud[89a-f][0-9a-f]{2}/i.test(text)) refuse('MALFORMED', 'the body holds a NUL or an unpaired surrogate escape');
  if (!text.endsWith('\n') && text.length > 0) refuse('MALFORMED', 'the body does not end with a newline');
  const lines = text.length === 0 ? [] : text.slice(0, -1).split('\n');
  const entries: JournalEntry[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (i > 0 && i % CHUNK_LINES === 0) await yieldToIo();
    const parsed = parseJournalLine(lines[i] as string);
    if (!parsed.ok) return refuse('MALFORMED', `body line ${i + 1}: ${parsed.problem}`);
    const e = parsed.entry;
    if (e.seq !== m.firstSeq + i) refuse('MALFORMED', `body line ${i + 1} has sequence ${e.seq}, expected ${m.firstSeq + i}`);
    if (e.branch !== m.branch || e.station !== m.station) {
      refuse('MALFORMED', `body line ${i + 1} belongs to branch ${e.branch} station ${e.station}, not to this batch's`);
    }
    entries.push(e);
  }
  return { entries, lines };
}

/**
 * The audit anchors must extend the last one headquarters saw from this station: ids never go
 * back, and an id seen before keeps its hash. Returns the batch's last anchor (or the old one).
 */
export function checkAnchors(last: AuditAnchor, entries: readonly JournalEntry[]): AuditAnchor {
  let head = last;
  for (const e of entries) {
    const a = e.audit;
    if (!a) continue;
    if (head && a.id < head.id) {
      refuse('AUDIT_ANCHOR_BACKWARDS', `entry ${e.seq} is anchored at audit entry ${a.id}, after audit entry ${head.id} was seen`);
    }
    if (head && a.id === head.id && a.hash !== head.hash) {
      refuse('AUDIT_ANCHOR_BACKWARDS', `entry ${e.seq} gives audit entry ${a.id} another hash than before: the chain was rewritten`);
    }
    head = a;
  }
  return head;
}
