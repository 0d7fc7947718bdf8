import { describe, expect, it } from 'vitest';
import { migrationSource } from '../../migrations';
import { connect, engineOf, type Db } from '../../src-main/db/connection';
import { accountStateSource } from '../../src-main/db/journal.repo';
import type { WriteTx } from '../../src-main/db/types';
import { upgradeWorkBatch, upgradeWorkLeft } from '../../src-main/db/deferred-upgrade.repo';
import { accountState } from '../../src-main/services/journal-state';
import { nationalCode, type TestApp } from '../helpers/app';
import { branchDesk, registerCitizen, type Desk } from '../helpers/desk-flow';
import { ENGINES, useEngine } from '../helpers/engines';
import { expectContiguous, journalRows } from '../helpers/journal-flow';
import { T } from '../helpers/migration-rows';

/**
 * Issue 11 item 3: the accounts' journal snapshot of an upgraded install is appended by a
 * background job after the app has started, one short transaction per batch, its watermark in the
 * database. These tests upgrade a working branch (0012 rolled back and applied again, as the
 * upgrade of an install from before the journal does), cut a batch off mid-transaction, and let
 * the app's job finish while the counter works.
 */

const CLONES = 300;

/** `CLONES` more accounts like the first one, set-based (same SQL on both engines). */
async function cloneAccounts(db: Db): Promise<void> {
  const first = (await db('accounts').orderBy('id').first()) as Record<string, unknown>;
  const cols = Object.keys(first).filter((c) => !['id', 'username', 'live_username', 'insurance_number'].includes(c));
  await db.raw(
    `INSERT INTO accounts (username, live_username, insurance_number, ${cols.join(', ')})
     WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${CLONES})
     SELECT CAST(1000000000 + i AS TEXT), CAST(1000000000 + i AS TEXT), CAST(3000000000 + i AS TEXT), ${cols.map((c) => `a.${c}`).join(', ')}
     FROM n CROSS JOIN accounts a WHERE a.id = ?`,
    [Number(first.id)],
  );
}

/**
 * A batch whose process dies before its commit: the batch runs on a connection of its own, then
 * that connection is killed (PostgreSQL: its backend terminated; SQLite: the file handle closed
 * with the transaction open, which is what the death of the process leaves).
 */
async function batchCutOff(db: Db, url: string | null, file: string): Promise<void> {
  const other = connect({ url, sqliteFile: file });
  const trx = await other.transaction();
  try {
    if (engineOf(db) === 'postgresql') {
      const { rows } = (await trx.raw('SELECT pg_backend_pid() AS pid')) as { rows: Array<{ pid: number }> };
      expect(await upgradeWorkBatch(trx as WriteTx, new Date(T), 50)).not.toBeNull();
      expect(((await db.raw('SELECT pg_terminate_backend(?) AS done', [rows[0]!.pid])) as { rows: Array<{ done: boolean }> }).rows[0]!.done).toBe(true);
    } else {
      expect(await upgradeWorkBatch(trx as WriteTx, new Date(T), 50)).not.toBeNull();
      const raw = (await (trx.client as { acquireConnection(): Promise<{ close(cb: (e: Error | null) => void): void }> }).acquireConnection());
      await new Promise<void>((resolve, reject) => raw.close((e) => (e ? reject(e) : resolve())));
    }
    // Nothing can be committed on the dead connection any more; this only lets knex let go of it.
    await trx.rollback().catch(() => undefined);
  } finally {
    await other.destroy().catch(() => undefined);
  }
}

/** A branch working before the upgrade: setup, CLONES + 1 accounts; then the upgrade of 0012. */
async function upgradedBranch(app: TestApp): Promise<{ desk: Desk; last: { accountId: number; code: string } }> {
  const desk = await branchDesk(app);
  await registerCitizen(desk, '001234567');
  await cloneAccounts(app.ctx.db);
  // The newest account: its snapshot is the job's last batch.
  const last = await registerCitizen(desk, '001234568');
  await app.ctx.db.migrate.down({ migrationSource, name: '0012_journal' });
  await app.ctx.db.migrate.up({ migrationSource, name: '0012_journal' });
  return { desk, last };
}

const accountSnapshots = async (db: Db) => (await journalRows(db)).filter((r) => r.recordType === 'account' && r.kind === 'snapshot');

