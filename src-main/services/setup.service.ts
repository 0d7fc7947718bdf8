import { randomInt } from 'node:crypto';
import { AppError } from '../../shared/errors';
import { toAsciiDigits } from '../../shared/text/digits';
import { findBranchById } from '../db/reference.repo';
import { findStation, findStationById, insertStation } from '../db/stations.repo';
import { findStaffById, findStaffByUsername, insertStaff, updateStaff } from '../db/staff.repo';
import { isUniqueViolation } from '../db/errors';
import type { Q } from '../db/types';
import { audit, inTx, type ServiceEnv } from './env';
import { acceptNewPassword } from './password-policy';
import { hashPassword, randomStaffPassword, verifyPassword } from './passwords';
import { claimInternal, getInternal, setInternal, swapInternal } from './settings.service';
import { clearLock } from './lockout.service';
import { wrapBranchKeys } from './branch-keys.service';
import { sealNewStation } from './station-identity.service';

export async function isSetupDone(q: Q): Promise<boolean> {
  return (await getInternal<boolean>(q, 'setup_done')) === true;
}

function recoveryCode(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const groups: string[] = [];
  for (let g = 0; g < 4; g++) {
    let s = '';
    for (let i = 0; i < 5; i++) s += alphabet[randomInt(alphabet.length)];
    groups.push(s);
  }
  return groups.join('-');
}

/**
 * First run: the branch (from the list), this machine's station number — never one this
 * database has seen, so a reinstall must take a new one — and the first supervisor, whose
 * password they choose now (there is no default password). The recovery code is shown once.
 * The station is sealed in this machine's data folder; the branch's keys are wrapped under the
 * supervisor's password, so that they can add the other counters.
 */
export async function runSetup(
  env: ServiceEnv,
  input: { branchId: number; stationNumber: number; username: string; displayName: string; password: string; passwordRepeat: string },
): Promise<{ recoveryCode: string }> {
  const password = acceptNewPassword(input.password, input.passwordRepeat, [input.username], 'staff');
  const hash = await hashPassword(password);
  const code = recoveryCode();
  const codeHash = await hashPassword(code);
  try {
    const staffId = await sealNewStation(env, async (tx, tokenHash) => {
      if (await isSetupDone(tx)) throw new AppError('SETUP_DONE');
      const now = env.clock.now();
      // Two first runs racing on one PostgreSQL: the loser's insert of the key fails (or waits
      // for the winner's commit and then fails), so there is only ever one setup.
      await claimInternal(tx, 'setup_done', true, now);
      const branch = await findBranchById(tx, input.branchId);
      if (!branch) throw new AppError('UNKNOWN_BRANCH');
      if (await findStation(tx, branch.id, input.stationNumber)) throw new AppError('STATION_TAKEN');
      const stationId = await insertStation(tx, branch.id, input.stationNumber, now.toISOString(), tokenHash);
      const staffId = await insertStaff(
        tx,
        { username: input.username, displayName: input.displayName, role: 'supervisor', passwordHash: hash, mustChangePassword: false, createdBy: null },
        now.toISOString(),
      );
      // The station the installation was set up as: it names the branch every joining counter belongs to.
      await setInternal(tx, 'station_id', stationId, now);
      await setInternal(tx, 'recovery_hash', codeHash, now);
      const station = (await findStationById(tx, stationId))!;
      const audited = () =>
        audit(tx, env, { type: 'staff', id: staffId, name: input.username }, {
          action: 'setup.done',
          subjectType: 'station',
          subjectId: stationId,
          details: { branchCode: branch.code, stationNumber: input.stationNumber },
        });
      return { station, branch, result: staffId, sealed: audited };
    });
    // The first supervisor can add the other counters: the branch keys wrapped under their password.
    if (staffId !== null) await wrapBranchKeys(env, (await findStaffById(env.db, staffId))!, password);
  } catch (e) {
    if (isUniqueViolation(e, 'settings')) throw new AppError('SETUP_DONE');
    if (isUniqueViolation(e, 'stations')) throw new AppError('STATION_TAKEN');
    throw e;
  }
  return { recoveryCode: code };
}

/** The recovery code as typed: any digit script, any case, dashes and spaces optional. */
export function normalizeRecoveryCode(typed: string): string {
  const flat = toAsciiDigits(typed).toUpperCase().replace(/[^A-Z0-9]/g, '');
  return flat.match(/.{1,5}/g)?.join('-') ?? '';
}

/**
 * Command-line recovery when every supervisor is locked out: the one-time code from setup gives
 * the named supervisor a temporary password (to be changed at once) and a new recovery code. The
 * code is swapped only if it is still the one just verified, so it works once even in a race.
 */
export async function recoverSupervisor(env: ServiceEnv, username: string, code: string): Promise<{ temporaryPassword: string; recoveryCode: string }> {
  const stored = await getInternal<string>(env.db, 'recovery_hash');
  if (!stored || !(await verifyPassword(stored, normalizeRecoveryCode(code)))) throw new AppError('INVALID_CREDENTIALS');
  const temporaryPassword = randomStaffPassword();
  const next = recoveryCode();
  const [hash, nextHash] = await Promise.all([hashPassword(temporaryPassword), hashPassword(next)]);
  await inTx(env, async (tx) => {
    const s = await findStaffByUsername(tx, toAsciiDigits(username).trim().toLowerCase());
    if (!s || s.role !== 'supervisor') throw new AppError('NOT_FOUND');
    if (!(await swapInternal(tx, 'recovery_hash', stored, nextHash, env.clock.now()))) throw new AppError('INVALID_CREDENTIALS');
    await updateStaff(tx, s.id, { passwordHash: hash, mustChangePassword: true, disabledAt: null });
    await clearLock(tx, 'staff', s.username);
    await audit(tx, env, { type: 'system', id: null, name: 'cli' }, { action: 'staff.recovered', subjectType: 'staff', subjectId: s.id });
  });
  return { temporaryPassword, recoveryCode: next };
}
