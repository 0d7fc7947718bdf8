import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegisterInputSchema } from '../../shared/contract/accounts.contract';
import { AppError } from '../../shared/errors';
import { FileKeyStore } from '../../src-main/core/secrets';
import { connect, writeTransaction, type Db } from '../../src-main/db/connection';
import { countBranches } from '../../src-main/db/reference.repo';
import { countActiveSupervisors } from '../../src-main/db/staff.repo';
import { appendAudit, verifyAudit } from '../../src-main/services/audit.service';
import { registerAccount } from '../../src-main/services/registration.service';
import { runSetup } from '../../src-main/services/setup.service';
import { migrationSource } from '../../migrations';
import { SUPERVISOR, nationalCode, setUpBranch, startTestApp, type TestApp } from '../helpers/app';
import { freshSqlite } from '../helpers/db';
import { branchDesk, registrationInput, runCounterFlow } from '../helpers/desk-flow';
import { pgSkipReason, startPg, type PgCluster } from '../helpers/pg';

const skip = pgSkipReason();

const TABLES = [
  'account_permissions',
  'accounts',
  'audit_head',
  'audit_log',
  'branch_key_wraps',
  'branches',
  'foreign_identifiers',
  'hq_link',
  'hq_registry',
  'hq_registry_state',
  'insurance_groups',
  'journal',
  'journal_batches',
  'login_failures',
  'mobile_verifications',
  'password_resets',
  'settings',
  'sms_outbox',
  'staff',
  'stations',
];

async function publicTables(db: Db): Promise<string[]> {
  const r = (await db.raw("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")) as { rows: Array<{ tablename: string }> };
  return r.rows.map((x) => x.tablename).filter((t) => !t.startsWith('knex_'));
}

