import type { Q, WriteTx } from './types';
import { bool, num } from './types';

export interface StaffRecord {
  id: number;
  username: string;
  displayName: string;
  role: 'clerk' | 'supervisor';
  passwordHash: string;
  mustChangePassword: boolean;
  disabledAt: string | null;
  createdAt: string;
  /** Bumped by every change of password or of being disabled: older sessions of the person end. */
  sessionVersion: number;
}

interface StaffRow {
  id: number;
  username: string;
  display_name: string;
  role: string;
  password_hash: string;
  must_change_password: unknown;
  disabled_at: string | null;
  created_at: string;
  session_version: number;
}

export function rowToStaff(r: StaffRow): StaffRecord {
  return {
    id: num(r.id),
    username: r.username,
    displayName: r.display_name,
    role: r.role === 'supervisor' ? 'supervisor' : 'clerk',
    passwordHash: r.password_hash,
    mustChangePassword: bool(r.must_change_password),
    disabledAt: r.disabled_at,
    createdAt: r.created_at,
    sessionVersion: num(r.session_version),
  };
}

export async function findStaffByUsername(q: Q, username: string): Promise<StaffRecord | undefined> {
  const r = await q('staff').where({ username }).first<StaffRow | undefined>();
  return r ? rowToStaff(r) : undefined;
}

export async function findStaffById(q: Q, id: number): Promise<StaffRecord | undefined> {
  const r = await q('staff').where({ id }).first<StaffRow | undefined>();
  return r ? rowToStaff(r) : undefined;
}

/** The staff row under its lock (PostgreSQL: FOR UPDATE; SQLite's write transaction holds the database). */
export async function findStaffForUpdate(tx: WriteTx, id: number): Promise<StaffRecord | undefined> {
  const r = await tx('staff').where({ id }).forUpdate().first<StaffRow | undefined>();
  return r ? rowToStaff(r) : undefined;
}

export async function listStaff(q: Q): Promise<StaffRecord[]> {
  return (await q('staff').orderBy('id').select<StaffRow[]>('*')).map(rowToStaff);
}

export async function insertStaff(
  q: WriteTx,
  s: { username: string; displayName: string; role: 'clerk' | 'supervisor'; passwordHash: string; mustChangePassword: boolean; createdBy: number | null },
  at: string,
): Promise<number> {
  const [row] = (await q('staff')
    .insert({
      username: s.username,
      display_name: s.displayName,
      role: s.role,
      password_hash: s.passwordHash,
      must_change_password: s.mustChangePassword,
      created_by: s.createdBy,
      created_at: at,
    })
    .returning('id')) as Array<{ id: number }>;
  return num(row!.id);
}

export async function updateStaff(
  q: WriteTx,
  id: number,
  patch: Partial<{ passwordHash: string; mustChangePassword: boolean; disabledAt: string | null; passwordChangedAt: string; displayName: string }>,
): Promise<number> {
  const row: Record<string, unknown> = {};
  if (patch.passwordHash !== undefined) row.password_hash = patch.passwordHash;
  if (patch.mustChangePassword !== undefined) row.must_change_password = patch.mustChangePassword;
  if (patch.disabledAt !== undefined) row.disabled_at = patch.disabledAt;
  if (patch.passwordChangedAt !== undefined) row.password_changed_at = patch.passwordChangedAt;
  if (patch.displayName !== undefined) row.display_name = patch.displayName;
  // A new password or a change of disabled ends the person's other sessions (the router compares versions).
  if (patch.passwordHash !== undefined || patch.disabledAt !== undefined) row.session_version = q.raw('session_version + 1');
  return q('staff').where({ id }).update(row);
}

export async function countActiveSupervisors(q: Q): Promise<number> {
  const [{ n }] = (await q('staff').where({ role: 'supervisor' }).whereNull('disabled_at').count({ n: '*' })) as [{ n: unknown }];
  return num(n);
}
