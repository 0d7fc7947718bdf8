import type { Q, WriteTx } from './types';
import { num } from './types';

/** A counter's station: its number in the branch, its identifier sequence, and its binding to a machine. */
export interface Station {
  id: number;
  branchId: number;
  stationNumber: number;
  nextSequence: number;
  registeredAt: string;
  claimedAt: string | null;
  retiredAt: string | null;
  retireReason: string | null;
}

interface StationRow {
  id: number;
  branch_id: number;
  station_number: number;
  next_sequence: number;
  registered_at: string;
  claimed_at: string | null;
  retired_at: string | null;
  retire_reason: string | null;
}

function rowToStation(r: StationRow): Station {
  return {
    id: num(r.id),
    branchId: num(r.branch_id),
    stationNumber: num(r.station_number),
    nextSequence: num(r.next_sequence),
    registeredAt: r.registered_at,
    claimedAt: r.claimed_at,
    retiredAt: r.retired_at,
    retireReason: r.retire_reason,
  };
}

export async function findStation(q: Q, branchId: number, stationNumber: number): Promise<Station | undefined> {
  const r = await q('stations').where({ branch_id: branchId, station_number: stationNumber }).first<StationRow | undefined>();
  return r ? rowToStation(r) : undefined;
}

export async function findStationById(q: Q, id: number): Promise<Station | undefined> {
  const r = await q('stations').where({ id }).first<StationRow | undefined>();
  return r ? rowToStation(r) : undefined;
}

/** The station bound to the machine that holds the token whose SHA-256 this is. */
export async function findStationByTokenHash(q: Q, tokenHash: string): Promise<Station | undefined> {
  const r = await q('stations').where({ claim_token_hash: tokenHash }).first<StationRow | undefined>();
  return r ? rowToStation(r) : undefined;
}

export async function listStations(q: Q, branchId: number): Promise<Station[]> {
  return (await q('stations').where({ branch_id: branchId }).orderBy('station_number').select<StationRow[]>('*')).map(rowToStation);
}

/** Every number the branch has used, retired ones included: none of them is ever given again. */
export async function usedStationNumbers(q: Q, branchId: number): Promise<number[]> {
  return (await q('stations').where({ branch_id: branchId }).select<{ station_number: number }[]>('station_number')).map((r) => num(r.station_number));
}

/** A new station, bound at once to the machine holding the token (null: bound later by a claim). */
export async function insertStation(q: WriteTx, branchId: number, stationNumber: number, at: string, tokenHash: string | null = null): Promise<number> {
  const [row] = (await q('stations')
    .insert({ branch_id: branchId, station_number: stationNumber, next_sequence: 1, registered_at: at, claim_token_hash: tokenHash, claimed_at: tokenHash ? at : null })
    .returning('id')) as Array<{ id: number } | number>;
  return typeof row === 'object' ? num(row.id) : num(row);
}

/** Binds an unbound, live station to a machine; false when another machine got there first. */
export async function claimStation(q: WriteTx, stationId: number, tokenHash: string, at: string): Promise<boolean> {
  const n = await q('stations').where({ id: stationId }).whereNull('claim_token_hash').whereNull('retired_at').update({ claim_token_hash: tokenHash, claimed_at: at });
  return n === 1;
}

/**
 * Takes the next sequence number of a live station atomically (row lock on PostgreSQL); null when
 * the station was retired meanwhile (by a supervisor at another counter).
 */
export async function takeStationSequence(q: WriteTx, stationId: number): Promise<number | null> {
  const r = await q('stations').where({ id: stationId }).forUpdate().first<StationRow>();
  if (r.retired_at) return null;
  const seq = num(r.next_sequence);
  await q('stations').where({ id: stationId }).update({ next_sequence: seq + 1 });
  return seq;
}

/** Retires a live station; false when it was already retired (its number stays taken either way). */
export async function markStationRetired(q: WriteTx, stationId: number, reason: string, at: string): Promise<boolean> {
  return (await q('stations').where({ id: stationId }).whereNull('retired_at').update({ retired_at: at, retire_reason: reason })) === 1;
}
