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
