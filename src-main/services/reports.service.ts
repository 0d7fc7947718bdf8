import { auditCounts, stationCounts } from '../db/reports.repo';
import { chainHead } from './audit.service';
import type { ServiceEnv } from './env';
import { thisStation } from './station-identity.service';

/** Iran has kept UTC+03:30 all year since 2022; a branch's day runs from its local midnight. */
const TEHRAN_OFFSET_MS = 3.5 * 3600_000;

export function tehranDay(at: Date): string {
  return new Date(at.getTime() + TEHRAN_OFFSET_MS).toISOString().slice(0, 10);
}

export function dayBounds(day: string): { from: string; to: string } {
  const start = Date.parse(`${day}T00:00:00Z`) - TEHRAN_OFFSET_MS;
  return { from: new Date(start).toISOString(), to: new Date(start + 24 * 3600_000).toISOString() };
}

export async function todayCounts(env: ServiceEnv) {
  const day = tehranDay(env.clock.now());
  const { from, to } = dayBounds(day);
  const rows = await auditCounts(env.db, from, to, ['account.registered', 'reset.counter', 'reset.self', 'identifier.issued']);
  const sum = (actions: string[]) => rows.filter((r) => actions.includes(r.action)).reduce((a, r) => a + r.count, 0);
  return { day, registrations: sum(['account.registered']), resets: sum(['reset.counter', 'reset.self']), identifiers: sum(['identifier.issued']) };
}

/**
 * Per actor and action for one day, with the chain head printed so a rebuilt chain is noticed;
 * reports carry the issuing station (this machine's) and registrations/identifiers per station.
 */
export async function dailyReport(env: ServiceEnv, day: string) {
  const { from, to } = dayBounds(day);
  // Searches answered so far count, and the head includes their entries (issue 11 item 4).
  await env.lookupAudits?.flush();
  const here = await thisStation(env);
  return {
    day,
    station: here ? { branchCode: here.branch.code, stationNumber: here.station.stationNumber } : null,
    rows: await auditCounts(env.db, from, to),
    stations: await stationCounts(env.db, from, to),
    chainHead: await chainHead(env.db),
    generatedAt: env.clock.now().toISOString(),
  };
}
