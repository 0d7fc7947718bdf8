import { parse } from 'csv-parse/sync';
import { BranchCodeSchema } from '../../shared/schemas/fields';
import { normalizeDigitInput, toAsciiDigits, toPersianDigits } from '../../shared/text/digits';
import { normalizeNameForSearch, normalizePersianText } from '../../shared/text/persian';
import { AppError } from '../../shared/errors';
import { BRANCH_CSV_HEADER, BRANCH_IMPORT_FA } from '../../shared/i18n/fa-desk';
import { fieldMessageFa } from '../../shared/i18n/fa-fields';
import { hasForbiddenTextChars, TEXT_CONTROL_CHARS } from '../../shared/text/control-chars';
import {
  countBranches,
  countGroups,
  deleteUnusedSampleBranches,
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
import { SAMPLE_BRANCHES, SAMPLE_INSURANCE_GROUPS } from '../../shared/i18n/fa-samples';

/**
 * A branch name's search key: the shared name key (ي/ك folded, diacritics, ZWNJ, …) with digits
 * in ASCII, so that «شعبه 1» typed with Latin digits finds «شعبهٔ ۱ …». Query and column use it.
 */
export function branchSearchKey(s: string): string {
  // Punctuation becomes a space, so «(مرکزی)» is found by its word.
  return toAsciiDigits(normalizeNameForSearch(s))
    .replace(/[^\p{L}\p{N}\p{M}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * First run: the sample lists, so that setup can offer a branch to choose. Each list is loaded
 * only when its table is empty: a real branch list imported from the command line before the
 * first start must not cost the installation its insurance groups.
 */
export async function loadSampleDataIfEmpty(env: ServiceEnv): Promise<boolean> {
  return inTx(env, async (tx) => {
    let loaded = false;
    const at = env.clock.now().toISOString();
    if ((await countBranches(tx)) === 0) {
      for (const b of SAMPLE_BRANCHES) await upsertBranch(tx, { ...b, nameSearch: branchSearchKey(b.name), isSample: true }, at);
      loaded = true;
    }
    if ((await countGroups(tx)) === 0) {
      for (const g of SAMPLE_INSURANCE_GROUPS) await insertGroup(tx, { ...g, isSample: true });
      loaded = true;
    }
    return loaded;
  });
}

/** REG-8: branches by a word of the name (any digit script, Arabic-layout letters) or by code. */
export function findBranches(q: Q, query: string, limit = 20): Promise<Branch[]> {
  const code = normalizeDigitInput(query);
  return searchBranches(q, { name: branchSearchKey(query), code: /^[0-9]{4}$/.test(code) ? code : '' }, limit);
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
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    // `info` gives each record its own line number, so blank lines do not shift the numbers.
    records = parse(csv.replace(/^\uFEFF/, ''), { relax_column_count: true, skip_empty_lines: true, trim: true, info: true }) as unknown as typeof records;
  } catch (e) {
    const line = typeof e === 'object' && e && 'lines' in e ? Number((e as { lines: number }).lines) : 0;
    return { imported: 0, errors: [{ line, code: 'CSV_SYNTAX', message: BRANCH_IMPORT_FA.CSV_SYNTAX }] };
  }
  const errors: ImportLineError[] = [];
  const good: Array<{ code: string; name: string; province: string | null }> = [];
  const seen = new Map<string, number>();
  records.forEach(({ record: rec, info }, i) => {
    const line = info.lines;
    if (i === 0 && BRANCH_CSV_HEADER.test(rec[0] ?? '')) return; // header
    const code = BranchCodeSchema.safeParse(rec[0] ?? '');
    const name = normalizePersianText(rec[1] ?? '');
    // The shared text rule, per field: a quoted field may hold a newline, a name may not.
    if (rec.some((field) => hasForbiddenTextChars(field))) errors.push({ line, code: TEXT_CONTROL_CHARS, message: fieldMessageFa(TEXT_CONTROL_CHARS) });
    else if (!code.success) errors.push({ line, code: 'BRANCH_CODE_FORMAT', message: BRANCH_IMPORT_FA.BRANCH_CODE_FORMAT });
    else if (seen.has(code.data)) {
      errors.push({ line, code: 'DUPLICATE_CODE', message: BRANCH_IMPORT_FA.DUPLICATE_CODE(toPersianDigits(seen.get(code.data)!)) });
    } else if (name.length < 2 || name.length > 120 || branchSearchKey(name).length > 120) errors.push({ line, code: 'NAME_REQUIRED', message: BRANCH_IMPORT_FA.NAME_REQUIRED });
    else {
      seen.set(code.data, line);
      const province = rec[2] ? normalizePersianText(rec[2]) : '';
      if (province.length > 60) errors.push({ line, code: 'PROVINCE_TOO_LONG', message: BRANCH_IMPORT_FA.PROVINCE_TOO_LONG });
      else good.push({ code: code.data, name, province: province || null });
    }
  });
  if (errors.length > 0 || good.length === 0) {
    if (good.length === 0 && errors.length === 0) errors.push({ line: 0, code: 'EMPTY', message: BRANCH_IMPORT_FA.EMPTY });
    return { imported: 0, errors };
  }
  await inTx(env, async (tx) => {
    const at = env.clock.now().toISOString();
    for (const b of good) await upsertBranch(tx, { ...b, nameSearch: branchSearchKey(b.name), isSample: false }, at);
    const samplesRemoved = await deleteUnusedSampleBranches(tx);
    await audit(tx, env, actor, { action: 'branches.import', details: { count: good.length, samplesRemoved } });
  });
  return { imported: good.length, errors: [] };
}

