import { existsSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connect } from '../../src-main/db/connection';
import { SUPERVISOR, setUpBranch, startTestApp } from '../helpers/app';
import { nodeCli, openDesk } from '../helpers/cli';

const cli = nodeCli;
const openApp = openDesk;

describe('the command line: import-branches, recover-supervisor, verify-audit', () => {
  let dir: string;
  let installed: string;
  let recoveryCode: string;

  beforeEach(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'desk-cli-'));
    // An installation that has been set up, then closed (the CLI runs while the app is stopped).
    const app = await startTestApp();
    ({ recoveryCode } = await setUpBranch(app));
    await app.ctx.close();
    installed = path.join(dir, 'installed');
    renameSync(app.dataDir, installed);
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('import-branches FILE: a good file imports; the app then lists the real branches', async () => {
    const file = path.join(dir, 'branches.csv');
    writeFileSync(file, '\uFEFFcode,name,province\n۸۰۰۱,شعبهٔ يزد,يزد\n8002,شعبهٔ کاشان,اصفهان\n');
    const r = await cli('import-branches', file, '--data-dir', installed);
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toMatch(/^2 شعبه وارد شد/);
    const ctx = await openApp(installed);
    try {
      const rows = await ctx.db('branches').whereIn('code', ['8001', '8002']).orderBy('code').select('code', 'name');
      expect(rows).toEqual([
        { code: '8001', name: 'شعبهٔ یزد' },
        { code: '8002', name: 'شعبهٔ کاشان' },
      ]);
      expect(await ctx.db('audit_log').where({ action: 'branches.import', actor_name: 'cli' }).first()).toBeTruthy();
    } finally {
      await ctx.close();
    }
  });

  it('import-branches FILE: bad lines are printed in Persian with their line numbers, exit 1, nothing written', async () => {
    const file = path.join(dir, 'bad.csv');
    writeFileSync(file, 'code,name\n123,شعبهٔ بد\n8002,\n8003,شعبهٔ خوب\n8003,شعبهٔ تکراری\n');
    const r = await cli('--data-dir', installed, 'import-branches', file);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    const lines = r.err.trim().split('\n');
    expect(lines[0]).toMatch(/هیچ شعبه‌ای نوشته نشد/);
    expect(lines.slice(1)).toEqual([
      'سطر 2: کد شعبه باید ۴ رقم باشد. [BRANCH_CODE_FORMAT]',
      'سطر 3: نام شعبه خالی یا بیش از حد بلند است. [NAME_REQUIRED]',
      expect.stringMatching(/^سطر 5: .*سطر ۴.* \[DUPLICATE_CODE\]$/),
    ]);
    const ctx = await openApp(installed);
    try {
      expect(await ctx.db('branches').where({ code: '8003' }).first()).toBeUndefined();
    } finally {
      await ctx.close();
    }
    expect((await cli('import-branches', path.join(dir, 'missing.csv'), '--data-dir', installed)).code).toBe(1);
    expect((await cli('import-branches', '--data-dir', installed)).code).toBe(2);
  });

  it('import-branches FILE: a file that is not UTF-8 (Windows-1256, UTF-16) is refused by name, not imported as U+FFFD; a folder is not a file; many bad lines are summed up (reported defects)', async () => {
    const cp1256 = path.join(dir, 'cp1256.csv');
    writeFileSync(cp1256, Buffer.concat([Buffer.from('code,name\n8001,'), Buffer.from([0xd4, 0xda, 0xc8, 0xe5]), Buffer.from('\n')]));
    const utf16 = path.join(dir, 'utf16.csv');
    writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('code,name\n8001,شعبه\n', 'utf16le')]));
    for (const file of [cp1256, utf16]) {
      const r = await cli('import-branches', file, '--data-dir', installed);
      expect(r.code, file).toBe(1);
      expect(r.err, file).toContain(`${file} is not UTF-8 text`);
      expect(r.err, file).toMatch(/\(CLI_FILE_NOT_UTF8\)\n$/);
    }
    const folder = await cli('import-branches', dir, '--data-dir', installed);
    expect(folder.code).toBe(1);
    expect(folder.err).toMatch(/\(CLI_FILE_NOT_FOUND\)\n$/);
    const many = path.join(dir, 'many.csv');
    writeFileSync(many, `code,name\n${Array.from({ length: 250 }, (_, i) => `${i},بد`).join('\n')}\n`);
    const bad = await cli('import-branches', many, '--data-dir', installed);
    expect(bad.code).toBe(1);
    const lines = bad.err.trim().split('\n');
    expect(lines).toHaveLength(1 + 100 + 1);
    expect(lines.at(-1)).toMatch(/150 more lines with errors/);
    const ctx = await openApp(installed);
    try {
      expect(await ctx.db('branches').where({ code: '8001' }).first()).toBeUndefined();
      expect(await ctx.db('audit_log').where({ action: 'branches.import' }).first()).toBeUndefined();
    } finally {
      await ctx.close();
    }
  });

  it('import-branches before the first start: the real list replaces the samples, the insurance groups still load', async () => {
    const fresh = path.join(dir, 'fresh');
    const file = path.join(dir, 'branches.csv');
    writeFileSync(file, '8001,شعبهٔ یزد,یزد\n8002,شعبهٔ کاشان,اصفهان\n');
    expect((await cli('import-branches', file, '--data-dir', fresh)).code).toBe(0);
    const ctx = await openApp(fresh);
    try {
      const s = ctx.sessions.create('staff', Date.now());
      const list = await ctx.router.call('reference:branches', { query: '' }, s);
      if (!list.ok) throw new Error(JSON.stringify(list.error));
      const data = list.data as Array<{ code: string; isSample: boolean }>;
      expect(data.map((b) => [b.code, b.isSample]).sort()).toEqual([
        ['8001', false],
        ['8002', false],
      ]);
      expect(Number((await ctx.db('insurance_groups').count({ n: '*' }))[0]!.n)).toBe(5);
    } finally {
      await ctx.close();
    }
  });

  it('recover-supervisor: prints a temporary password (to be changed) and a new code; the old code then fails', async () => {
    const r = await cli('recover-supervisor', '--username', SUPERVISOR.username, '--code', recoveryCode, '--data-dir', installed);
    expect(r).toMatchObject({ code: 0, err: '' });
    const temp = /رمز موقت سرپرست [^:]+: (\S+)/.exec(r.out)?.[1];
    const next = /کد بازیابی تازه[^:]*: (\S+)/.exec(r.out)?.[1];
    expect(temp).toMatch(/^[A-Za-z0-9]{12}$/);
    expect(next).toMatch(/^[A-Z0-9]{5}(-[A-Z0-9]{5}){3}$/);

    const again = await cli('recover-supervisor', '--username', SUPERVISOR.username, '--code', recoveryCode, '--data-dir', installed);
    expect(again.code).toBe(1);
    expect(again.err).toBe('نام کاربری یا رمز عبور درست نیست. (INVALID_CREDENTIALS)\n');

    const ctx = await openApp(installed);
    try {
      const s = ctx.sessions.create('staff', Date.now());
      const me = await ctx.router.call('staff:login', { username: SUPERVISOR.username, password: temp }, s);
      expect(me).toMatchObject({ ok: true, data: { mustChangePassword: true } });
      expect(await ctx.router.call('staff:list', {}, s)).toMatchObject({ ok: false, error: { code: 'PASSWORD_CHANGE_REQUIRED' } });
    } finally {
      await ctx.close();
    }
    expect((await cli('recover-supervisor', '--username', SUPERVISOR.username, '--data-dir', installed)).code).toBe(2);
  });

  it('verify-audit: ok with the count and the chain head; after an edit, the first broken id and exit 1', async () => {
    const r = await cli('verify-audit', '--data-dir', installed);
    expect(r.code).toBe(0);
    const [status, entries, head] = r.out.split('\n');
    expect(status).toBe('ok');
    const db = connect({ url: null, sqliteFile: path.join(installed, 'desk.sqlite') });
    try {
      const h = await db('audit_head').first();
      expect(entries).toBe(`entries: ${h.last_id}`);
      expect(head).toBe(`head: ${h.last_hash}`);
      // Someone edits the file directly (the triggers are no obstacle to them).
      await db.raw('DROP TRIGGER audit_log_no_update');
      await db('audit_log').where({ id: 3 }).update({ actor_name: 'someone.else' });
    } finally {
      await db.destroy();
    }
    const broken = await cli('verify-audit', '--data-dir', installed);
    expect(broken.code).toBe(1);
    expect(broken.out).toMatch(/^BROKEN\nfirst broken entry: 3 \(hash\)\n/);
    expect(broken.err).toMatch(/از ردیف 3 شکسته است/);
  });

  it('refuses a data folder without an installation, or without the audit key, and creates nothing there', async () => {
    const empty = path.join(dir, 'empty');
    const r = await cli('verify-audit', '--data-dir', empty);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/پایگاه داده‌ای نیست/);
    expect(existsSync(empty)).toBe(false);

    rmSync(path.join(installed, 'keys', 'audit.key'));
    const nokey = await cli('recover-supervisor', '--username', SUPERVISOR.username, '--code', recoveryCode, '--data-dir', installed);
    expect(nokey.code).toBe(1);
    expect(nokey.err).toMatch(/audit\.key/);
    expect(readdirSync(path.join(installed, 'keys'))).not.toContain('audit.key');

    expect((await cli('frobnicate', '--data-dir', installed)).code).toBe(2);
    expect((await cli()).code).toBe(2);
  });
});
