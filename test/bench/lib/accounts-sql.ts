import { newAccountRow } from '../../../src-main/db/accounts.repo';
import { engineOf, type Db } from '../../../src-main/db/connection';
import { nameKeys } from '../../../src-main/services/registration.service';
import { nationalCode } from '../../helpers/app';
import { personNames } from './names';

/**
 * The benchmark's accounts, written set-based: one INSERT … SELECT per range of numbers joins a
 * table of name "slots" (names drawn from the skewed distribution in names.ts, with the
 * registration's own search keys, nameKeys) — so a million rows never cross the driver one by
 * one. Account number i gets slot (i × 40503) mod SLOTS, a national code with a valid check digit
 * from 100000000 + 7 i, a mobile (one in ten has none) and an insurance number from i.
 *
 * `expectedRow` builds the same account with accounts.repo's own row builder (newAccountRow); the
 * build compares a sample of the inserted rows with it, so the SQL cannot drift from the repository.
 */

export const SLOTS = 65_536;
const EPOCH_S = Date.parse('2019-01-01T05:00:00Z') / 1000;
const MOBILE_PREFIX = ['0912', '0935', '0919', '0901'];

/** The national code, mobile and insurance number of account number `i` (0-based, in id order). */
export function accountNo(i: number): { code: string; mobile: string | null; insuranceNumber: string } {
  return {
    code: nationalCode(String(100_000_000 + i * 7)),
    mobile: i % 10 === 9 ? null : `${MOBILE_PREFIX[i % 4]}${String(i).padStart(7, '0')}`,
    insuranceNumber: String(2_000_000_000 + i),
  };
}

export interface Slot {
  slot: number;
  first_name: string;
  last_name: string;
  name_search: string;
  last_name_search: string;
}

export function nameSlots(): Slot[] {
  const next = personNames(1405);
  return Array.from({ length: SLOTS }, (_, slot) => {
    const { firstName, lastName } = next();
    const keys = nameKeys(firstName, lastName);
    return { slot, first_name: firstName, last_name: lastName, name_search: keys.nameSearch!, last_name_search: keys.lastNameSearch! };
  });
}

export const slotOf = (i: number) => (i * 40503) % SLOTS;

export interface Fixed {
  branchId: number;
  groupId: number;
  stationId: number;
  clerkId: number;
  passwordHash: string;
}

const registeredAt = (i: number) => new Date((EPOCH_S + i * 180) * 1000).toISOString();

/** Account number `i` as accounts.repo writes it (schema 0009: without 0010's last_name_search). */
export function expectedRow(i: number, slot: Slot, f: Fixed): Record<string, unknown> {
  const { code, mobile, insuranceNumber } = accountNo(i);
  const at = registeredAt(i);
  const { last_name_search: _later, ...row } = newAccountRow({
    username: code,
    kind: 'citizen',
    foreignIdentifierId: null,
    firstName: slot.first_name,
    lastName: slot.last_name,
    nameSearch: slot.name_search,
    lastNameSearch: slot.last_name_search,
    branchId: f.branchId,
    insuranceGroupId: f.groupId,
    insuranceNumber,
    mobile,
    email: null,
    passwordHash: f.passwordHash,
    initialPasswordExpiresAt: at,
    termsVersion: '1',
    termsAcceptedAt: at,
    idDocumentType: 'national_card',
    idDocumentNumber: code,
    registeredBy: f.clerkId,
    registeredAt: at,
    stationId: f.stationId,
  });
  // Four in five changed their first password long ago.
  return i % 5 === 0 ? { ...row, password_changed_at: null } : { ...row, must_change_password: false, initial_password_expires_at: null, password_changed_at: at };
}

/** The SELECT list for `expectedRow`'s columns, over `n.i` (the number) and `p` (its slot). */
function selectList(pg: boolean): Record<string, string> {
  const digits = Array.from({ length: 9 }, (_, k) => `(n.f / ${10 ** (8 - k)} % 10) * ${10 - k}`).join(' + ');
  const check = `CASE WHEN (${digits}) % 11 < 2 THEN (${digits}) % 11 ELSE 11 - (${digits}) % 11 END`;
  const code = `CAST(n.f AS TEXT) || CAST(${check} AS TEXT)`;
  const pad7 = pg ? `lpad(CAST(n.i AS TEXT), 7, '0')` : `substr('0000000' || n.i, -7)`;
  const at = pg
    ? `to_char(to_timestamp(${EPOCH_S} + n.i * 180) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
    : `strftime('%Y-%m-%dT%H:%M:%fZ', ${EPOCH_S} + n.i * 180, 'unixepoch')`;
  const prefix = `CASE n.i % 4 ${MOBILE_PREFIX.map((p, k) => `WHEN ${k} THEN '${p}'`).join(' ')} END`;
  const initial = pg ? `n.i % 5 = 0` : `(n.i % 5 = 0)`;
  return {
    username: code,
    live_username: code,
    kind: `'citizen'`,
    foreign_identifier_id: 'NULL',
    first_name: 'p.first_name',
    last_name: 'p.last_name',
    name_search: 'p.name_search',
    branch_id: ':branchId',
    insurance_group_id: ':groupId',
    insurance_number: `CAST(2000000000 + n.i AS TEXT)`,
    mobile: `CASE WHEN n.i % 10 = 9 THEN NULL ELSE ${prefix} || ${pad7} END`,
    email: 'NULL',
    password_hash: ':passwordHash',
    must_change_password: initial,
    initial_password_expires_at: `CASE WHEN ${initial} THEN ${at} ELSE NULL END`,
    password_changed_at: `CASE WHEN ${initial} THEN NULL ELSE ${at} END`,
    status: `'active'`,
    terms_version: `'1'`,
    terms_accepted_at: at,
    id_document_type: `'national_card'`,
    id_document_number: code,
    registered_by: ':clerkId',
    registered_at: at,
    station_id: ':stationId',
  };
}

/** Inserts accounts number `from` … `to − 1` in one statement (the slots table `bench_name_slots` must exist). */
export async function insertAccountRange(db: Db, from: number, to: number, f: Fixed): Promise<void> {
  const pg = engineOf(db) === 'postgresql';
  const list = selectList(pg);
  const sample = Object.keys(expectedRow(0, { slot: 0, first_name: '', last_name: '', name_search: '', last_name_search: '' }, f)).sort();
  if (JSON.stringify(Object.keys(list).sort()) !== JSON.stringify(sample)) throw new Error(`the bench's account SQL no longer matches accounts.repo's row: ${sample.join(', ')}`);
  const numbers = pg
    ? `(SELECT i, 100000000 + 7 * i AS f FROM generate_series(CAST(:from AS bigint), CAST(:last AS bigint)) AS g(i)) n`
    : `(WITH RECURSIVE s(i) AS (SELECT :from UNION ALL SELECT i + 1 FROM s WHERE i < :last) SELECT i, 100000000 + 7 * i AS f FROM s) n`;
  const cols = Object.keys(list);
  await db.raw(
    `INSERT INTO accounts (${cols.join(', ')}) SELECT ${cols.map((c) => list[c]).join(', ')}
     FROM ${numbers} JOIN bench_name_slots p ON p.slot = (n.i * 40503) % ${SLOTS} ORDER BY n.i`,
    { ...f, from, last: to - 1 },
  );
}
