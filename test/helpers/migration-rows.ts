import type { Db } from '../../src-main/db/connection';

/**
 * Rows for the migration tests (STYLE item 6): one row for every table, as each migration left it,
 * and ways to compare a file's rows and schema before and after a migration.
 */

export const T = '2026-11-25T06:30:00.000Z';
export const HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA';
export const UNIQUE = /UNIQUE constraint failed/;
export const FK = /FOREIGN KEY constraint failed/;
export const NOT_NULL = /NOT NULL constraint failed/;

export const identifierRow = (o: Record<string, unknown> = {}) => ({
  identifier: '100107000011',
  station_id: 1,
  sequence: 1,
  first_name_fa: 'علی',
  last_name_fa: 'احمدی',
  first_name_latin: 'ALI',
  last_name_latin: 'AHMADI',
  name_search: 'علی احمدی',
  father_name: 'حسن',
  nationality: 'AF',
  document_type: 'passport',
  document_number: 'P1234567',
  birth_date: '1990-01-01',
  issued_by: 1,
  issued_at: T,
  status: 'issued',
  ...o,
});

export const accountRow = (o: Record<string, unknown> = {}) => ({
  username: '0012345678',
  live_username: '0012345678',
  kind: 'citizen',
  branch_id: 1,
  insurance_group_id: 1,
  insurance_number: '1234567890',
  mobile: '09121234567',
  password_hash: HASH,
  status: 'active',
  terms_version: '1',
  terms_accepted_at: T,
  id_document_type: 'national_card',
  id_document_number: '0012345678',
  registered_by: 1,
  registered_at: T,
  station_id: 1,
  ...o,
});

export const outboxRow = (o: Record<string, unknown> = {}) => ({
  reference: 'ref-1',
  purpose: 'reset',
  to_mobile: '09121234567',
  body_template: 'text {secret}',
  secret_enc: 'v1.a.b.c',
  status: 'queued',
  next_attempt_at: T,
  created_at: T,
  expires_at: T,
  account_id: 1,
  ...o,
});

export const resetRow = (o: Record<string, unknown> = {}) => ({
  account_id: 1,
  tracking_code: '12345678',
  password_hash: HASH,
  channel: 'counter',
  requested_by: 1,
  sms_id: 1,
  state: 'pending',
  created_at: T,
  ...o,
});

export const verificationRow = (o: Record<string, unknown> = {}) => ({
  account_id: 1,
  new_mobile: '09351234567',
  code_hash: HASH,
  state: 'pending',
  requested_by: 1,
  id_document_type: 'national_card',
  id_document_number: '0012345678',
  sms_id: 1,
  created_at: T,
  expires_at: T,
  ...o,
});

export const auditRow = (o: Record<string, unknown> = {}) => ({
  id: 1,
  at: T,
  actor_type: 'staff',
  actor_id: 1,
  actor_name: 'sara',
  action: 'setup.done',
  details: '{}',
  prev_hash: '0'.repeat(64),
  hash: 'a'.repeat(64),
  ...o,
});

/** One row for every table, in the order their foreign keys need; fixed ids so later rows can point at them. */
export const SEEDS: Array<[string, Record<string, unknown>]> = [
  ['settings', { key: 'termsVersion', value: '"1"', updated_at: T }],
  ['branches', { id: 1, code: '1001', name: 'شعبه یک تهران', name_search: 'شعبه یک تهران', created_at: T }],
  ['insurance_groups', { id: 1, code: 'G1', name: 'گروه یک', registration_open: true }],
  ['stations', { id: 1, branch_id: 1, station_number: 7, registered_at: T }],
  ['staff', { id: 1, username: 'sara', display_name: 'سارا', role: 'supervisor', password_hash: HASH, created_at: T }],
  ['login_failures', { scope: 'portal', username: '0012345678', failures: 2, last_failure_at: T }],
  ['foreign_identifiers', { id: 1, ...identifierRow() }],
  ['accounts', { id: 1, ...accountRow({ last_name: 'كاظمي' }) }],
  ['account_permissions', { account_id: 1, permission: 'issue_payment_slip', granted_at: T }],
  ['sms_outbox', { id: 1, ...outboxRow() }],
  ['password_resets', { id: 1, ...resetRow() }],
  ['mobile_verifications', { id: 1, ...verificationRow() }],
  ['audit_log', auditRow()],
];

export async function seedExisting(db: Db): Promise<string[]> {
  const seeded: string[] = [];
  for (const [table, row] of SEEDS) {
    if (await db.schema.hasTable(table)) {
      await db(table).insert(row);
      seeded.push(table);
    }
  }
  return seeded;
}

export async function dump(db: Db, tables: string[]): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of tables) out[t] = await db(t).select('*');
  return out;
}

/** The rows of `after` cut down to the columns the rows of `before` had. */
export function sameColumns(after: Record<string, unknown[]>, before: Record<string, unknown[]>): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const [table, rows] of Object.entries(after)) {
    const keys = Object.keys((before[table]?.[0] ?? {}) as object);
    out[table] = rows.map((r) => Object.fromEntries(keys.map((k) => [k, (r as Record<string, unknown>)[k]])));
  }
  return out;
}

/** Schema objects (tables, indexes, triggers) that are ours, not knex's or SQLite's. */
export async function schemaObjects(db: Db): Promise<Array<{ type: string; name: string; sql: string | null }>> {
  return db('sqlite_master')
    .whereNot('name', 'like', 'sqlite_%')
    .whereNot('tbl_name', 'like', 'knex_%')
    .orderBy('name')
    .select('type', 'name', 'sql');
}

export const hasObject = async (db: Db, type: string, name: string) => (await db('sqlite_master').where({ type, name }).first()) !== undefined;
