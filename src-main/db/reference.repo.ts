import type { Q, WriteTx } from './types';
import { bool, num } from './types';
import { escapeLike, whereLike } from './like';

export interface Branch {
  id: number;
  code: string;
  name: string;
  province: string | null;
  isSample: boolean;
}
export interface InsuranceGroup {
  id: number;
  code: string;
  name: string;
  registrationOpen: boolean;
  isSample: boolean;
}

interface BranchRow {
  id: number;
  code: string;
  name: string;
  province: string | null;
  is_sample: unknown;
}
export function rowToBranch(r: BranchRow): Branch {
  return { id: num(r.id), code: r.code, name: r.name, province: r.province, isSample: bool(r.is_sample) };
}

export async function countBranches(q: Q): Promise<number> {
  const [{ n }] = (await q('branches').count({ n: '*' })) as [{ n: unknown }];
  return num(n);
}

export async function findBranchById(q: Q, id: number): Promise<Branch | undefined> {
  const r = await q('branches').where({ id }).first<BranchRow | undefined>();
  return r ? rowToBranch(r) : undefined;
}

export async function findBranchByCode(q: Q, code: string): Promise<Branch | undefined> {
  const r = await q('branches').where({ code }).first<BranchRow | undefined>();
  return r ? rowToBranch(r) : undefined;
}

/**
 * Name search on the normalised column: a word prefix (the name's first word, or any later word
 * after a space) uses the index; a typed code matches the code exactly.
 */
export async function searchBranches(q: Q, key: { name: string; code: string }, limit: number): Promise<Branch[]> {
  const rows = await q('branches')
    .modify((b) => {
      if (key.name) whereLike(whereLike(b, 'name_search', `${escapeLike(key.name)}%`), 'name_search', `% ${escapeLike(key.name)}%`, true);
      if (key.code) b.orWhere('code', key.code);
    })
    .orderBy('name')
    .limit(limit)
    .select<BranchRow[]>('*');
  return rows.map(rowToBranch);
}

/**
 * After the real list is imported, the sample branches it did not replace go, unless a station or
 * an account already points at one (those stay, still flagged as sample). Returns how many went.
 */
export async function deleteUnusedSampleBranches(q: WriteTx): Promise<number> {
  return q('branches')
    .where('is_sample', true)
    .whereNotExists((s) => s.select(q.raw('1')).from('stations').whereRaw('stations.branch_id = branches.id'))
    .whereNotExists((s) => s.select(q.raw('1')).from('accounts').whereRaw('accounts.branch_id = branches.id'))
    .delete();
}

export async function countGroups(q: Q): Promise<number> {
  const [{ n }] = (await q('insurance_groups').count({ n: '*' })) as [{ n: unknown }];
  return num(n);
}

export async function upsertBranch(q: WriteTx, b: { code: string; name: string; nameSearch: string; province: string | null; isSample: boolean }, at: string): Promise<void> {
  await q('branches')
    .insert({ code: b.code, name: b.name, name_search: b.nameSearch, province: b.province, is_sample: b.isSample, created_at: at })
    .onConflict('code')
    .merge(['name', 'name_search', 'province', 'is_sample']);
}

interface GroupRow {
  id: number;
  code: string;
  name: string;
  registration_open: unknown;
  is_sample: unknown;
}
function rowToGroup(r: GroupRow): InsuranceGroup {
  return { id: num(r.id), code: r.code, name: r.name, registrationOpen: bool(r.registration_open), isSample: bool(r.is_sample) };
}

export async function listGroups(q: Q): Promise<InsuranceGroup[]> {
  return (await q('insurance_groups').orderBy('id').select<GroupRow[]>('*')).map(rowToGroup);
}

export async function findGroup(q: Q, id: number): Promise<InsuranceGroup | undefined> {
  const r = await q('insurance_groups').where({ id }).first<GroupRow | undefined>();
  return r ? rowToGroup(r) : undefined;
}

/**
 * A branch and an insurance group by id in one read, either missing as undefined (issue 11 item
 * 4: a registration's round trips).
 */
export async function findBranchAndGroup(q: Q, branchId: number, groupId: number): Promise<{ branch: Branch | undefined; group: InsuranceGroup | undefined }> {
  const r = await q
    .from(q.raw('(select 1 as one) as x'))
    .leftJoin('branches as b', (j) => j.onVal('b.id', '=', branchId))
    .leftJoin('insurance_groups as g', (j) => j.onVal('g.id', '=', groupId))
    .first<Record<string, unknown>>(
      'b.id as b_id', 'b.code as b_code', 'b.name as b_name', 'b.province as b_province', 'b.is_sample as b_is_sample',
      'g.id as g_id', 'g.code as g_code', 'g.name as g_name', 'g.registration_open as g_registration_open', 'g.is_sample as g_is_sample',
    );
  const part = (prefix: string) =>
    r && r[`${prefix}id`] != null ? Object.fromEntries(Object.entries(r).filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), v])) : undefined;
  const b = part('b_');
  const g = part('g_');
  return { branch: b && rowToBranch(b as unknown as BranchRow), group: g && rowToGroup(g as unknown as GroupRow) };
}

export async function insertGroup(q: WriteTx, g: { code: string; name: string; registrationOpen: boolean; isSample: boolean }): Promise<void> {
  await q('insurance_groups')
    .insert({ code: g.code, name: g.name, registration_open: g.registrationOpen, is_sample: g.isSample })
    .onConflict('code')
    .ignore();
}

export async function setGroupOpen(q: WriteTx, id: number, open: boolean): Promise<number> {
  return q('insurance_groups').where({ id }).update({ registration_open: open });
}
