import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nodeHost } from '../../src-main/cli';
import { runCli } from '../../src-main/cli/run-cli';
import { anchorPath, readNewestAnchor } from '../../src-main/core/audit-anchors';
import { keysDir } from '../../src-main/core/secrets';
import { connect } from '../../src-main/db/connection';
import { useTestApp, type TestApp } from '../helpers/app';
import { branchDesk, registerCitizen } from '../helpers/desk-flow';

/**
 * Issue 10 item 3: with only the database file in hand, delete the end of the audit chain and
 * rewrite audit_head to match what is left. The anchor beside the keys must notice, and name
 * what is gone.
 */
describe('the audit head anchored outside the database (issue 10 item 3)', () => {
  const desk = useTestApp(branchDesk);
  const verify = () => desk().app.ok(desk().supervisor, 'audit:verify', {});
  const keys = (app: TestApp) => keysDir(app.dataDir);
  const auditKey = (app: TestApp) => app.ctx.env.keys.key('audit');

  async function someActions(): Promise<number> {
    const { app, clerk } = desk();
    const a = await registerCitizen(desk(), '001234567');
    await registerCitizen(desk(), '002345678');
    await app.ok(clerk, 'accounts:get', { accountId: a.accountId });
    return ((await app.ctx.db('audit_head').first()) as { last_id: number }).last_id;
  }

  /** What someone with only desk.sqlite can do: drop the triggers, cut the chain at `keep`, rewrite the head to match. */
  async function cutWithOnlyTheDatabase(app: TestApp, keep: number): Promise<void> {
    const db = connect({ url: null, sqliteFile: `${app.dataDir}/desk.sqlite` });
    try {
      await db.raw('DROP TRIGGER IF EXISTS audit_log_no_delete');
      await db.raw('DROP TRIGGER IF EXISTS audit_log_no_update');
      await db('audit_log').where('id', '>', keep).del();
      const last = (await db('audit_log').where({ id: keep }).first()) as { hash: string } | undefined;
      await db('audit_head').where({ id: 1 }).update({ last_id: keep, last_hash: last?.hash ?? '' });
    } finally {
      await db.destroy();
    }
  }

  async function cliVerify(dataDir: string): Promise<{ code: number; out: string }> {
    const r = { out: '', err: '' };
    const code = await runCli(['verify-audit', '--data-dir', dataDir], nodeHost, { out: (t) => (r.out += t), err: (t) => (r.err += t) }, {});
    return { code, out: r.out };
  }

  it('every commit that adds audit entries anchors the new head; readNewestAnchor reads it back', async () => {
    const { app } = desk();
    const head = await someActions();
    const read = readNewestAnchor(keys(app), auditKey(app));
    expect(read.state).toBe('ok');
    const hash = ((await app.ctx.db('audit_log').where({ id: head }).first()) as { hash: string }).hash;
    expect(read.state === 'ok' && read.newest).toMatchObject({ lastId: head, lastHash: hash });
    expect(await verify()).toMatchObject({ ok: true, anchoredId: head, missingFrom: null });
  });

  it('the last rows deleted and audit_head rewritten: verify says which entries are gone (screen channel and CLI)', async () => {
    const { app } = desk();
    const head = await someActions();
    const keep = head - 4;
    await cutWithOnlyTheDatabase(app, keep);
    expect(await verify()).toMatchObject({ ok: false, reason: 'truncated', entries: keep, firstBrokenId: keep + 1, missingFrom: keep + 1, missingTo: head, anchoredId: head });
    const cli = await cliVerify(app.dataDir);
    expect(cli.code).toBe(1);
    expect(cli.out).toContain(`entries ${keep + 1}–${head} are gone`);
  });

  it('every row deleted and audit_head reset to empty: still noticed', async () => {
    const { app } = desk();
    const head = await someActions();
    await cutWithOnlyTheDatabase(app, 0);
    expect(await verify()).toMatchObject({ ok: false, reason: 'truncated', entries: 0, missingFrom: 1, missingTo: head });
    expect((await cliVerify(app.dataDir)).out).toContain(`entries 1–${head} are gone`);
  });

  it('the anchor file cannot be edited or extended without the key: a changed or forged line is reported', async () => {
    const { app } = desk();
    const head = await someActions();
    const file = anchorPath(keys(app));
    const original = readFileSync(file, 'utf8');
    // A forged line claiming a shorter chain (to hide a cut) does not verify.
    appendFileSync(file, `a1 ${head + 50} ${'0'.repeat(64)} 2026-11-25T07:00:00.000Z ${'f'.repeat(64)}\n`);
    expect(readNewestAnchor(keys(app), auditKey(app)).state).toBe('damaged');
    expect(await verify()).toMatchObject({ ok: false, reason: 'anchor-damaged', firstBrokenId: null });
    writeFileSync(file, original.replace(/^a1 1 /m, 'a1 2 '));
    expect(readNewestAnchor(keys(app), auditKey(app))).toMatchObject({ state: 'damaged', line: 1 });
  });

  it('a line cut short by a crash is ignored, and a chain ahead of its anchor (the commit before the anchor write) is fine', async () => {
    const { app } = desk();
    const head = await someActions();
    const file = anchorPath(keys(app));
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    // The anchor one commit behind, and a torn last line.
    writeFileSync(file, lines.slice(0, -1).join('\n') + '\n' + lines.at(-1)!.slice(0, 30));
    const read = readNewestAnchor(keys(app), auditKey(app));
    expect(read.state === 'ok' && read.newest.lastId).toBeLessThan(head);
    expect(await verify()).toMatchObject({ ok: true, entries: head });
  });
});
