/**
 * The journal entry schema (entry.schema.ts) checked by hand, for values that JSON.parse made:
 * headquarters checks every line of every batch, and zod cost more per line than the COPY of it.
 * It answers valid or not, exactly as the zod schemas do (the same patterns, enumerations and
 * lengths, imported from them; equivalence is tested over fuzzed entries in
 * test/unit/journal-entry-check.test.ts); why an entry is refused is still worded by zod.
 */
import { hasForbiddenTextChars } from '../text/control-chars';
import {
  ACCOUNT_KINDS,
  ACCOUNT_STATUSES,
  FOREIGN_ID,
  IDENTIFIER_STATUSES,
  INSURANCE_NUMBER,
  type JournalEntry,
  type JournalRecordType,
  MAX_IDENTIFIER_SEQUENCE,
  NATIONALITY,
  PASSWORD_STATES,
  STATION_RECORD_ID,
  STATION_STATUSES,
  TEXT_MAX,
  kindsOfType,
} from './entry.schema';
import { BRANCH_CODE, HEX64, isRealUtcTime, USERNAME } from './primitives.schema';

type Check = (v: unknown) => boolean;
type Obj = Record<string, unknown>;

const matches =
  (re: RegExp): Check =>
  (v) =>
    typeof v === 'string' && re.test(v);
const intIn =
  (min: number, max: number): Check =>
  (v) =>
    Number.isSafeInteger(v) && (v as number) >= min && (v as number) <= max;
const oneOf = (values: readonly string[]): Check => {
  const set = new Set(values);
  return (v) => typeof v === 'string' && set.has(v);
};
const literal =
  (value: string): Check =>
  (v) =>
    v === value;
const nullable =
  (check: Check): Check =>
  (v) =>
    v === null || check(v);

/** Length in code points, as zod measures a string (a surrogate pair is one). */
function codePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    if ((s.charCodeAt(i) & 0xfc00) === 0xd800 && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n--;
      i++;
    }
  }
  return n;
}

/** plainText().min(1).max(max): the one text rule, then the length. */
const text =
  (max: number): Check =>
  (v) =>
    typeof v === 'string' && !hasForbiddenTextChars(v) && v.length >= 1 && (v.length <= max || codePoints(v) <= max);

const utcTime: Check = (v) => typeof v === 'string' && isRealUtcTime(v);

/** A strict object: no key but those listed, each listed key's value valid, every required key present. */
function strict(fields: Record<string, Check>, optional: readonly string[] = []): Check {
  const checks = new Map(Object.entries(fields));
  const required = checks.size - optional.length;
  const isOptional = new Set(optional);
  return (v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
    let present = 0;
    for (const key in v) {
      const check = checks.get(key);
      if (!check || !check((v as Obj)[key])) return false;
      if (!isOptional.has(key)) present++;
    }
    return present === required;
  };
}

const branchCode = matches(BRANCH_CODE);
const stationNumber = intIn(1, 99);
const seq = intIn(1, Number.MAX_SAFE_INTEGER);

const accountState = strict(
  {
    status: oneOf(ACCOUNT_STATUSES),
    username: matches(USERNAME),
    kind: oneOf(ACCOUNT_KINDS),
    branchCode,
    insuranceNumber: matches(INSURANCE_NUMBER),
    insuranceGroup: text(TEXT_MAX.insuranceGroup),
    mobileMasked: text(TEXT_MAX.mobileMasked),
    passwordState: oneOf(PASSWORD_STATES),
    registeredAt: utcTime,
    registeredBy: text(TEXT_MAX.registeredBy),
    voidedAt: utcTime,
    disabledAt: utcTime,
  },
  ['insuranceNumber', 'insuranceGroup', 'mobileMasked', 'passwordState', 'registeredAt', 'registeredBy', 'voidedAt', 'disabledAt'],
);

const identifierState = strict(
  {
    identifier: matches(FOREIGN_ID),
    status: oneOf(IDENTIFIER_STATUSES),
    branchCode,
    station: stationNumber,
    sequence: intIn(1, MAX_IDENTIFIER_SEQUENCE),
    nationality: matches(NATIONALITY),
    issuedAt: utcTime,
    revokedAt: utcTime,
    usedBy: matches(USERNAME),
  },
  ['nationality', 'issuedAt', 'revokedAt', 'usedBy'],
);

const stationState = strict(
  { station: stationNumber, branchCode, status: oneOf(STATION_STATUSES), label: text(TEXT_MAX.label), joinedAt: utcTime, retiredAt: utcTime },
  ['label', 'joinedAt', 'retiredAt'],
);

const entryOf = (type: JournalRecordType, id: RegExp, state: Check): Check =>
  strict({
    seq,
    branch: branchCode,
    station: stationNumber,
    at: utcTime,
    actor: text(TEXT_MAX.actor),
    audit: nullable(strict({ id: seq, hash: matches(HEX64) })),
    kind: oneOf(kindsOfType(type)),
    record: strict({ type: literal(type), id: matches(id) }),
    state,
  });

const accountEntry = entryOf('account', USERNAME, accountState);
const identifierEntry = entryOf('identifier', FOREIGN_ID, identifierState);
const stationEntry = entryOf('station', STATION_RECORD_ID, stationState);
const state = (e: Obj) => e.state as Obj;
const recordId = (e: Obj) => (e.record as Obj).id;

/** Each record type's entry, with the schema's refinement that the state names the same record. */
const BY_TYPE: Record<JournalRecordType, (e: Obj) => boolean> = {
  account: (e) => accountEntry(e) && state(e).username === recordId(e),
  identifier: (e) => identifierEntry(e) && state(e).identifier === recordId(e),
  station: (e) => stationEntry(e) && Number(recordId(e)) === state(e).station,
};

/** True exactly when `parseJournalEntry(value)` accepts `value`, a value JSON.parse made. */
export function isJournalEntry(value: unknown): value is JournalEntry {
  const type = (value as { record?: { type?: unknown } } | null)?.record?.type;
  if (type !== 'account' && type !== 'identifier' && type !== 'station') return false;
  return BY_TYPE[type](value as Obj);
}
