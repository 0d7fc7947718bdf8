import { describe, expect, it } from 'vitest';
import type { Session } from '../../src-main/ipc/sessions';
import { loadSampleDataIfEmpty } from '../../src-main/services/reference.service';
import { SAMPLE_BRANCHES, SAMPLE_INSURANCE_GROUPS } from '../../shared/i18n/fa-samples';
import { setUpBranch, useTestApp } from '../helpers/app';

describe('reference data: sample lists, branch search, CSV import', () => {
  const testApp = useTestApp();

  const branches = (s: Session, query: string) => testApp().ok(s, 'reference:branches', { query });
  const names = async (s: Session, query: string) => (await branches(s, query)).map((b) => b.code).sort();
  const branchCount = async () => Number((await testApp().ctx.db('branches').count({ n: '*' }))[0]!.n);
  const auditCount = async (action: string) => Number((await testApp().ctx.db('audit_log').where({ action }).count({ n: '*' }))[0]!.n);

  it('the sample branches and insurance groups are loaded on first run, flagged as sample data, and only once', async () => {
    const app = testApp();
    const s = app.staffSession();
    const list = await branches(s, '');
    expect(list.map((b) => b.code).sort()).toEqual(SAMPLE_BRANCHES.map((b) => b.code).sort());
    expect(list.every((b) => b.isSample === true)).toBe(true);
    const { supervisor } = await setUpBranch(app);
    const groups = await app.ok(supervisor, 'reference:groups', {});
    expect(groups.map((g) => [g.code, g.registrationOpen, g.isSample])).toEqual(SAMPLE_INSURANCE_GROUPS.map((g) => [g.code, g.registrationOpen, true]));
    const rows = await app.ctx.db('branches').select('is_sample');
    expect(rows.every((r: { is_sample: unknown }) => Number(r.is_sample) === 1)).toBe(true);
    expect(await loadSampleDataIfEmpty(app.ctx.env)).toBe(false);
    expect(await branchCount()).toBe(SAMPLE_BRANCHES.length);
  });

  it('REG-8: a branch is found by a word of its name typed with Arabic ي/ك, in any digit script, or by its code', async () => {
    const app = testApp();
    const s = app.staffSession();
    expect(await names(s, 'كرج')).toEqual(['1011']); // Arabic kaf
    expect(await names(s, 'تبريز')).toEqual(['4001']); // Arabic yeh
    expect(await names(s, 'تبري')).toEqual(['4001']); // a prefix of the word
    expect(await names(s, 'شيراز')).toEqual(['5001']);
    expect(await names(s, 'مركزي')).toEqual(['1001']); // inside parentheses, both letters Arabic
    expect(await names(s, 'تهران')).toEqual(['1001', '1002', '1003']);
    expect(await names(s, 'شعبه 2 تهران')).toEqual(['1002']); // Latin digit for ۲
    expect(await names(s, 'شعبة ۳')).toEqual(['1003']); // ة for ه
    expect(await names(s, '۲۰۰۱')).toEqual(['2001']); // the code in Persian digits
    expect(await names(s, 'لندن')).toEqual([]);
  });

  it('a % or _ typed in the branch search is never a wildcard: punctuation is a word break, so «%» alone is the empty search', async () => {
    const s = testApp().staffSession();
    const all = await names(s, '');
    expect(all.length).toBeGreaterThan(3);
    for (const q of ['%', '_', '%%', '\\']) expect(await names(s, q), q).toEqual(all);
    for (const q of ['ته_ان', 'ت%ران', '%هران', '_هران']) expect(await names(s, q), q).toEqual([]);
    expect(await names(s, 'تهر')).toEqual(['1001', '1002', '1003']);
  });

  it('reference:import-branches: a good CSV (header, BOM, Persian digits, a blank line) imports and upserts', async () => {
    const app = testApp();
    const { supervisor } = await setUpBranch(app);
    const here = (await app.ok(supervisor, 'setup:state', {})).branch!;
    const csv = '\uFEFFcode,name,province\n۱۰۰۲,شعبهٔ ونک (تهران),تهران\n\n۸۰۰۱,شعبهٔ يزد,يزد\n8002,"شعبهٔ کاشان، مرکزی",اصفهان\n';
    const r = await app.ok(supervisor, 'reference:import-branches', { csv });
    expect(r).toEqual({ imported: 3, errors: [] });
    const yazd = await branches(supervisor, 'يزد');
    expect(yazd).toEqual([{ id: expect.any(Number), code: '8001', name: 'شعبهٔ یزد', province: 'یزد', isSample: false }]);
    expect((await branches(supervisor, '1002'))[0]).toMatchObject({ name: 'شعبهٔ ونک (تهران)', isSample: false });
    // The sample branches the real list did not replace are gone, except the one this station uses.
    const all = await branches(supervisor, '');
    expect(all.map((b) => [b.code, b.isSample]).sort()).toEqual(
      [
        ['1002', false],
        ['8001', false],
        ['8002', false],
        ...(here.code === '1002' ? [] : [[here.code, true]]),
      ].sort(),
    );
    // Again, with a new name: the row is updated in place, not added.
    const again = await app.ok(supervisor, 'reference:import-branches', { csv: '8001,شعبهٔ ۱ یزد,یزد\n' });
    expect(again.imported).toBe(1);
    const updated = await branches(supervisor, '8001');
    expect(updated).toEqual([{ ...yazd[0], name: 'شعبهٔ ۱ یزد' }]);
    expect(await auditCount('branches.import')).toBe(2);
  });

  it('reference:import-branches: a CSV with bad lines reports each line with a code and writes nothing', async () => {
    const app = testApp();
    const { supervisor, clerk } = await setUpBranch(app);
    const before = await branchCount();
    const csv = ['code,name', '123,شعبهٔ بد', '8002,', '8003,شعبهٔ خوب', '', '8003,شعبهٔ تکراری', '80x4,شعبهٔ دیگر', '8005,شعبهٔ درست'].join('\n');
    const r = await app.ok(supervisor, 'reference:import-branches', { csv });
    expect(r.imported).toBe(0);
    expect(r.errors.map((e) => [e.line, e.code])).toEqual([
      [2, 'BRANCH_CODE_FORMAT'],
      [3, 'NAME_REQUIRED'],
      [6, 'DUPLICATE_CODE'],
      [7, 'BRANCH_CODE_FORMAT'],
    ]);
    expect(r.errors.every((e) => /[\u0600-\u06FF]/.test(e.message))).toBe(true);
    expect(await branchCount()).toBe(before);
    expect(await names(supervisor, '8003')).toEqual([]);
    expect(await auditCount('branches.import')).toBe(0);
    const broken = await app.ok(supervisor, 'reference:import-branches', { csv: 'code,name\n8001,"شعبهٔ بی‌پایان\n' });
    expect(broken.errors).toEqual([{ line: 2, code: 'CSV_SYNTAX', message: expect.any(String) }]);
    expect(await app.call(clerk, 'reference:import-branches', { csv: '8001,شعبهٔ یزد' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
