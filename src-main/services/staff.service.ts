import { AppError } from '../../shared/errors';
import { toAsciiDigits } from '../../shared/text/digits';
import { isUniqueViolation } from '../db/errors';
import { countActiveSupervisors, findStaffById, findStaffByUsername, findStaffForUpdate, insertStaff, listStaff, updateStaff, type StaffRecord } from '../db/staff.repo';
import { audit, inTx, type Actor, type ServiceEnv } from './env';
import { claimGuess, clearLock, lockedFor, recordFailure, releaseGuess, verifyCurrentPassword } from './lockout.service';
import { acceptNewPassword, typedPassword, weakPassword } from './password-policy';
import { burnVerify, hashPassword, verifyPassword } from './passwords';

export interface StaffSummary {
  id: number;
  username: string;
  displayName: string;
  role: 'clerk' | 'supervisor';
  mustChangePassword: boolean;
  disabled: boolean;
  locked: boolean;
  createdAt: string;
}

export function staffActor(s: { id: number; username: string }): Actor {
  return { type: 'staff', id: s.id, name: s.username };
}

/**
 * Staff login: failures counted per typed username in the database, an unknown username costs
 * a full hash and gets the same answer, lockouts grow and are capped. `audit: false` is for a
 * counter that does not hold the branch's audit key yet (a join): the same checks and lockout,
 * but nothing appended to a chain it cannot sign.
 */
export async function loginStaff(env: ServiceEnv, usernameTyped: string, passwordTyped: string, opts: { audit?: boolean } = {}): Promise<StaffRecord> {
  const audited = opts.audit !== false;
  // The same folding as StaffUsernameSchema, so the lockout counts one key per person.
  const username = toAsciiDigits(usernameTyped).trim().toLowerCase();
  const now = env.clock.now();
  const password = typedPassword(passwordTyped);
  // Counted before it is verified (issue 10 item 2): a burst gets at most the threshold verified.
  const wait = await inTx(env, (tx) => claimGuess(tx, 'staff', username, now));
  if (wait > 0) throw new AppError('ACCOUNT_LOCKED', { retryAfterSeconds: wait });
  const staff = await findStaffByUsername(env.db, username);
  const good = staff ? await verifyPassword(staff.passwordHash, password) : (await burnVerify(password), false);
  if (!good || !staff) {
    const locked = await inTx(env, async (tx) => {
      // The guess was counted when it was claimed; this sets the lock once the threshold is spent.
      // Only a name with a username's shape is recorded: a password typed into the username field is not.
      const shown = /^[a-z0-9._-]{3,32}$/.test(username) ? username : '(not a username)';
      if (audited) await audit(tx, env, { type: 'system', id: null, name: shown }, { action: 'staff.login-failed', subjectType: 'staff', subjectId: shown });
      return recordFailure(tx, 'staff', username, now);
    });
    if (locked > 0) throw new AppError('ACCOUNT_LOCKED', { retryAfterSeconds: locked });
    throw new AppError('INVALID_CREDENTIALS');
  }
  if (staff.disabledAt) {
    await inTx(env, (tx) => releaseGuess(tx, 'staff', username));
    throw new AppError('STAFF_DISABLED');
  }
  await inTx(env, async (tx) => {
    await clearLock(tx, 'staff', username);
    if (audited) await audit(tx, env, staffActor(staff), { action: 'staff.login', subjectType: 'staff', subjectId: staff.id });
  });
  return staff;
}

/** The idle lock is lifted only by the same person's password. */
export async function confirmStaffPassword(env: ServiceEnv, staffId: number, passwordTyped: string): Promise<StaffRecord> {
  const staff = await findStaffById(env.db, staffId);
  if (!staff || staff.disabledAt) throw new AppError('STAFF_DISABLED');
  return loginStaff(env, staff.username, passwordTyped);
}

export async function changeOwnStaffPassword(env: ServiceEnv, staffId: number, current: string, next: string, repeat: string): Promise<StaffRecord> {
  const staff = await findStaffById(env.db, staffId);
  if (!staff) throw new AppError('UNAUTHENTICATED');
  await verifyCurrentPassword(env, 'staff', staff.username, () => verifyPassword(staff.passwordHash, typedPassword(current)));
  const accepted = acceptNewPassword(next, repeat, [staff.username], 'staff');
  if (await verifyPassword(staff.passwordHash, accepted)) throw weakPassword('staff', 'same');
  const hash = await hashPassword(accepted);
  return inTx(env, async (tx) => {
    // A supervisor's reset (or a disable) committed while the current password was checked has
    // moved the version on: the supervisor's decision stands.
    const locked = await findStaffForUpdate(tx, staffId);
    if (!locked || locked.disabledAt !== null || locked.sessionVersion !== staff.sessionVersion) throw new AppError('PASSWORD_CHANGED_MEANWHILE');
    await updateStaff(tx, staffId, { passwordHash: hash, mustChangePassword: false, passwordChangedAt: env.clock.now().toISOString() });
    await audit(tx, env, staffActor(staff), { action: 'staff.password-changed', subjectType: 'staff', subjectId: staffId });
    // The session keeps the version this change leaves, not one a later reset makes.
    return (await findStaffById(tx, staffId))!;
  });
}

