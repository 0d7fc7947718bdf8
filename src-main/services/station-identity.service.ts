import { createHash, randomBytes } from 'node:crypto';
import type { KeyStore } from '../core/secrets';
import { logger } from '../core/log';
import type { Tx } from '../db/connection';
import { findBranchById, type Branch } from '../db/reference.repo';
import { claimStation, findStationById, findStationByTokenHash, type Station } from '../db/stations.repo';
import type { Q } from '../db/types';
import { audit, inTx, SYSTEM_ACTOR, type ServiceEnv } from './env';
import { getInternal } from './settings.service';

const log = logger('station');

/** This machine's station and the branch it belongs to. */
export interface ThisStation {
  branch: Branch;
  station: Station;
}

/**
 * Where this machine stands: `ready` with its station; `none` (never had one: set up or join);
 * `retired` (a supervisor retired it: join again with a new number); `unknown` (its sealed
 * station is not in this database: another database, or a restore from before it joined).
 */
export type StationState = { state: 'ready'; here: ThisStation } | { state: 'none' | 'retired' | 'unknown'; here: null };

/** What the data folder keeps, sealed like the keys: the token binds the machine to its row. */
interface SealedStation {
  v: 1;
  token: string;
  stationId: number;
  branchCode: string;
  stationNumber: number;
}

const cache = new WeakMap<KeyStore, ThisStation>();

export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

function readSealedStation(keys: KeyStore): SealedStation | null | 'damaged' {
  const raw = keys.readSealed('station');
  if (!raw) return null;
  try {
    const s = JSON.parse(raw.toString('utf8')) as Partial<SealedStation>;
    if (s.v === 1 && typeof s.token === 'string' && typeof s.stationId === 'number') return s as SealedStation;
  } catch {
    // fall through
  }
  return 'damaged';
}

/** Reads the sealed identity and checks it against the database (no cache). */
export async function stationState(env: ServiceEnv, q: Q = env.db): Promise<StationState> {
  const sealed = readSealedStation(env.keys);
  if (sealed === null) return { state: 'none', here: null };
  if (sealed === 'damaged') {
    log.error('the sealed station in the data folder cannot be read; this counter must join again');
    return { state: 'unknown', here: null };
  }
  const station = await findStationByTokenHash(q, tokenHash(sealed.token));
  if (!station || station.id !== sealed.stationId || station.stationNumber !== sealed.stationNumber) return { state: 'unknown', here: null };
  if (station.retiredAt) return { state: 'retired', here: null };
  const branch = await findBranchById(q, station.branchId);
  if (!branch || branch.code !== sealed.branchCode) return { state: 'unknown', here: null };
  return { state: 'ready', here: { branch, station } };
}

/**
 * The one accessor for "this machine's station": identifiers, registrations, reports (and the
 * journal) carry what it answers. Kept in memory once found, so it costs no query per call; a
 * retirement decided at another counter is seen by the periodic refresh and by the station's
 * own row lock when it takes a sequence number.
 */
export async function thisStation(env: ServiceEnv, q: Q = env.db): Promise<ThisStation | null> {
  const hit = cache.get(env.keys);
  if (hit) return hit;
  const s = await stationState(env, q);
  if (s.state === 'ready') cache.set(env.keys, s.here);
  return s.here;
}

/** Forgets the cached station and reads it again (the periodic refresh, and after a retirement). */
export async function refreshThisStation(env: ServiceEnv): Promise<ThisStation | null> {
  cache.delete(env.keys);
  return thisStation(env);
}

/** The branch this installation belongs to: that of the station it was set up as. */
export async function installationBranch(q: Q): Promise<Branch | undefined> {
  const legacy = await getInternal<number>(q, 'station_id');
  const station = legacy === undefined ? undefined : await findStationById(q, legacy);
  return station ? findBranchById(q, station.branchId) : undefined;
}

/** One sealing at a time per data folder (a double submit must not archive what the first wrote). */
const sealing = new WeakMap<KeyStore, Promise<unknown>>();

/** What `bind` answers: the station made or claimed, and what to do once it is this machine's. */
export interface Bound<T> {
  station: Station;
  branch: Branch;
  result: T;
  /** Runs in the same transaction once the station is sealed: its audit (and so its journal) entry. */
  sealed: () => Promise<void>;
}

/**
 * Creates or claims a station for this machine in one transaction and seals it in the data folder
 * just before the commit: `bind` gets the token's hash to store with the station and answers the
 * station (null: nothing to bind, nothing sealed). If the commit fails, the new sealed file is
 * moved aside again and the station forgotten; an older sealed identity (retired or unknown) is
 * moved aside, never deleted.
 */
export async function sealNewStation<T>(env: ServiceEnv, bind: (tx: Tx, tokenHash: string) => Promise<Bound<T> | null>): Promise<T | null> {
  const previous = sealing.get(env.keys) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(async () => {
    const token = randomBytes(32).toString('hex');
    let written = false;
    try {
      const made = await inTx(env, async (tx) => {
        const out = await bind(tx, tokenHash(token));
        if (!out) return null;
        if (env.keys.readSealed('station')) env.keys.archiveSealed('station', env.clock.now());
        const blob: SealedStation = { v: 1, token, stationId: out.station.id, branchCode: out.branch.code, stationNumber: out.station.stationNumber };
        env.keys.writeSealed('station', Buffer.from(JSON.stringify(blob), 'utf8'));
        written = true;
        cache.set(env.keys, { branch: out.branch, station: out.station });
        await out.sealed();
        return out;
      });
      return made ? made.result : null;
    } catch (e) {
      if (written) {
        cache.delete(env.keys);
        env.keys.archiveSealed('station', env.clock.now());
      }
      throw e;
    }
  });
  sealing.set(env.keys, run);
  return run;
}

/**
 * An installation from before stations were kept on the machine: the first machine to start
 * after the upgrade, if it has no sealed station of its own, keeps the existing station (the one
 * set up with the database; a station set up since 0011 is bound at once, so never claimable). The
 * claim is one conditional UPDATE, so of two machines starting at once exactly one wins; the
 * others are asked to join at their next start (or now, on their setup screen).
 */
export async function claimLegacyStation(env: ServiceEnv): Promise<ThisStation | null> {
  if (env.keys.readSealed('station')) return null;
  const legacyId = await getInternal<number>(env.db, 'station_id');
  if (legacyId === undefined) return null;
  const claimed = await sealNewStation(env, async (tx, hash) => {
    if (!(await claimStation(tx, legacyId, hash, env.clock.now().toISOString()))) return null;
    const station = (await findStationById(tx, legacyId))!;
    const branch = (await findBranchById(tx, station.branchId))!;
    const sealed = () =>
      audit(tx, env, SYSTEM_ACTOR, { action: 'station.claimed', subjectType: 'station', subjectId: station.id, details: { stationNumber: station.stationNumber } });
    return { station, branch, result: { station, branch }, sealed };
  });
  if (claimed) log.info(`kept the installation's station ${claimed.station.stationNumber} for this machine`);
  return claimed;
}
