import type { Q, WriteTx } from './types';
import { bool, num } from './types';
import { escapeLike, whereLike } from './like';

export interface AccountRecord {
  id: number;
  username: string;
  liveUsername: string | null;
  kind: 'citizen' | 'foreign';
  foreignIdentifierId: number | null;
  firstName: string | null;
  lastName: string | null;
  branchId: number;
  branchName: string;
  branchCode: string;
  insuranceGroupId: number;
  insuranceGroupName: string;
  insuranceGroupCode: string;
  insuranceNumber: string;
  mobile: string | null;
  email: string | null;
  passwordHash: string;
  mustChangePassword: boolean;
  initialPasswordExpiresAt: string | null;
  passwordRevokedAt: string | null;
  status: 'active' | 'disabled' | 'voided';
  termsVersion: string;
  registeredBy: number;
  registeredByName: string;
  registeredAt: string;
  mobileChangedAt: string | null;
  /** Bumped by every change of password or status: older sessions of the person end. */
  sessionVersion: number;
  voidReason: string | null;
  voidedAt: string | null;
  disabledAt: string | null;
}

interface Row {
  id: number;
  username: string;
  live_username: string | null;
  kind: string;
  foreign_identifier_id: number | null;
  first_name: string | null;
  last_name: string | null;
  branch_id: number;
  branch_name: string;
  branch_code: string;
  insurance_group_id: number;
  group_name: string;
  group_code: string;
  insurance_number: string;
  mobile: string | null;
  email: string | null;
  password_hash: string;
  must_change_password: unknown;
  initial_password_expires_at: string | null;
  password_revoked_at: string | null;
  status: string;
  terms_version: string;
  registered_by: number;
  registered_by_name: string | null;
  registered_at: string;
  mobile_changed_at: string | null;
  session_version: number;
  void_reason: string | null;
  voided_at: string | null;
  disabled_at: string | null;
}

export function rowToAccount(r: Row): AccountRecord {
  return {
    id: num(r.id),
    username: r.username,
    liveUsername: r.live_username,
    kind: r.kind === 'foreign' ? 'foreign' : 'citizen',
    foreignIdentifierId: r.foreign_identifier_id === null ? null : num(r.foreign_identifier_id),
    firstName: r.first_name,
    lastName: r.last_name,
    branchId: num(r.branch_id),
    branchName: r.branch_name,
    branchCode: r.branch_code,
    insuranceGroupId: num(r.insurance_group_id),
    insuranceGroupName: r.group_name,
    insuranceGroupCode: r.group_code,
    insuranceNumber: r.insurance_number,
    mobile: r.mobile,
    email: r.email,
    passwordHash: r.password_hash,
    mustChangePassword: bool(r.must_change_password),
    initialPasswordExpiresAt: r.initial_password_expires_at,
    passwordRevokedAt: r.password_revoked_at,
    status: r.status === 'voided' ? 'voided' : r.status === 'disabled' ? 'disabled' : 'active',
    termsVersion: r.terms_version,
    registeredBy: num(r.registered_by),
    registeredByName: r.registered_by_name ?? '',
    registeredAt: r.registered_at,
    mobileChangedAt: r.mobile_changed_at,
    sessionVersion: num(r.session_version),
    voidReason: r.void_reason,
    voidedAt: r.voided_at,
    disabledAt: r.disabled_at,
  };
}

function base(q: Q) {
  return q('accounts as a')
    .join('branches as b', 'b.id', 'a.branch_id')
    .join('insurance_groups as g', 'g.id', 'a.insurance_group_id')
    .leftJoin('staff as s', 's.id', 'a.registered_by')
    .select('a.*', 'b.name as branch_name', 'b.code as branch_code', 'g.name as group_name', 'g.code as group_code', 's.username as registered_by_name');
}

export async function findAccountById(q: Q, id: number): Promise<AccountRecord | undefined> {
  const r = (await base(q).where('a.id', id).first()) as Row | undefined;
  return r ? rowToAccount(r) : undefined;
}

/** The live (not voided) account of a username (REG-5 keeps it unique). */
export async function findAccountByUsername(q: Q, username: string): Promise<AccountRecord | undefined> {
  const r = (await base(q).where('a.live_username', username).first()) as Row | undefined;
  return r ? rowToAccount(r) : undefined;
}

