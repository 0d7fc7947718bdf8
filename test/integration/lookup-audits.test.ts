import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { readNewestAnchor } from '../../src-main/core/audit-anchors';
import { keysDir } from '../../src-main/core/secrets';
import { connect } from '../../src-main/db/connection';
import { searchAccountsByShape } from '../../src-main/services/accounts.service';
import { verifyAudit } from '../../src-main/services/audit.service';
import { auditItems, inTx, type Actor } from '../../src-main/services/env';
import { LOOKUP_AUDIT_LIMITS, LookupAudits } from '../../src-main/services/lookup-audits';
import { dailyReport, tehranDay } from '../../src-main/services/reports.service';
import { startTestApp, useTestApp, type TestApp } from '../helpers/app';
import { blockNextAuditEntry } from '../helpers/audit-block';
import { branchDesk, registerCitizen } from '../helpers/desk-flow';

/**
 * Issue 11 item 4: a search's audit entry costs no commit in the clerk's wait. It is queued and
 * group-committed (services/lookup-audits.ts): chained and anchored like any entry, committed at
 * most 250 ms later or at close, and what a lost process can lose is bounded.
 */
const searches = (app: TestApp) => app.ctx.db('audit_log').where({ action: 'account.search' }).orderBy('id');

async function clerkActor(app: TestApp): Promise<Actor> {
  const row = (await app.ctx.db('staff').where({ username: 'reza.clerk' }).first<{ id: number }>('id'))!;
  return { type: 'staff', id: Number(row.id), name: 'reza.clerk' };
}

describe('search audit entries, group-committed (issue 11 item 4)', () => {
  const desk = useTestApp(branchDesk);

  it('a search is one query (no transaction, no commit); its entry is chained and anchored by the group commit, and verify-audit passes', async () => {
    const { app, clerk } = desk();
    const reg = await registerCitizen(desk(), '001234567');
    const sql: string[] = [];
    const listen = (q: { sql: string }) => sql.push(q.sql);
    app.ctx.db.on('query', listen);
    const r = await app.ok(clerk, 'accounts:search', { query: reg.code });
    app.ctx.db.off('query', listen);
    expect(r.items.map((a) => a.id)).toEqual([reg.accountId]);
    expect(sql).toHaveLength(1);
    expect(sql[0]).toMatch(/^select /i);
    expect(app.ctx.env.lookupAudits!.waiting).toBe(1);

    await app.ctx.env.lookupAudits!.flush();
    const [entry] = await searches(app);
    expect(entry).toMatchObject({ actor_name: 'reza.clerk', action: 'account.search' });
    expect(JSON.parse(String(entry!.details))).toEqual({ kind: 'nationalCode', results: 1, accountIds: String(reg.accountId) });
    const head = (await app.ctx.db('audit_head').first<{ last_id: number; last_hash: string }>())!;
    expect(Number(head.last_id)).toBe(Number(entry!.id));
    const anchor = readNewestAnchor(keysDir(app.dataDir), app.ctx.env.keys.key('audit'));
    expect(anchor.state === 'ok' && anchor.newest).toMatchObject({ lastId: Number(entry!.id), lastHash: entry!.hash });
    expect(await verifyAudit(app.ctx.db, app.ctx.env.keys.key('audit'), anchor)).toMatchObject({ ok: true });
  });

  it('waiting entries are committed by the timer without any other call, each with its own actor and time, in order', async () => {
    const { app, clerk } = desk();
    const reg = await registerCitizen(desk(), '001234567');
    const t1 = app.clock.now().toISOString();
    await app.ok(clerk, 'accounts:search', { query: reg.code });
    app.clock.advance(1000);
    await app.ok(clerk, 'accounts:search', { query: 'نام' });
    await vi.waitFor(async () => expect(await searches(app)).toHaveLength(2), { timeout: 10_000, interval: 50 });
    const [a, b] = await searches(app);
    expect([a!.at, b!.at]).toEqual([t1, app.clock.now().toISOString()]);
    expect(Number(b!.id)).toBe(Number(a!.id) + 1);
    expect(await app.ok(desk().supervisor, 'audit:verify', {})).toMatchObject({ ok: true });
  });

  it('audit:list, audit:verify and the daily report include searches answered a moment ago (they commit the waiting entries first)', async () => {
    const { app, clerk, supervisor } = desk();
    await app.ok(clerk, 'accounts:search', { query: '09121234567' });
    const list = await app.ok(supervisor, 'audit:list', { action: 'account.search', page: 0, pageSize: 10 });
    expect(list.total).toBe(1);
    expect(app.ctx.env.lookupAudits!.waiting).toBe(0);
    await app.ok(clerk, 'accounts:search', { query: '09121234567' });
    const report = await dailyReport(app.ctx.env, tehranDay(app.clock.now()));
    expect(report.rows.find((r) => r.action === 'account.search')).toMatchObject({ actor: 'reza.clerk', count: 2 });
    expect(report.chainHead.lastId).toBe(Number((await searches(app)).at(-1)!.id));
  });

  it('a burst: `batch` waiting entries start a commit at once, without waiting for the timer', async () => {
    const { app } = desk();
    const actor = await clerkActor(app);
    const commits: number[] = [];
    const queue = new LookupAudits(
      (items) => {
        commits.push(items.length);
        return inTx(app.ctx.env, (tx) => auditItems(tx, app.ctx.env, items));
      },
      { flushMs: 600_000, batch: 3, maxPending: 5 },
    );
    const env = { ...app.ctx.env, lookupAudits: queue };
    for (let i = 0; i < 2; i++) await searchAccountsByShape(env, actor, 'رضا');
    expect(commits).toEqual([]);
    await searchAccountsByShape(env, actor, 'رضا'); // the third starts a commit
    await vi.waitFor(() => expect(commits).toEqual([3]), { timeout: 10_000, interval: 20 });
    await vi.waitFor(async () => expect(await searches(app)).toHaveLength(3), { timeout: 10_000, interval: 20 });
  });

  it('at `maxPending` the search waits for the commit: answered − committed ≤ maxPending − 1 at every moment (what a killed process can lose)', async () => {
    const { app } = desk();
    const actor = await clerkActor(app);
    const queue = new LookupAudits((items) => inTx(app.ctx.env, (tx) => auditItems(tx, app.ctx.env, items)), { flushMs: 600_000, batch: 1000, maxPending: 4 });
    const env = { ...app.ctx.env, lookupAudits: queue };
    for (let answered = 1; answered <= 13; answered++) {
      await searchAccountsByShape(env, actor, 'رضا');
      const committed = (await searches(app)).length;
      expect(answered - committed).toBeLessThanOrEqual(3);
      expect(answered - committed).toBe(queue.waiting);
    }
  });

  it('when the waiting entries cannot be committed, the search that would exceed maxPending is refused and withdrawn; the earlier ones stay queued', async () => {
    const { app } = desk();
    const actor = await clerkActor(app);
    const queue = new LookupAudits((items) => inTx(app.ctx.env, (tx) => auditItems(tx, app.ctx.env, items)), { flushMs: 600_000, batch: 100, maxPending: 2 });
    const env = { ...app.ctx.env, lookupAudits: queue };
    await searchAccountsByShape(env, actor, 'رضا');
    await blockNextAuditEntry(app); // the next entry's id is taken: the commit fails
    await expect(searchAccountsByShape(env, actor, 'رضا')).rejects.toThrow();
    expect(queue.waiting).toBe(1);
    expect(await searches(app)).toHaveLength(0);
  });
});

