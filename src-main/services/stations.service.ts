import type { StationSummary } from '../../shared/contract/stations.contract';
import { AppError } from '../../shared/errors';
import { isUniqueViolation } from '../db/errors';
import type { Branch } from '../db/reference.repo';
import { findStation, findStationById, insertStation, listStations, markStationRetired, usedStationNumbers, type Station } from '../db/stations.repo';
import type { Q } from '../db/types';
import { MAX_STATION } from '../../shared/identifiers/foreign-id';
import { unwrapBranchKeys } from './branch-keys.service';
import { audit, inTx, type Actor, type ServiceEnv } from './env';
import { installationBranch, refreshThisStation, sealNewStation, stationState, thisStation, type StationState } from './station-identity.service';
import { isSetupDone } from './setup.service';
import { loginStaff, staffActor } from './staff.service';

/** The lowest number this branch has never used (retired numbers stay used), or null when none is left. */
export async function freeStationNumber(q: Q, branchId: number): Promise<number | null> {
  const used = new Set(await usedStationNumbers(q, branchId));
  for (let n = 1; n <= MAX_STATION; n++) if (!used.has(n)) return n;
  return null;
}

/** What the setup screen needs: first run, join (and why), or ready. */
export async function setupState(env: ServiceEnv): Promise<{
  done: boolean;
  branch: Branch | null;
  stationNumber: number | null;
  station: StationState['state'];
  freeStation: number | null;
}> {
  if (!(await isSetupDone(env.db))) return { done: false, branch: null, stationNumber: null, station: 'none', freeStation: null };
  const s = await stationState(env);
  const branch = s.here?.branch ?? (await installationBranch(env.db)) ?? null;
  return {
    done: true,
    branch,
    stationNumber: s.here?.station.stationNumber ?? null,
    station: s.state,
    freeStation: s.state === 'ready' || !branch ? null : await freeStationNumber(env.db, branch.id),
  };
}

/**
 * "Add this counter": on a database already set up (a shared PostgreSQL), a supervisor proves
 * their password (the staff login rules and lockout) and picks a number the branch never used.
 * The counter takes the branch's keys from that supervisor's wrap, the station is recorded in the
 * database and sealed in this machine's data folder, and the join is audited.
 */
export async function joinStation(env: ServiceEnv, input: { username: string; password: string; stationNumber: number }): Promise<{ branch: Branch; stationNumber: number }> {
  if (!(await isSetupDone(env.db))) throw new AppError('SETUP_REQUIRED');
  if ((await stationState(env)).state === 'ready') throw new AppError('SETUP_DONE');
  // No audit entry yet: this counter may not hold the branch's audit key until the wrap is opened.
  const staff = await loginStaff(env, input.username, input.password, { audit: false });
  if (staff.role !== 'supervisor') throw new AppError('FORBIDDEN');
  const keys = await unwrapBranchKeys(env.db, staff, input.password);
  const now = env.clock.now();
  for (const name of ['audit', 'outbox'] as const) if (!env.keys.key(name).equals(keys[name])) env.keys.replaceKey(name, keys[name], now);
  try {
    const joined = await sealNewStation(env, async (tx, hash) => {
      const branch = await installationBranch(tx);
      if (!branch) throw new AppError('SETUP_REQUIRED');
      if (await findStation(tx, branch.id, input.stationNumber)) throw new AppError('STATION_TAKEN');
      const id = await insertStation(tx, branch.id, input.stationNumber, now.toISOString(), hash);
      const sealed = () =>
        audit(tx, env, staffActor(staff), {
          action: 'station.joined',
          subjectType: 'station',
          subjectId: id,
          details: { branchCode: branch.code, stationNumber: input.stationNumber },
        });
      return { station: (await findStationById(tx, id))!, branch, result: { branch, stationNumber: input.stationNumber }, sealed };
    });
    return joined!;
  } catch (e) {
    if (isUniqueViolation(e, 'stations')) throw new AppError('STATION_TAKEN');
    throw e;
  }
}


function summarise(s: Station, hereId: number | undefined): StationSummary {
  return {
    id: s.id,
    stationNumber: s.stationNumber,
    registeredAt: s.registeredAt,
    claimedAt: s.claimedAt,
    retiredAt: s.retiredAt,
    retireReason: s.retireReason,
    issued: s.nextSequence - 1,
    thisMachine: s.id === hereId,
  };
}

/** The branch's stations, retired ones included (their numbers are never given again). */
export async function branchStations(env: ServiceEnv): Promise<StationSummary[]> {
  const here = await thisStation(env);
  const branch = here?.branch ?? (await installationBranch(env.db));
  if (!branch) return [];
  return (await listStations(env.db, branch.id)).map((s) => summarise(s, here?.station.id));
}

/**
 * A supervisor retires a station (a counter replaced, a machine lost, a sequence run out): it
 * issues nothing more and its number is never given again. Not this counter's own station:
 * retire it from another counter, so no desk retires itself from under its clerks.
 */
export async function retireStation(env: ServiceEnv, actor: Actor, stationId: number, reason: string): Promise<StationSummary> {
  const here = await thisStation(env);
  const retired = await inTx(env, async (tx) => {
    const station = await findStationById(tx, stationId);
    const branch = await installationBranch(tx);
    if (!station || station.branchId !== branch?.id) throw new AppError('NOT_FOUND');
    if (station.id === here?.station.id) throw new AppError('STATION_IN_USE');
    if (!(await markStationRetired(tx, stationId, reason, env.clock.now().toISOString()))) throw new AppError('STATION_RETIRED');
    await audit(tx, env, actor, { action: 'station.retired', subjectType: 'station', subjectId: stationId, details: { stationNumber: station.stationNumber, reason } });
    return (await findStationById(tx, stationId))!;
  });
  await refreshThisStation(env);
  return summarise(retired, here?.station.id);
}