describe.each(ENGINES)('issue 11 item 3: the upgrade’s background job (%s)', (_name, postgres) => {
  const { start, skipHere } = useEngine(postgres);

  it.skipIf(skipHere)('a batch cut off mid-transaction leaves nothing; the job carries on from the watermark, and a record changed before its snapshot gets a snapshot of its newest state', async () => {
    const app = await start({ upgradeWork: { start: false, batch: 7 } });
    const { desk, last } = await upgradedBranch(app);
    const db = app.ctx.db;
    const total = CLONES + 2;
    expect(await upgradeWorkLeft(db)).toEqual({ done: 0, total, pending: ['internal.upgrade.account_snapshot'] });
    for (let i = 0; i < 2; i++) await db.transaction((tx) => upgradeWorkBatch(tx as WriteTx, new Date(T), 50));
    const before = { journal: (await journalRows(db)).length, left: await upgradeWorkLeft(db) };
    expect(before.left).toEqual({ done: 100, total, pending: ['internal.upgrade.account_snapshot'] });

    await batchCutOff(db, app.database.url, app.database.sqliteFile);
    expect((await journalRows(db)).length).toBe(before.journal);
    expect(await upgradeWorkLeft(db)).toEqual(before.left);
    await expectContiguous(db);

    // A live change of an account whose snapshot is still to come: journaled at once, in order.
    await desk.app.ok(desk.clerk, 'accounts:unlock', { accountId: last.accountId, idDocument: { type: 'national_card', number: last.code } });
    await app.ctx.upgradeWork.start();
    expect(app.ctx.upgradeWork.status()).toMatchObject({ pending: true });
    await app.ctx.upgradeWork.whenIdle();

    expect(app.ctx.upgradeWork.status()).toEqual({ pending: false, percent: 100 });
    expect(await upgradeWorkLeft(db)).toBeNull();
    await expectContiguous(db);
    const snapshots = await accountSnapshots(db);
    const usernames = (await db('accounts').orderBy('id').pluck('username')) as string[];
    expect(snapshots.map((r) => r.recordId)).toEqual(usernames);
    const ofLast = (await journalRows(db)).filter((r) => r.recordId === last.code);
    expect(ofLast.map((r) => r.kind)).toEqual(['account.unlocked', 'snapshot']);
    expect(JSON.parse(ofLast[1]!.state)).toEqual(accountState((await accountStateSource(db, last.accountId))!));
    // Anchors never go backwards: the batches after the unlock are anchored at its audit entry or later.
    const anchors = (await journalRows(db)).map((r) => r.auditId ?? 0);
    expect(anchors).toEqual([...anchors].sort((a, b) => a - b));
  });

  it.skipIf(skipHere)('the counter works while the job runs: a registration in the middle of it is journaled between its batches', async () => {
    const app = await start({ upgradeWork: { start: false, batch: 1 } });
    const { desk } = await upgradedBranch(app);
    const db = app.ctx.db;
    let release = () => {};
    if (postgres) {
      // PostgreSQL: the job is held at its next batch by the work's row lock (as a second counter's batch holds it).
      const holder = await db.transaction();
      await holder('settings').where('key', 'like', 'internal.upgrade.%').forUpdate().select('key');
      release = () => void holder.commit();
    }
    const progressed = new Promise<void>((resolve) => app.ctx.upgradeWork.onChange(resolve));
    await app.ctx.upgradeWork.start();
    if (!postgres) await progressed;
    const registered = await registerCitizen(desk, '001234569');
    expect(app.ctx.upgradeWork.status().pending).toBe(true);
    release();
    await app.ctx.upgradeWork.whenIdle();
    await expectContiguous(db);
    const rows = await journalRows(db);
    const at = rows.findIndex((r) => r.recordId === nationalCode('001234569'));
    expect(rows[at]).toMatchObject({ kind: 'account.registered' });
    // Snapshot entries came after the registration: it was served in the middle of the job.
    expect(rows.slice(at + 1).some((r) => r.kind === 'snapshot')).toBe(true);
    expect((await accountSnapshots(db)).map((r) => r.recordId)).not.toContain(registered.code);
    expect(await accountSnapshots(db)).toHaveLength(CLONES + 2);
  });
});