async function summarise(env: ServiceEnv, s: StaffRecord): Promise<StaffSummary> {
  return {
    id: s.id,
    username: s.username,
    displayName: s.displayName,
    role: s.role,
    mustChangePassword: s.mustChangePassword,
    disabled: s.disabledAt !== null,
    locked: (await lockedFor(env.db, 'staff', s.username, env.clock.now())) > 0,
    createdAt: s.createdAt,
  };
}

export async function staffList(env: ServiceEnv): Promise<StaffSummary[]> {
  return Promise.all((await listStaff(env.db)).map((s) => summarise(env, s)));
}

/**
 * A supervisor adds a clerk or supervisor with a temporary password the supervisor types and
 * hands over (the app generates none for the renderer to see); it must be changed at first login.
 */
export async function createStaff(
  env: ServiceEnv,
  actor: Actor,
  input: { username: string; displayName: string; role: 'clerk' | 'supervisor'; temporaryPassword: string },
): Promise<{ staff: StaffSummary }> {
  const { temporaryPassword, ...person } = input;
  const hash = await hashPassword(acceptNewPassword(temporaryPassword, temporaryPassword, [input.username], 'staff'));
  const id = await inTx(env, async (tx) => {
    if (await findStaffByUsername(tx, input.username)) throw new AppError('STAFF_EXISTS');
    const newId = await insertStaff(tx, { ...person, passwordHash: hash, mustChangePassword: true, createdBy: actor.id }, env.clock.now().toISOString());
    await audit(tx, env, actor, { action: 'staff.created', subjectType: 'staff', subjectId: newId, details: { username: input.username, role: input.role } });
    return newId;
  }).catch((e: unknown) => {
    // Two supervisors adding the same name at once: the unique index decides.
    throw isUniqueViolation(e, 'username') ? new AppError('STAFF_EXISTS') : e;
  });
  return { staff: await summarise(env, (await findStaffById(env.db, id))!) };
}

/** A new temporary password typed by the supervisor; the person must change it at the next login. */
export async function resetStaffPassword(env: ServiceEnv, actor: Actor, staffId: number, temporaryPassword: string): Promise<StaffSummary> {
  const target = await findStaffById(env.db, staffId);
  if (!target) throw new AppError('NOT_FOUND');
  const hash = await hashPassword(acceptNewPassword(temporaryPassword, temporaryPassword, [target.username], 'staff'));
  await inTx(env, async (tx) => {
    const s = await findStaffById(tx, staffId);
    if (!s) throw new AppError('NOT_FOUND');
    await updateStaff(tx, staffId, { passwordHash: hash, mustChangePassword: true });
    await clearLock(tx, 'staff', s.username);
    await audit(tx, env, actor, { action: 'staff.password-reset', subjectType: 'staff', subjectId: staffId });
  });
  return summarise(env, (await findStaffById(env.db, staffId))!);
}

export async function setStaffDisabled(env: ServiceEnv, actor: Actor, staffId: number, disabled: boolean): Promise<StaffSummary> {
  await inTx(env, async (tx) => {
    const s = await findStaffById(tx, staffId);
    if (!s) throw new AppError('NOT_FOUND');
    if (disabled && s.role === 'supervisor' && !s.disabledAt && (await countActiveSupervisors(tx)) <= 1) throw new AppError('LAST_SUPERVISOR');
    await updateStaff(tx, staffId, { disabledAt: disabled ? env.clock.now().toISOString() : null });
    await audit(tx, env, actor, { action: disabled ? 'staff.disabled' : 'staff.enabled', subjectType: 'staff', subjectId: staffId });
  });
  return summarise(env, (await findStaffById(env.db, staffId))!);
}

/** A supervisor lifts a staff member's login lockout. */
export async function unlockStaff(env: ServiceEnv, actor: Actor, staffId: number): Promise<StaffSummary> {
  await inTx(env, async (tx) => {
    const s = await findStaffById(tx, staffId);
    if (!s) throw new AppError('NOT_FOUND');
    await clearLock(tx, 'staff', s.username);
    await audit(tx, env, actor, { action: 'staff.unlocked', subjectType: 'staff', subjectId: staffId });
  });
  return summarise(env, (await findStaffById(env.db, staffId))!);
}

/** Issue 11 item 4: every staff member's session version and role, for main's in-memory check. */
export async function staffSessionStates(env: ServiceEnv): Promise<Array<{ id: number; role: 'clerk' | 'supervisor'; mustChangePassword: boolean; disabled: boolean; sessionVersion: number }>> {
  return (await listStaff(env.db)).map((s) => ({ id: s.id, role: s.role, mustChangePassword: s.mustChangePassword, disabled: s.disabledAt !== null, sessionVersion: s.sessionVersion }));
}

/** The staff member behind a session, or undefined when gone or disabled. */
export async function activeStaff(env: ServiceEnv, staffId: number): Promise<StaffRecord | undefined> {
  const s = await findStaffById(env.db, staffId);
  return s && !s.disabledAt ? s : undefined;
}
