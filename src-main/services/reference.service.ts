import { parse } from 'csv-parse/sync';
import { BranchCodeSchema } from '../../shared/schemas/fields';
import { normalizeNameForSearch, normalizePersianText } from '../../shared/text/persian';
import { AppError } from '../../shared/errors';
import {
  countBranches,
  findGroup,
  insertGroup,
  listGroups,
  searchBranches,
  setGroupOpen,
  upsertBranch,
  type Branch,
  type InsuranceGroup,
} from '../db/reference.repo';
import type { Q } from '../db/types';
import { audit, inTx, type Actor, type ServiceEnv } from './env';
import { SAMPLE_BRANCHES, SAMPLE_INSURANCE_GROUPS } from './sample-data';

/** First run: the sample lists, so that setup can offer a branch to choose. */
export async function loadSampleDataIfEmpty(env: ServiceEnv): Promise<boolean> {
  return inTx(env, async (tx) => {
    if ((await countBranches(tx)) > 0) return false;
    const at = env.clock.now().toISOString();
    for (const b of SAMPLE_BRANCHES) {
      await upsertBranch(tx, { ...b, nameSearch: normalizeNameForSearch(b.name), isSample: true }, at);
    }
    for (const g of SAMPLE_INSURANCE_GROUPS) await insertGroup(tx, { ...g, isSample: true });
    return true;
  });
}

/** REG-8: branches by name (typed, chosen from the list shown). */
export function findBranches(q: Q, query: string, limit = 20): Promise<Branch[]> {
  return searchBranches(q, normalizeNameForSearch(query), limit);
}

export function insuranceGroups(q: Q): Promise<InsuranceGroup[]> {
  return listGroups(q);
}

/** REG-1: a supervisor opens or closes registration for an insurance group. */
export async function setGroupRegistration(env: ServiceEnv, actor: Actor, groupId: number, open: boolean): Promise<InsuranceGroup> {
  return inTx(env, async (tx) => {
    if ((await setGroupOpen(tx, groupId, open)) === 0) throw new AppError('UNKNOWN_GROUP');
    await audit(tx, env, actor, { action: 'group.registration', subjectType: 'group', subjectId: groupId, details: { open } });
    return (await findGroup(tx, groupId))!;
  });
}

export interface ImportLineError {
  line: number;
  code: string;
  message: string;
}

/**
 * The real branch list, as CSV `code,name[,province]` (a header line is allowed). Nothing is
 * written unless every line is good; each bad line is reported with its number.
 */
export async function importBranchesCsv(env: ServiceEnv, actor: Actor, csv: string): Promise<{ imported: number; errors: ImportLineError[] }> {
  let records: string[][];
  try {
    records = parse(csv.replace(/^\uFEFF/, ''), { relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][];
  } catch (e) {
    const line = typeof e === 'object' && e && 'lines' in e ? Number((e as { lines: number }).lines) : 0;
    return { imported: 0, errors: [{ line, code: 'CSV_SYNTAX', message: 'قالب CSV خراب است.' }] };
  }
  const errors: ImportLineError[] = [];
  const good: Array<{ code: string; name: string; province: string | null }> = [];
  const seen = new Set<string>();
  records.forEach((rec, i) => {
    const line = i + 1;
    if (i === 0 && /code|کد/i.test(rec[0] ?? '')) return; // header
    const code = BranchCodeSchema.safeParse(rec[0] ?? '');
    const name = normalizePersianText(rec[1] ?? '');
    if (!code.success) errors.push({ line, code: 'BRANCH_CODE_FORMAT', message: 'کد شعبه باید ۴ رقم باشد.' });
    else if (seen.has(code.data)) errors.push({ line, code: 'DUPLICATE_CODE', message: 'این کد شعبه در پرونده تکرار شده است.' });
    else if (name.length < 2 || name.length > 120) errors.push({ line, code: 'NAME_REQUIRED', message: 'نام شعبه خالی یا بیش از حد بلند است.' });
    else {
      seen.add(code.data);
      good.push({ code: code.data, name, province: rec[2] ? normalizePersianText(rec[2]) : null });
    }
  });
  if (errors.length > 0 || good.length === 0) {
    if (good.length === 0 && errors.length === 0) errors.push({ line: 0, code: 'EMPTY', message: 'پرونده هیچ شعبه‌ای ندارد.' });
    return { imported: 0, errors };
  }
  await inTx(env, async (tx) => {
    const at = env.clock.now().toISOString();
    for (const b of good) await upsertBranch(tx, { ...b, nameSearch: normalizeNameForSearch(b.name), isSample: false }, at);
    await audit(tx, env, actor, { action: 'branches.import', details: { count: good.length } });
  });
  return { imported: good.length, errors: [] };
}
