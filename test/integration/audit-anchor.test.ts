import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { anchorPath, readNewestAnchor } from '../../src-main/core/audit-anchors';
import { FileKeyStore, keysDir } from '../../src-main/core/secrets';
import { connect } from '../../src-main/db/connection';
import { setUpBranch, startTestApp, SUPERVISOR, useTestApp, type TestApp } from '../helpers/app';
import { nodeCli } from '../helpers/cli';
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

  const cliVerify = (dataDir: string) => nodeCli('verify-audit', '--data-dir', dataDir);

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

/**
 * A reported defect: the command-line tasks wrote audit entries without anchoring them, so cutting
 * exactly those (a `staff.recovered`, say) from the database went unnoticed by verify-audit.
 */
describe('audit entries written by a command-line task are anchored too', () => {
  it('recover-supervisor and import-branches anchor their entries; cutting them is found by verify-audit', async () => {
    const app = await startTestApp();
    try {
      const { recoveryCode } = await setUpBranch(app);
      await app.ctx.close(); // the writing commands run with the desk closed
      const before = ((await readHead(app.dataDir)) as { last_id: number }).last_id;
      const csv = path.join(app.dataDir, 'branches.csv');
      writeFileSync(csv, 'code,name\n8001,شعبهٔ یزد\n');
      expect((await nodeCli('import-branches', csv, '--data-dir', app.dataDir)).code).toBe(0);
      expect((await nodeCli('recover-supervisor', '--username', SUPERVISOR.username, '--code', recoveryCode, '--data-dir', app.dataDir)).code).toBe(0);
      const head = (await readHead(app.dataDir)) as { last_id: number; last_hash: string };
      expect(head.last_id).toBeGreaterThan(before);
      const read = readNewestAnchor(keysDir(app.dataDir), auditKeyOf(app.dataDir));
      expect(read.state === 'ok' && read.newest).toMatchObject({ lastId: head.last_id, lastHash: head.last_hash });

      // Only the database in hand: the command's entries cut, the head rewritten to match.
      const db = connect({ url: null, sqliteFile: path.join(app.dataDir, 'desk.sqlite') });
      try {
        await db.raw('DROP TRIGGER IF EXISTS audit_log_no_delete');
        await db('audit_log').where('id', '>', before).del();
        const last = (await db('audit_log').where({ id: before }).first()) as { hash: string };
        await db('audit_head').where({ id: 1 }).update({ last_id: before, last_hash: last.hash });
      } finally {
        await db.destroy();
      }
      const verify = await nodeCli('verify-audit', '--data-dir', app.dataDir);
      expect(verify.code).toBe(1);
      expect(verify.out).toContain(`entries ${before + 1}–${head.last_id} are gone`);
    } finally {
      await app.close();
    }
  });
});

async function readHead(dataDir: string): Promise<unknown> {
  const db = connect({ url: null, sqliteFile: path.join(dataDir, 'desk.sqlite') });
  try {
    return await db('audit_head').where({ id: 1 }).first();
  } finally {
    await db.destroy();
  }
}

function auditKeyOf(dataDir: string): Buffer {
  return new FileKeyStore(keysDir(dataDir)).key('audit');
}
