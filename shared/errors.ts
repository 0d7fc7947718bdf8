/**
 * Stable error codes. Main returns them in the envelope; the renderer and the HTTP bridge show the
 * Persian text from `ERROR_MESSAGES_FA`. A code, once published, never changes meaning.
 */
export const ERROR_CODES = [
  // transport and router
  'VALIDATION',
  /** Not a well-formed request at all (not JSON, not UTF-8, wrong method or type): no field to point at. */
  'BAD_REQUEST',
  'REQUEST_TOO_LARGE',
  /** A session with as many live event streams (pages) open as it may have. */
  'TOO_MANY_STREAMS',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'UNKNOWN_CHANNEL',
  'SESSION_LOCKED',
  'INTERNAL',
  // staff and setup
  'SETUP_REQUIRED',
  'SETUP_DONE',
  'STATION_TAKEN',
  'STATION_REQUIRED',
  'STATION_RETIRED',
  'STATION_IN_USE',
  'BRANCH_KEYS_UNAVAILABLE',
  'INVALID_CREDENTIALS',
  'WRONG_CURRENT_PASSWORD',
  /** BR-3: the password was reset (or changed) elsewhere while this change or login was checked. */
  'PASSWORD_CHANGED_MEANWHILE',
  'ACCOUNT_LOCKED',
  'STAFF_DISABLED',
  'STAFF_EXISTS',
  'PASSWORD_CHANGE_REQUIRED',
  'WEAK_PASSWORD',
  'WEAK_STAFF_PASSWORD',
  'PASSWORD_MISMATCH',
  'NON_ASCII_PASSWORD',
  'LAST_SUPERVISOR',
  // registration and accounts
  'TERMS_NOT_ACCEPTED',
  'GROUP_CLOSED',
  'UNKNOWN_GROUP',
  'UNKNOWN_BRANCH',
  'DUPLICATE_ACCOUNT',
  /** BR-3: the national card typed is not this person's own (its number is their national code). */
  'DOCUMENT_NOT_HOLDERS',
  'IDENTIFIER_NOT_ISSUED',
  'IDENTIFIER_REVOKED',
  'IDENTIFIER_USED',
  'IDENTIFIER_EXISTS',
  'STATION_EXHAUSTED',
  'ACCOUNT_NOT_FOUND',
  'ACCOUNT_DISABLED',
  'ACCOUNT_VOIDED',
  'INITIAL_PASSWORD_EXPIRED',
  'NOT_FOUND',
  // resets and contact changes
  'NO_MOBILE',
  'RESET_COOLDOWN',
  'RESET_DAILY_CAP',
  'SUPERVISOR_APPROVAL_REQUIRED',
  'VERIFICATION_FAILED',
  'RECOVERY_LIMIT',
  'VERIFICATION_EXPIRED',
  'GATEWAY_ONLINE',
  'MOBILE_CHANGE_ENDED',
  // data import
  'IMPORT_FAILED',
  'MESSAGE_NOT_FOUND',
  'MESSAGE_NOT_RETRYABLE',
  // the journal to headquarters (issue 8)
  'EXPORT_FOLDER_INVALID',
  'EXPORT_RUNNING',
  'JOURNAL_DAMAGED',
  'ACK_INVALID',
  'ACK_OTHER_STATION',
  'ACK_UNKNOWN_BATCH',
  'STATION_KEY_MISSING',
  // the live link to headquarters (issue 9)
  'HQ_CA_INVALID',
  'HQ_KEY_INVALID',
  'HQ_LINK_NOT_CONFIGURED',
  'HQ_LINK_NOT_STOPPED',
  // headquarters' registry down at the branch (issue 9)
  'REGISTERED_ELSEWHERE',
  'IDENTIFIER_NUMBER_TAKEN',
  'HQ_KEY_NOT_SET',
  'REGISTRY_INVALID',
  'REGISTRY_BAD_SIGNATURE',
  'REGISTRY_GAP',
  'REGISTRY_TOO_LARGE',
  // backups and restore
  'BACKUP_NOT_CONFIGURED',
  'BACKUP_NO_PASSPHRASE',
  'BACKUP_FOLDER_UNREACHABLE',
  'BACKUP_FAILED',
  'BACKUP_NOT_A_BACKUP',
  'BACKUP_TRUNCATED',
  'BACKUP_DAMAGED',
  'BACKUP_WRONG_PASSPHRASE',
  'BACKUP_NEWER_SCHEMA',
  'BACKUP_INTEGRITY_FAILED',
  'BACKUP_AUDIT_BROKEN',
  'BACKUP_MANIFEST_MISMATCH',
  'BACKUP_OTHER_DESK',
  'PG_DUMP_MISSING',
  'PG_DUMP_FAILED',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Warning codes: the call succeeded, but the clerk must be told something. */
export const WARNING_CODES = ['NO_RECOVERY_CHANNEL'] as const;
export type WarningCode = (typeof WARNING_CODES)[number];

/** Success message codes (REG-11 and friends). */
export const SUCCESS_CODES = ['REGISTRATION_COMPLETED', 'PASSWORD_CHANGED', 'RESET_QUEUED'] as const;
export type SuccessCode = (typeof SUCCESS_CODES)[number];

/** A refusal thrown by a service; the router turns it into the envelope's error. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: Record<string, string | number | boolean>;
  constructor(code: ErrorCode, details?: Record<string, string | number | boolean>) {
    super(code);
    this.name = 'AppError';
    this.code = code;
    if (details) this.details = details;
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