export type AccountSearchKind = 'username' | 'insuranceNumber' | 'mobile' | 'name';

/** Above every code point: `[key, key + TOP)` holds exactly the keys that start with `key`. */
const TOP = '\u{10FFFF}';

/**
 * The ids of up to `limit` accounts whose key column starts with `key`, walking the
 * `(column, id)` index in order and stopping at the limit: the cost is the page, not the number
 * of matches. The range is exact on both engines (SQLite compares bytes; migration 0013 makes
 * PostgreSQL's search columns COLLATE "C"); the LIKE, wildcards escaped, only restates it.
 */
function prefixWalk(q: Q, column: 'name_search' | 'last_name_search', key: string, limit: number) {
  const range = q('accounts').select('id').where(column, '>=', key).where(column, '<', `${key}${TOP}`);
  return whereLike(range, column, `${escapeLike(key)}%`)
    .orderBy([column, 'id'])
    .limit(limit);
}

/** Each kind has its own index; there is no scan over every account, and no sort of every match. */
export async function searchAccounts(q: Q, kind: AccountSearchKind, value: string, limit: number): Promise<AccountRecord[]> {
  const b = base(q);
  switch (kind) {
    case 'username':
      b.where('a.username', value);
      break;
    case 'insuranceNumber':
      b.where('a.insurance_number', value);
      break;
    case 'mobile':
      b.where('a.mobile', value);
      break;
    case 'name': {
      // The full name or the surname alone: one bounded walk per column, then at most 2 × limit
      // rows are joined and sorted by name.
      const ids = q
        .select('id')
        .from(prefixWalk(q, 'name_search', value, limit).as('f'))
        .union((u) => void u.select('id').from(prefixWalk(q, 'last_name_search', value, limit).as('l')));
      const rows = (await b.whereIn('a.id', ids).orderBy([{ column: 'a.name_search' }, { column: 'a.id' }]).limit(limit)) as Row[];
      return rows.map(rowToAccount);
    }
  }
  const rows = (await b.orderBy('a.id', 'desc').limit(limit)) as Row[];
  return rows.map(rowToAccount);
}

export interface NewAccount {
  username: string;
  kind: 'citizen' | 'foreign';
  foreignIdentifierId: number | null;
  firstName: string | null;
  lastName: string | null;
  nameSearch: string | null;
  lastNameSearch: string | null;
  branchId: number;
  insuranceGroupId: number;
  insuranceNumber: string;
  mobile: string | null;
  email: string | null;
  passwordHash: string;
  initialPasswordExpiresAt: string;
  termsVersion: string;
  termsAcceptedAt: string;
  idDocumentType: string;
  idDocumentNumber: string;
  registeredBy: number;
  registeredAt: string;
  stationId: number;
}

/** The `accounts` row of a new account (insertAccount, insertAccounts, and the benchmark's bulk builder). */
export function newAccountRow(a: NewAccount): Record<string, unknown> {
  return {
    username: a.username,
    live_username: a.username,
    kind: a.kind,
    foreign_identifier_id: a.foreignIdentifierId,
    first_name: a.firstName,
    last_name: a.lastName,
    name_search: a.nameSearch,
    last_name_search: a.lastNameSearch,
    branch_id: a.branchId,
    insurance_group_id: a.insuranceGroupId,
    insurance_number: a.insuranceNumber,
    mobile: a.mobile,
    email: a.email,
    password_hash: a.passwordHash,
    must_change_password: true,
    initial_password_expires_at: a.initialPasswordExpiresAt,
    status: 'active',
    terms_version: a.termsVersion,
    terms_accepted_at: a.termsAcceptedAt,
    id_document_type: a.idDocumentType,
    id_document_number: a.idDocumentNumber,
    registered_by: a.registeredBy,
    registered_at: a.registeredAt,
    station_id: a.stationId,
  };
}

export async function insertAccount(q: WriteTx, a: NewAccount): Promise<number> {
  const [row] = (await q('accounts').insert(newAccountRow(a)).returning('id')) as Array<{ id: number }>;
  return num(row!.id);
}

