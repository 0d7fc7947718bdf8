import type { JournalRefusal, JournalRefusalCode } from '../../shared/journal';
import { escapeUntrusted } from '../../shared/text/escape-untrusted';

/**
 * A batch refused for `code`: thrown inside the batch's transaction so nothing is applied. Its
 * detail quotes the batch (zod names a stray key), so it is escaped here, once, before it is
 * printed, logged, answered or recorded.
 */
export class BatchRefused extends Error {
  readonly refusal: JournalRefusal;
  constructor(refusal: JournalRefusal) {
    const safe = { ...refusal, detail: escapeUntrusted(refusal.detail) };
    super(`${safe.code}: ${safe.detail}`);
    this.refusal = safe;
  }
}

export const refuse = (code: JournalRefusalCode, detail: string, expected?: number): never => {
  throw new BatchRefused(expected === undefined ? { code, detail } : { code, detail, expected });
};
