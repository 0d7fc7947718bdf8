import { randomUUID } from 'node:crypto';
import { AppError } from '../../shared/errors';

interface Upload {
  owner: number;
  parts: string[];
  chars: number;
  touched: number;
}

/** An upload left alone this long is dropped (a closed window, a supervisor who walked away). */
const IDLE_MS = 30 * 60_000;
/** Uploads kept at once; a new one pushes out the oldest. */
const MAX_OPEN = 2;

/**
 * A file the renderer sends in pieces (the bridge limits one body to about a megabyte; a
 * registry file is far bigger), assembled in memory for the staff member who started it.
 */
export class UploadStore {
  private readonly open = new Map<string, Upload>();

  constructor(private readonly maxChars: number) {}

  /** Adds a piece; a null id starts a new upload. Refuses an unknown id, another owner's, or too much. */
  append(owner: number, id: string | null, chunk: string, tooLarge: AppError): { uploadId: string; chars: number } {
    const now = Date.now();
    for (const [k, u] of this.open) if (now - u.touched > IDLE_MS) this.open.delete(k);
    let uploadId = id;
    let u = id === null ? undefined : this.open.get(id);
    if (id === null) {
      uploadId = randomUUID();
      u = { owner, parts: [], chars: 0, touched: now };
      while (this.open.size >= MAX_OPEN) this.open.delete(this.open.keys().next().value as string);
      this.open.set(uploadId, u);
    }
    if (!u || u.owner !== owner) throw new AppError('NOT_FOUND');
    if (u.chars + chunk.length > this.maxChars) {
      this.open.delete(uploadId!);
      throw tooLarge;
    }
    u.parts.push(chunk);
    u.chars += chunk.length;
    u.touched = now;
    return { uploadId: uploadId!, chars: u.chars };
  }

  /** The whole text, once: the upload is closed whatever happens next. */
  take(owner: number, id: string): string {
    const u = this.open.get(id);
    if (!u || u.owner !== owner) throw new AppError('NOT_FOUND');
    this.open.delete(id);
    return u.parts.join('');
  }
}