/** Many accounts in multi-row INSERTs (an import or the benchmark's database), in the caller's transaction. */
export async function insertAccounts(q: WriteTx, list: readonly NewAccount[]): Promise<void> {
  // 24 columns a row: 500 rows (12,000 parameters) stay under SQLite's 32,766 and PostgreSQL's 65,535.
  for (let i = 0; i < list.length; i += 500) await q('accounts').insert(list.slice(i, i + 500).map(newAccountRow));
}

export interface AccountPatch {
  passwordHash?: string;
  mustChangePassword?: boolean;
  initialPasswordExpiresAt?: string | null;
  passwordRevokedAt?: string | null;
  passwordChangedAt?: string;
  mobile?: string | null;
  mobileChangedAt?: string;
  email?: string | null;
  status?: 'active' | 'disabled' | 'voided';
  disabledAt?: string | null;
  voided?: { at: string; by: number; reason: string };
}

export async function updateAccount(q: WriteTx, id: number, p: AccountPatch): Promise<void> {
  const row: Record<string, unknown> = {};
  if (p.passwordHash !== undefined) row.password_hash = p.passwordHash;
  if (p.mustChangePassword !== undefined) row.must_change_password = p.mustChangePassword;
  if (p.initialPasswordExpiresAt !== undefined) row.initial_password_expires_at = p.initialPasswordExpiresAt;
  if (p.passwordRevokedAt !== undefined) row.password_revoked_at = p.passwordRevokedAt;
  if (p.passwordChangedAt !== undefined) row.password_changed_at = p.passwordChangedAt;
  if (p.mobile !== undefined) row.mobile = p.mobile;
  if (p.mobileChangedAt !== undefined) row.mobile_changed_at = p.mobileChangedAt;
  if (p.email !== undefined) row.email = p.email;
  if (p.status !== undefined) row.status = p.status;
  if (p.disabledAt !== undefined) row.disabled_at = p.disabledAt;
  if (p.voided) {
    row.status = 'voided';
    row.live_username = null;
    // The identifier may be registered again (its string stays in `username`, the audit has the rest).
    row.foreign_identifier_id = null;
    row.voided_at = p.voided.at;
    row.voided_by = p.voided.by;
    row.void_reason = p.voided.reason;
  }
  // A new password (set, revoked, or from a reset) or a new status ends the person's other sessions.
  if (p.passwordHash !== undefined || p.passwordRevokedAt || p.status !== undefined || p.voided) row.session_version = q.raw('session_version + 1');
  await q('accounts').where({ id }).update(row);
}

/** What a kiosk session's check needs, in one primary-key read. */
export async function accountSessionState(q: Q, id: number): Promise<{ status: string; sessionVersion: number } | undefined> {
  const r = await q('accounts').where({ id }).first<{ status: string; session_version: number } | undefined>('status', 'session_version');
  return r ? { status: r.status, sessionVersion: num(r.session_version) } : undefined;
}

export async function grantPermissions(q: WriteTx, accountId: number, permissions: readonly string[], at: string): Promise<void> {
  for (const permission of permissions) {
    await q('account_permissions').insert({ account_id: accountId, permission, granted_at: at }).onConflict(['account_id', 'permission']).ignore();
  }
}

export async function listPermissions(q: Q, accountId: number): Promise<string[]> {
  const rows = await q('account_permissions').where({ account_id: accountId }).orderBy('permission').select<{ permission: string }[]>('permission');
  return rows.map((r) => r.permission);
}

/**
 * Locks an account's row until the transaction ends (PostgreSQL; SQLite's write transactions are
 * already one at a time): two counters resetting one account at once then take turns, so the
 * second sees the first's reset (cooldown, supersede) instead of both becoming the latest.
 */
export async function lockAccountRow(tx: WriteTx, id: number): Promise<void> {
  await tx('accounts').where({ id }).forUpdate().first('id');
}

/** `lockAccountRow` and `findAccountById` in one statement (PostgreSQL: `FOR UPDATE OF a`; SQLite: the write lock). */
export async function findAccountForUpdate(tx: WriteTx, id: number): Promise<AccountRecord | undefined> {
  const r = (await base(tx).where('a.id', id).forUpdate('a').first()) as Row | undefined;
  return r ? rowToAccount(r) : undefined;
}