describe('at close', () => {
  it('waiting entries are committed before the database closes; the chain verifies against the anchor file', async () => {
    const app = await startTestApp();
    try {
      const { clerk, branchId } = await branchDesk(app);
      const reg = await registerCitizen({ app, clerk, branchId }, '001234567');
      for (let i = 0; i < 4; i++) await app.ok(clerk, 'accounts:search', { query: reg.code });
      expect(app.ctx.env.lookupAudits!.waiting).toBe(4);
      await app.ctx.close();
      const db = connect({ url: null, sqliteFile: app.database.sqliteFile });
      try {
        expect(await db('audit_log').where({ action: 'account.search' }).count({ n: '*' })).toEqual([{ n: 4 }]);
        const key = app.ctx.env.keys.key('audit');
        const anchor = readNewestAnchor(keysDir(app.dataDir), key);
        const head = (await db('audit_head').first<{ last_id: number }>())!;
        expect(anchor.state === 'ok' && anchor.newest.lastId).toBe(Number(head.last_id));
        expect(await verifyAudit(db, key, anchor)).toMatchObject({ ok: true });
      } finally {
        await db.destroy();
      }
    } finally {
      rmSync(app.dataDir, { recursive: true, force: true });
    }
  });

  it('the bound the README states is the code’s', () => {
    const readme = readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
    expect(readme).toContain(`last ${LOOKUP_AUDIT_LIMITS.flushMs} ms`);
    expect(readme).toContain(`${LOOKUP_AUDIT_LIMITS.maxPending.toLocaleString('en')} entries`);
  });
});
