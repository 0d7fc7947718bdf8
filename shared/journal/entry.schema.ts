/**
 * One journal entry (JOURNAL-FORMAT.md): a change to an account, a foreign identifier or a
 * station, with the record's new state. Every object is `.strict()`: a key the schema does not
 * list — a password, a hash, an SMS text, a code — is refused by the schema itself, so it can
 * neither leave the branch nor be ingested at headquarters.
 */
import { z } from 'zod';
import { plainText } from '../schemas/text';
import { BranchCode, Hex64, Seq, StationNumber, Username, UtcTime } from './primitives.schema';

export const JOURNAL_KINDS = [
  'snapshot',
  'account.registered',
  'account.voided',
  'account.disabled',
  'account.enabled',
  'account.unlocked',
  'account.contact-changed',
  'account.password-state',
  'identifier.issued',
  'identifier.revoked',
  'identifier.used',
  'station.joined',
  'station.retired',
] as const;
export const JournalKindSchema = z.enum(JOURNAL_KINDS);
export type JournalKind = z.infer<typeof JournalKindSchema>;

export const RECORD_TYPES = ['account', 'identifier', 'station'] as const;
export type JournalRecordType = (typeof RECORD_TYPES)[number];

/** The patterns, enumerations and lengths, shared with the hand-written entry check (entry-check.ts). */
export const FOREIGN_ID = /^[0-9]{12}$/;
export const INSURANCE_NUMBER = /^[0-9]{10}$/;
export const NATIONALITY = /^[A-Z]{2}$/;
export const STATION_RECORD_ID = /^[0-9]{2}$/;
export const MAX_IDENTIFIER_SEQUENCE = 99999;
export const TEXT_MAX = { actor: 80, insuranceGroup: 40, mobileMasked: 20, registeredBy: 80, label: 200 } as const;
export const PASSWORD_STATES = ['initial', 'changed', 'reset-issued', 'reset-used'] as const;
export const ACCOUNT_STATUSES = ['active', 'disabled', 'voided'] as const;
export const ACCOUNT_KINDS = ['citizen', 'foreign'] as const;
export const IDENTIFIER_STATUSES = ['issued', 'used', 'registered', 'revoked'] as const;
export const STATION_STATUSES = ['active', 'retired'] as const;

const ForeignId = z.string().regex(FOREIGN_ID);
/** Free text from the branch, under the one text rule (no control or bidi characters). */
const Text = (max: number) => plainText().min(1).max(max);

/** The allowed keys of an account's state: who it is, where it was registered, what it may do. */
export const AccountStateSchema = z
  .object({
    status: z.enum(ACCOUNT_STATUSES),
    username: Username,
    kind: z.enum(ACCOUNT_KINDS),
    branchCode: BranchCode,
    insuranceNumber: z.string().regex(INSURANCE_NUMBER).optional(),
    insuranceGroup: Text(TEXT_MAX.insuranceGroup).optional(),
    mobileMasked: Text(TEXT_MAX.mobileMasked).optional(),
    passwordState: z.enum(PASSWORD_STATES).optional(),
    registeredAt: UtcTime.optional(),
    /** Staff username of the clerk who registered it (REG-6), for a snapshot of an old record. */
    registeredBy: Text(TEXT_MAX.registeredBy).optional(),
    voidedAt: UtcTime.optional(),
    disabledAt: UtcTime.optional(),
  })
  .strict();
export type AccountState = z.infer<typeof AccountStateSchema>;

/** The allowed keys of a foreign identifier's state (no holder names, no document number). */
export const IdentifierStateSchema = z
  .object({
    identifier: ForeignId,
    status: z.enum(IDENTIFIER_STATUSES),
    branchCode: BranchCode,
    station: StationNumber,
    sequence: z.number().int().min(1).max(MAX_IDENTIFIER_SEQUENCE),
    nationality: z.string().regex(NATIONALITY).optional(),
    issuedAt: UtcTime.optional(),
    revokedAt: UtcTime.optional(),
    usedBy: Username.optional(),
  })
  .strict();
export type IdentifierState = z.infer<typeof IdentifierStateSchema>;

/** The allowed keys of a station's state. */
export const StationStateSchema = z
  .object({
    station: StationNumber,
    branchCode: BranchCode,
    status: z.enum(STATION_STATUSES),
    label: Text(TEXT_MAX.label).optional(),
    joinedAt: UtcTime.optional(),
    retiredAt: UtcTime.optional(),
  })
  .strict();
export type StationState = z.infer<typeof StationStateSchema>;

export const AuditAnchorSchema = z.object({ id: z.number().int().min(1), hash: Hex64 }).strict().nullable();
export type AuditAnchor = z.infer<typeof AuditAnchorSchema>;

const common = {
  seq: Seq,
  branch: BranchCode,
  station: StationNumber,
  at: UtcTime,
  /** Staff username, "citizen" or "system". */
  actor: Text(TEXT_MAX.actor),
  audit: AuditAnchorSchema,
};

/** The kinds an entry about a record of `type` may have: its own, and `snapshot`. */
export const kindsOfType = (type: JournalRecordType): JournalKind[] => JOURNAL_KINDS.filter((k) => k === 'snapshot' || k.startsWith(`${type}.`));
const kindsOf = (type: JournalRecordType) => z.enum(kindsOfType(type) as [JournalKind, ...JournalKind[]]);

const AccountEntrySchema = z
  .object({
    ...common,
    kind: kindsOf('account'),
    record: z.object({ type: z.literal('account'), id: Username }).strict(),
    state: AccountStateSchema,
  })
  .strict()
  .refine((e) => e.state.username === e.record.id, { message: 'state.username differs from record.id', path: ['state', 'username'] });

const IdentifierEntrySchema = z
  .object({
    ...common,
    kind: kindsOf('identifier'),
    record: z.object({ type: z.literal('identifier'), id: ForeignId }).strict(),
    state: IdentifierStateSchema,
  })
  .strict()
  .refine((e) => e.state.identifier === e.record.id, {
    message: 'state.identifier differs from record.id',
    path: ['state', 'identifier'],
  });

/** A station record's id is its two-digit number ("07"). */
const StationEntrySchema = z
  .object({
    ...common,
    kind: kindsOf('station'),
    record: z.object({ type: z.literal('station'), id: z.string().regex(STATION_RECORD_ID) }).strict(),
    state: StationStateSchema,
  })
  .strict()
  .refine((e) => Number(e.record.id) === e.state.station, { message: 'state.station differs from record.id', path: ['state', 'station'] });

export const JournalEntrySchema = z.union([AccountEntrySchema, IdentifierEntrySchema, StationEntrySchema]);
export type JournalEntry = z.infer<typeof JournalEntrySchema>;

const BY_TYPE = { account: AccountEntrySchema, identifier: IdentifierEntrySchema, station: StationEntrySchema };

/** Parses one entry with the schema of its record type, so a refusal names the exact key at fault
 * (a union would only say that no variant matched). */
export function parseJournalEntry(value: unknown): { ok: true; entry: JournalEntry } | { ok: false; problem: string } {
  const type = (value as { record?: { type?: unknown } } | null)?.record?.type;
  const schema = typeof type === 'string' && Object.hasOwn(BY_TYPE, type) ? BY_TYPE[type as JournalRecordType] : null;
  if (!schema) return { ok: false, problem: `record.type must be one of ${RECORD_TYPES.join(', ')}` };
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, entry: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? issue.path.join('.') : 'entry';
  return { ok: false, problem: `${where}: ${issue?.message ?? 'invalid'}` };
}