describe.skipIf(skip !== null)('PostgreSQL 15: the same migrations, rules and tests as SQLite', () => {
  let cluster: PgCluster;
  const open: Array<TestApp | Db> = [];

  beforeAll(async () => {
    cluster = await startPg();
  });
  afterAll(async () => {
    for (const x of open.reverse()) await ('ctx' in x ? x.close() : x.destroy()).catch(() => undefined);
    await cluster?.stop();
  });

  /** The whole main process on a database of its own. */
  async function freshApp(): Promise<TestApp> {
    const app = await startTestApp({ databaseUrl: await cluster.createDatabase() });
    open.push(app);
    return app;
  }
  async function freshDb(): Promise<Db> {
    const db = connect({ url: await cluster.createDatabase(), sqliteFile: '' });
    open.push(db);
    return db;
  }

  /** Holds the audit chain's head in a transaction of its own until `release`. */
  async function holdAuditHead(app: TestApp) {
    const url = (app.ctx.db.client.config as { connection: string }).connection;
    const holder = connect({ url, sqliteFile: '' });
    open.push(holder);
    const hold = await holder.transaction();
    await hold('audit_head').where({ id: 1 }).forUpdate().first();
    return { url, release: () => hold.commit() };
  }
  /** Backends of this database waiting on a lock, polled until `n` wait (or 5 s pass). */
  async function waitForLockWaiters(app: TestApp, n: number): Promise<number> {
    let seen = 0;
    for (let i = 0; i < 200; i++) {
      const r = (await app.ctx.db.raw(
        "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
      )) as { rows: Array<{ n: string }> };
      seen = Number(r.rows[0]!.n);
      if (seen >= n) break;
      await new Promise((res) => setTimeout(res, 25));
    }
    return seen;
  }

  it('the migrations apply cleanly, roll back to nothing, and apply again', async () => {
    const db = await freshDb();
    await db.migrate.latest({ migrationSource });
    expect(await publicTables(db)).toEqual(TABLES);
    const idx = (await db.raw("SELECT indexdef FROM pg_indexes WHERE indexname = 'foreign_identifiers_live_document'")) as { rows: Array<{ indexdef: string }> };
    expect(idx.rows[0]?.indexdef).toMatch(/UNIQUE INDEX .*WHERE \(revoked_at IS NULL\)/);
    await db.migrate.rollback({ migrationSource }, true);
    expect(await publicTables(db)).toEqual([]);
    const fn = (await db.raw("SELECT count(*) AS n FROM pg_proc WHERE proname = 'audit_log_append_only'")) as { rows: Array<{ n: string }> };
    expect(Number(fn.rows[0]!.n)).toBe(0);
    await db.migrate.latest({ migrationSource });
    expect(await publicTables(db)).toEqual(TABLES);
  });

  it('BR-1 BR-3 REC-2 REC-5 LOG-2 LOG-5: the whole counter flow works on PostgreSQL', async () => {
    const app = await freshApp();
    const status = await app.ok(app.staffSession(), 'app:status', {});
    expect(status.database.engine).toBe('postgresql');
    await runCounterFlow(app);
  });

  it('REG-5: two connections racing past the check — the unique index decides, the loser hears DUPLICATE_ACCOUNT', async () => {
    const app = await freshApp();
    const desk = await branchDesk(app);
    const actor = { type: 'staff' as const, id: desk.clerk.staff!.staffId, name: desk.clerk.staff!.username };
    /** The same citizen's registration, parsed once for each of the two connections. */
    const inputs = async (code: string) => {
      const raw = await registrationInput(desk, { nationalCode: code }, { mobile: null });
      return [RegisterInputSchema.parse(raw), RegisterInputSchema.parse(raw)] as const;
    };

    // Forced race: hold the audit chain's head, so that both registrations pass the duplicate
    // check and reach the insert before either can commit.
    const [a, b] = await inputs(nationalCode('123456789'));
    const { url, release } = await holdAuditHead(app);
    const second = connect({ url, sqliteFile: '' });
    open.push(second);
    const env2 = { ...app.ctx.env, db: second };
    const racing = Promise.allSettled([registerAccount(app.ctx.env, actor, a), registerAccount(env2, actor, b)]);
    expect(await waitForLockWaiters(app, 2)).toBe(2);
    await release();
    const results = await racing;
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(lost.reason).toBeInstanceOf(AppError);
    expect((lost.reason as AppError).code).toBe('DUPLICATE_ACCOUNT');

    // Free race, a few times: whoever wins, exactly one account per username.
    for (const first9 of ['223456789', '323456789', '423456789']) {
      const [x, y] = await inputs(nationalCode(first9));
      const r = await Promise.allSettled([registerAccount(app.ctx.env, actor, x), registerAccount(env2, actor, y)]);
      expect(r.map((x) => (x.status === 'fulfilled' ? 'ok' : (x.reason as AppError).code)).sort()).toEqual(['DUPLICATE_ACCOUNT', 'ok']);
    }
    const rows = await app.ctx.db('accounts').count({ n: '*' });
    expect(Number(rows[0]!.n)).toBe(4);
    expect((await verifyAudit(app.ctx.db, app.ctx.env.keys.key('audit'))).ok).toBe(true);
  });

  it('two first runs racing on two connections: exactly one setup, the other hears SETUP_DONE', async () => {
    const app = await freshApp();
    const [branch] = await app.ok(app.staffSession(), 'reference:branches', { query: '1001' });
    const { url, release } = await holdAuditHead(app);
    const second = connect({ url, sqliteFile: '' });
    open.push(second);
    const input = { branchId: branch!.id, stationNumber: 7, username: SUPERVISOR.username, displayName: 'سارا', password: SUPERVISOR.password, passwordRepeat: SUPERVISOR.password };
    const racing = Promise.allSettled([
      runSetup(app.ctx.env, input),
      // Another machine: its own data folder, so its own key store (setups on one machine queue in-process).
      runSetup({ ...app.ctx.env, db: second, keys: new FileKeyStore(mkdtempSync(path.join(os.tmpdir(), 'desk-keys-'))) }, { ...input, stationNumber: 8, username: 'other.boss' }),
    ]);
    expect(await waitForLockWaiters(app, 2)).toBe(2);
    await release();
    const codes = (await racing).map((x) => (x.status === 'fulfilled' ? 'ok' : (x.reason as AppError).code)).sort();
    expect(codes).toEqual(['SETUP_DONE', 'ok']);
    expect(Number((await app.ctx.db('staff').count({ n: '*' }))[0]!.n)).toBe(1);
    expect(Number((await app.ctx.db('stations').count({ n: '*' }))[0]!.n)).toBe(1);
  });

  it('a burst of parallel wrong staff logins on several connections cannot clear the lock it sets', async () => {
    const app = await freshApp();
    await setUpBranch(app);
    const guess = () => app.call(app.staffSession(), 'staff:login', { username: SUPERVISOR.username, password: 'Wrong-Guess-77' });
    for (let round = 0; round < 2; round++) {
      await Promise.all(Array.from({ length: 8 }, guess));
      const row = await app.ctx.db('login_failures').where({ scope: 'staff', username: SUPERVISOR.username }).first();
      expect({ level: row.lock_level, locked: row.locked_until !== null }).toEqual({ level: 1, locked: true });
    }
    expect(await app.call(app.staffSession(), 'staff:login', SUPERVISOR)).toMatchObject({ error: { code: 'ACCOUNT_LOCKED' } });
  });

  it('branch search and the CSV import (upsert, sample clean-up) on PostgreSQL', async () => {
    const app = await freshApp();
    const { supervisor } = await setUpBranch(app);
    const found = await app.ok(supervisor, 'reference:branches', { query: 'تبريز' });
    expect(found.map((b) => [b.code, b.isSample])).toEqual([['4001', true]]);
    const r = await app.ok(supervisor, 'reference:import-branches', { csv: '\uFEFFcode,name\n۸۰۰۱,شعبهٔ يزد\n4001,شعبهٔ تبریز\n' });
    expect(r).toEqual({ imported: 2, errors: [] });
    const here = (await app.ok(supervisor, 'setup:state', {})).branch!.code;
    const all = await app.ok(supervisor, 'reference:branches', { query: '' });
    expect(all.map((b) => [b.code, b.isSample]).sort()).toEqual([['4001', false], ['8001', false], [here, true]].sort());
  });

  it('the audit chain verifies with the same code, detects an edit, and the table refuses UPDATE and DELETE', async () => {
    const app = await freshApp();
    const { supervisor } = await setUpBranch(app);
    const v = await app.ok(supervisor, 'audit:verify', {});
    expect(v).toMatchObject({ ok: true, firstBrokenId: null });
    expect(v.entries).toBeGreaterThanOrEqual(5);
    const db = app.ctx.db;
    await expect(db('audit_log').where({ id: 2 }).update({ details: '{}' })).rejects.toThrow(/append-only/);
    await expect(db('audit_log').where({ id: 2 }).delete()).rejects.toThrow(/append-only/);
    await expect(db.raw('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
    // Someone with the server's superuser switches the trigger off and edits a row: the chain says where.
    await db.raw('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update');
    await db('audit_log').where({ id: 3 }).update({ actor_name: 'someone.else' });
    await db.raw('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update');
    expect(await app.ok(supervisor, 'audit:verify', {})).toMatchObject({ ok: false, firstBrokenId: 3, reason: 'hash' });
  });

  it('one canonical serialisation: the same entries give the same chain head on SQLite and PostgreSQL', async () => {
    const pgDb = await freshDb();
    await pgDb.migrate.latest({ migrationSource });
    const lite = await freshSqlite();
    try {
      const key = Buffer.alloc(32, 7);
      const entries = [
        { action: 'account.registered', subjectType: 'account', subjectId: 12, details: { kind: 'citizen', hasMobile: false, note: 'نام ی ک' } },
        { action: 'staff.login', subjectType: 'staff', subjectId: '3', details: { n: 1.5, nothing: null } },
      ];
      const at = new Date('2026-11-25T08:00:00Z');
      for (const db of [pgDb, lite.db]) {
        for (const e of entries) await writeTransaction(db, (tx) => appendAudit(tx, key, { type: 'staff', id: 3, name: 'sara' }, e, at));
      }
      const [a, b] = [await verifyAudit(pgDb, key), await verifyAudit(lite.db, key)];
      expect(a.ok && b.ok).toBe(true);
      expect(a).toEqual(b);
    } finally {
      await lite.close();
    }
  });

  it('booleans come back as booleans and counts as numbers', async () => {
    const app = await freshApp();
    const { supervisor } = await setUpBranch(app);
    const groups = await app.ok(supervisor, 'reference:groups', {});
    expect(groups.map((g) => [g.code, g.registrationOpen, g.isSample])).toEqual([
      ['MANDATORY', true, true],
      ['SELF', true, true],
      ['VOLUNTARY', true, true],
      ['DRIVERS', false, true],
      ['PENSIONERS', false, true],
    ]);
    const closed = await app.ok(supervisor, 'reference:set-group-open', { groupId: groups[0]!.id, open: false });
    expect(closed.registrationOpen).toBe(false);
    const staff = await app.ok(supervisor, 'staff:list', {});
    expect(staff.map((s) => [s.role, s.disabled, s.mustChangePassword, s.locked])).toEqual([
      ['supervisor', false, false, false],
      ['clerk', false, false, false],
    ]);
    expect(await countBranches(app.ctx.db)).toBe(10);
    expect(await countActiveSupervisors(app.ctx.db)).toBe(1);
    const audit = await app.ok(supervisor, 'audit:list', { pageSize: 2 });
    expect(audit.total).toBeGreaterThan(2);
    expect(typeof audit.items[0]!.id).toBe('number');
    const outbox = await app.ok(supervisor, 'outbox:list', {});
    expect(outbox.total).toBe(0);
  });
});
