import type { JournalRefusal, JournalRefusalCode } from '../../shared/journal';

/** A batch refused for `code`: thrown inside the batch's transaction so nothing is applied. */
export class BatchRefused extends Error {
  constructor(readonly refusal: JournalRefusal) {
    super(`${refusal.code}: ${refusal.detail}`);
  }
}

export const refuse = (code: JournalRefusalCode, detail: string, expected?: number): never => {
  throw new BatchRefused(expected === undefined ? { code, detail } : { code, detail, expected });
};
