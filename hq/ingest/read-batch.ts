/**
 * Reads one batch's three files from a folder, bounded: a file larger than a batch may be is
 * refused from its size, before a byte of it is read.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { type BatchManifest, MAX_BATCH_BYTES, batchFileNames, parseManifestText } from '../../shared/journal';
import { refuse } from './refusal';

/** A manifest is a few hundred bytes; a signature line under a hundred. */
const MAX_MANIFEST_BYTES = 16 * 1024;
const MAX_SIGNATURE_BYTES = 1024;

export interface BatchFiles {
  manifest: BatchManifest;
  manifestBytes: Buffer;
  body: Buffer;
  signatureText: string;
}

/** The file's bytes; null when it does not exist; `tooBig()` when it is larger than `max`. */
function readBounded(file: string, max: number, tooBig: (size: number) => never): Buffer | null {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  try {
    const size = fstatSync(fd).size;
    if (size > max) tooBig(size);
    const buf = Buffer.alloc(size);
    let off = 0;
    while (off < size) {
      const n = readSync(fd, buf, off, size - off, off);
      if (n === 0) break;
      off += n;
    }
    return buf.subarray(0, off);
  } finally {
    closeSync(fd);
  }
}

/** The manifest only (what names the station), refusing what is not one. */
export function readManifest(dir: string, batchId: string): { manifest: BatchManifest; manifestBytes: Buffer } {
  const names = batchFileNames(batchId);
  const bytes = readBounded(path.join(dir, names.manifest), MAX_MANIFEST_BYTES, (size) =>
    refuse('MALFORMED', `the manifest is ${size} bytes; a manifest is under ${MAX_MANIFEST_BYTES}`),
  );
  if (!bytes) return refuse('MALFORMED', `${names.manifest} is missing`);
  const text = bytes.toString('utf8');
  if (!Buffer.from(text, 'utf8').equals(bytes)) return refuse('MALFORMED', 'the manifest is not UTF-8');
  const parsed = parseManifestText(text);
  if (!parsed.ok) return refuse('MALFORMED', `manifest: ${parsed.problem}`);
  if (parsed.value.batchId !== batchId) return refuse('MALFORMED', `the manifest names batch ${parsed.value.batchId}, its file ${batchId}`);
  return { manifest: parsed.value, manifestBytes: bytes };
}

/** The body and the signature of a batch whose manifest was read. */
export function readBodyAndSignature(dir: string, batchId: string): { body: Buffer; signatureText: string } {
  const names = batchFileNames(batchId);
  const body = readBounded(path.join(dir, names.body), MAX_BATCH_BYTES, (size) =>
    refuse('OVERSIZED', `the body is ${size} bytes; at most ${MAX_BATCH_BYTES} are accepted`),
  );
  if (!body) return refuse('MALFORMED', `${names.body} is missing`);
  const sig = readBounded(path.join(dir, names.signature), MAX_SIGNATURE_BYTES, () =>
    refuse('BAD_SIGNATURE', 'the signature file is far larger than a signature'),
  );
  if (!sig) return refuse('BAD_SIGNATURE', `${names.signature} is missing: the batch is not signed`);
  return { body, signatureText: sig.toString('latin1') };
}
