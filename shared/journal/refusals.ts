/**
 * Why headquarters refuses a batch (JOURNAL-FORMAT.md). Stable codes: the hq CLI prints them, the
 * README explains them, the branch shows the Persian sentence from `shared/i18n/fa-journal.ts`.
 * A refused batch applies nothing.
 */
export const JOURNAL_REFUSAL_CODES = [
  'UNKNOWN_STATION',
  'BAD_SIGNATURE',
  'BODY_HASH_MISMATCH',
  'COUNT_MISMATCH',
  'SEQUENCE_GAP',
  'BROKEN_LINK',
  'REPLAY_DIFFERENT',
  'AUDIT_ANCHOR_BACKWARDS',
  'OVERSIZED',
  'MALFORMED',
] as const;

export type JournalRefusalCode = (typeof JOURNAL_REFUSAL_CODES)[number];

/** A refusal as data: the code, a plain detail for the operator's log, and for a gap the
 * sequence headquarters expects next from that station. */
export interface JournalRefusal {
  code: JournalRefusalCode;
  detail: string;
  expected?: number;
}
