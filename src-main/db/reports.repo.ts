import type { Q } from './types';
import { num } from './types';

/** Audit entries in [from, to), grouped by actor and action. */
export async function auditCounts(q: Q, from: string, to: string, actions?: string[]): Promise<Array<{ actor: string; action: string; count: number }>> {
  const rows = await q('audit_log')
    .where('at', '>=', from)
    .where('at', '<', to)
    .modify((b) => {
      if (actions) b.whereIn('action', actions);
    })
    .groupBy('actor_name', 'action')
    .orderBy(['actor_name', 'action'])
    .select<{ actor_name: string | null; action: string; n: unknown }[]>('actor_name', 'action', q.raw('count(*) as n'));
  return rows.map((r) => ({ actor: r.actor_name ?? '', action: r.action, count: num(r.n) }));
}

/** Registrations and identifiers in [from, to) per issuing station (its number at its branch). */
export async function stationCounts(q: Q, from: string, to: string): Promise<Array<{ branchCode: string; stationNumber: number; registrations: number; identifiers: number }>> {
  const per = async (table: string, at: string) =>
    q(table)
      .join('stations as s', 's.id', `${table}.station_id`)
      .join('branches as b', 'b.id', 's.branch_id')
      .where(`${table}.${at}`, '>=', from)
      .where(`${table}.${at}`, '<', to)
      .groupBy('b.code', 's.station_number')
      .select<{ code: string; station_number: unknown; n: unknown }[]>('b.code', 's.station_number', q.raw('count(*) as n'));
  const regs = await per('accounts', 'registered_at');
  const ids = await per('foreign_identifiers', 'issued_at');
  const byKey = new Map<string, { branchCode: string; stationNumber: number; registrations: number; identifiers: number }>();
  const slot = (r: { code: string; station_number: unknown }) => {
    const key = `${r.code}/${num(r.station_number)}`;
    const hit = byKey.get(key) ?? { branchCode: r.code, stationNumber: num(r.station_number), registrations: 0, identifiers: 0 };
    byKey.set(key, hit);
    return hit;
  };
  for (const r of regs) slot(r).registrations += num(r.n);
  for (const r of ids) slot(r).identifiers += num(r.n);
  return [...byKey.values()].sort((a, b) => a.branchCode.localeCompare(b.branchCode) || a.stationNumber - b.stationNumber);
}
