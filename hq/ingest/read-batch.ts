/**
 * Where a batch comes from: a folder (three files, read bounded: a file larger than a batch may
 * be is refused from its size, and one that is not a regular file from its type, before a byte of
 * it is read) or a POST of the live link (already in memory). Both give the same bytes to the same
 * checks (ingest.service's prepareBatch).
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { type BatchManifest, type BatchPost, MAX_BATCH_BYTES, batchFileNames, parseManifestText } from '../../shared/journal';
import { refuse } from './refusal';

/** A manifest is a few hundred bytes; a signature line under a hundred. */
const MAX_MANIFEST_BYTES = 16 * 1024;
const MAX_SIGNATURE_BYTES = 1024;

/** One batch's bytes, read in two steps: the manifest (which names the station) first, the rest
 * only once the station is known. Each step throws BatchRefused for what is not a batch. */
export interface BatchSource {
  /** Known before reading for a folder (from the file name); null for a POST. */
  batchId: string | null;
  manifest(): { manifest: BatchManifest; manifestBytes: Buffer };
  bodyAndSignature(): { body: Buffer; signatureText: string };
}

const errnoOf = (e: unknown): string => (e as NodeJS.ErrnoException).code ?? 'an error';

/**
 * The file's bytes; null when it does not exist; `tooBig()` when it is larger than `max`. Anything
 * but a regular file (a directory, a FIFO, a device, a symlink loop) or a file that cannot be read
 * is refused MALFORMED, so the folder's other batches go on. Opened non-blocking and checked with
 * fstat before a byte is read: a FIFO never blocks the process waiting for a writer.
 */
function readBounded(file: string, max: number, tooBig: (size: number) => never): Buffer | null {
  const name = path.basename(file);
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    if (errnoOf(e) === 'ENOENT') return null;
    return refuse('MALFORMED', `${name} cannot be opened (${errnoOf(e)})`);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return refuse('MALFORMED', `${name} is not a regular file`);
    if (stat.size > max) tooBig(stat.size);
    const buf = Buffer.alloc(stat.size);
    let off = 0;
    try {
      while (off < stat.size) {
        const n = readSync(fd, buf, off, stat.size - off, off);
        if (n === 0) break;
        off += n;
      }
    } catch (e) {
      return refuse('MALFORMED', `${name} cannot be read (${errnoOf(e)})`);
    }
    return buf.subarray(0, off);
  } finally {
    closeSync(fd);
  }
}

const manifestTooBig = (size: number): never => refuse('MALFORMED', `the manifest is ${size} bytes; a manifest is under ${MAX_MANIFEST_BYTES}`);
const bodyTooBig = (size: number): never => refuse('OVERSIZED', `the body is ${size} bytes; at most ${MAX_BATCH_BYTES} are accepted`);
const signatureTooBig = (): never => refuse('BAD_SIGNATURE', 'the signature is far larger than a signature');

/** The manifest's bytes → the manifest, refusing what is not one (or names another batch). */
function parseManifestBytes(bytes: Buffer, batchId: string | null): { manifest: BatchManifest; manifestBytes: Buffer } {
  if (bytes.length > MAX_MANIFEST_BYTES) manifestTooBig(bytes.length);
  const text = bytes.toString('utf8');
  if (!Buffer.from(text, 'utf8').equals(bytes)) return refuse('MALFORMED', 'the manifest is not UTF-8');
  const parsed = parseManifestText(text);
  if (!parsed.ok) return refuse('MALFORMED', `manifest: ${parsed.problem}`);
  if (batchId !== null && parsed.value.batchId !== batchId) {
    return refuse('MALFORMED', `the manifest names batch ${parsed.value.batchId}, its file ${batchId}`);
  }
  return { manifest: parsed.value, manifestBytes: bytes };
}

/** The batch `batchId` in folder `dir`. */
export function folderSource(dir: string, batchId: string): BatchSource {
  const names = batchFileNames(batchId);
  return {
    batchId,
    manifest() {
      const bytes = readBounded(path.join(dir, names.manifest), MAX_MANIFEST_BYTES, manifestTooBig);
      if (!bytes) return refuse('MALFORMED', `${names.manifest} is missing`);
      return parseManifestBytes(bytes, batchId);
    },
    bodyAndSignature() {
      const body = readBounded(path.join(dir, names.body), MAX_BATCH_BYTES, bodyTooBig);
      if (!body) return refuse('MALFORMED', `${names.body} is missing`);
      const sig = readBounded(path.join(dir, names.signature), MAX_SIGNATURE_BYTES, signatureTooBig);
      if (!sig) return refuse('BAD_SIGNATURE', `${names.signature} is missing: the batch is not signed`);
      return { body, signatureText: sig.toString('latin1') };
    },
  };
}

/** The batch of a POST /v1/batches (its texts are the files' texts; UTF-8 gives back their bytes). */
export function postSource(post: BatchPost): BatchSource {
  return {
    batchId: null,
    manifest: () => parseManifestBytes(Buffer.from(post.manifest, 'utf8'), null),
    bodyAndSignature() {
      const body = Buffer.from(post.body, 'utf8');
      if (body.length > MAX_BATCH_BYTES) bodyTooBig(body.length);
      if (post.signature.length > MAX_SIGNATURE_BYTES) signatureTooBig();
      return { body, signatureText: post.signature };
    },
  };
}
