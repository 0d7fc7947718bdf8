/**
 * A batch of the journal (JOURNAL-FORMAT.md): a JSON Lines body of consecutive entries of one
 * station, a manifest naming and hashing it (and the previous batch's manifest: a hash chain),
 * and a signature over the manifest bytes. Hashing and signing happen in the callers
 * (node:crypto); this file only fixes shapes, names and bytes.
 */
import { z } from 'zod';
import { canonicalJson, isCanonicalJsonText } from './canonical-json';
import { isJournalEntry } from './entry-check';
import { type JournalEntry, parseJournalEntry } from './entry.schema';
import { BranchCode, Hex64, Seq, StationNumber, UtcTime } from './primitives.schema';

export const BATCH_FORMAT = 'branch-journal/1';
export const ACK_FORMAT = 'hq-ack/1';
/** Export splits bigger ranges; headquarters refuses bigger batches (OVERSIZED). */
export const MAX_BATCH_BYTES = 16 * 1024 * 1024;
export const MAX_BATCH_ENTRIES = 50_000;


export const BatchManifestSchema = z
  .object({
    format: z.literal(BATCH_FORMAT),
    batchId: z.string().max(64),
    branch: BranchCode,
    station: StationNumber,
    firstSeq: Seq,
    lastSeq: Seq,
    count: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    bodySha256: Hex64,
    prevManifestSha256: Hex64.nullable(),
    schemaVersion: z.string().min(1).max(100),
    createdAt: UtcTime,
  })
  .strict()
  .refine((m) => m.lastSeq >= m.firstSeq, { message: 'lastSeq is before firstSeq', path: ['lastSeq'] })
  .refine((m) => m.batchId === batchIdOf(m), { message: 'batchId does not match branch, station and range', path: ['batchId'] });
export type BatchManifest = z.infer<typeof BatchManifestSchema>;

export const AckSchema = z
  .object({
    format: z.literal(ACK_FORMAT),
    branch: BranchCode,
    station: StationNumber,
    batchId: z.string().max(64),
    lastSeq: Seq,
    manifestSha256: Hex64,
    ackedAt: UtcTime,
  })
  .strict();
export type Ack = z.infer<typeof AckSchema>;

const pad2 = (station: number) => String(station).padStart(2, '0');

/** `<branch>-<station 2 digits>-<firstSeq>-<lastSeq>`. */
export function batchIdOf(m: { branch: string; station: number; firstSeq: number; lastSeq: number }): string {
  return `${m.branch}-${pad2(m.station)}-${m.firstSeq}-${m.lastSeq}`;
}

/** The three files of a batch, in the folder the batch is written to. */
export function batchFileNames(batchId: string): { body: string; manifest: string; signature: string } {
  return { body: `${batchId}.jsonl`, manifest: `${batchId}.manifest.json`, signature: `${batchId}.sig` };
}

const MANIFEST_FILE = /^([0-9]{4})-([0-9]{2})-([1-9][0-9]{0,15})-([1-9][0-9]{0,15})\.manifest\.json$/;

/** The batch id of a manifest file name, or null for any other name. A folder is read by its
 * manifests; the body and signature are found from the id. */
export function batchIdFromManifestFile(fileName: string): string | null {
  const m = MANIFEST_FILE.exec(fileName);
  return m ? `${m[1]}-${m[2]}-${m[3]}-${m[4]}` : null;
}

/** `ack-<branch>-<dd>-<lastSeq>.json`. */
export function ackFileName(ack: { branch: string; station: number; lastSeq: number }): string {
  return `ack-${ack.branch}-${pad2(ack.station)}-${ack.lastSeq}.json`;
}

/** The exact bytes (as text) of a manifest file and of an acknowledgement file. */
export const manifestText = (m: BatchManifest): string => canonicalJson(m);
export const ackText = (a: Ack): string => canonicalJson(a);

/** The body: one canonical entry per line, each line ending in "\n". */
export function formatJournalBody(entries: readonly JournalEntry[]): string {
  let out = '';
  for (const e of entries) out += `${canonicalJson(e)}\n`;
  return out;
}

export type BodyParse = { ok: true; entries: JournalEntry[]; lines: string[] } | { ok: false; line: number; problem: string };

export type LineParse = { ok: true; entry: JournalEntry } | { ok: false; problem: string };

/**
 * Parses one line of a body: an entry that passes its schema AND is written exactly as
 * `canonicalJson` writes it (so there is one byte form per entry). The hand-written check decides
 * (zod is only asked why, when it refuses); never throws.
 */
export function parseJournalLine(line: string): LineParse {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { ok: false, problem: 'not JSON' };
  }
  if (!isJournalEntry(value)) {
    const parsed = parseJournalEntry(value);
    if (!parsed.ok) return parsed;
  }
  // The schemas are strict and transform nothing, so the entry is the parsed value itself.
  if (!isCanonicalJsonText(line, value)) return { ok: false, problem: 'not in canonical form' };
  return { ok: true, entry: value as JournalEntry };
}

/**
 * Parses a body: each line as `parseJournalLine`, the last line ending in "\n". Survives any
 * text: a problem is returned with its 1-based line, never thrown. The lines come back too: each
 * is exactly `canonicalJson` of its entry.
 */
export function parseJournalBody(text: string): BodyParse {
  if (text.length === 0) return { ok: true, entries: [], lines: [] };
  if (!text.endsWith('\n')) return { ok: false, line: text.split('\n').length, problem: 'the body does not end with a newline' };
  const lines = text.slice(0, -1).split('\n');
  const entries: JournalEntry[] = [];
  for (let i = 0; i < lines.length; i++) {
    const parsed = parseJournalLine(lines[i] as string);
    if (!parsed.ok) return { ok: false, line: i + 1, problem: parsed.problem };
    entries.push(parsed.entry);
  }
  return { ok: true, entries, lines };
}

/** Parses JSON text with a schema; the text must also be canonical (the bytes that were signed).
 * Never throws. */
export function parseCanonical<T>(schema: z.ZodType<T>, text: string): { ok: true; value: T } | { ok: false; problem: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'not JSON' };
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, problem: `${issue?.path.join('.') || 'value'}: ${issue?.message ?? 'invalid'}` };
  }
  if (canonicalJson(parsed.data) !== text) return { ok: false, problem: 'not in canonical form' };
  return { ok: true, value: parsed.data };
}

/** A manifest file's text → the manifest, or why not (never throws). */
export const parseManifestText = (text: string) => parseCanonical(BatchManifestSchema, text);
/** An acknowledgement file's text → the ack, or why not (never throws). */
export const parseAckText = (text: string) => parseCanonical(AckSchema, text);
