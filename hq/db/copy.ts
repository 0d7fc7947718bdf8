import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import type { HqClient } from './connection';

/** One field in COPY's text format: \N for null, and backslash, tab, newline, CR escaped. */
export function copyField(v: string | number | null): string {
  if (v === null) return '\\N';
  if (typeof v === 'number') return String(v);
  return /[\\\t\n\r]/.test(v) ? v.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : v;
}

/** Streams `rows` (already in COPY text lines) into `table (columns)`; returns the row count. */
export async function copyRows(client: HqClient, table: string, columns: readonly string[], lines: Iterable<string>): Promise<number> {
  const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  await pipeline(Readable.from(chunked(lines)), stream);
  return stream.rowCount;
}

/** Groups lines into ~256 KiB chunks: one stream write per line would cost more than the COPY. */
function* chunked(lines: Iterable<string>): Generator<string> {
  let buf = '';
  for (const line of lines) {
    buf += line;
    if (buf.length >= 256 * 1024) {
      yield buf;
      buf = '';
    }
  }
  if (buf) yield buf;
}
