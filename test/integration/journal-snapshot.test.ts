import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationSource } from '../../migrations';
import type { Db } from '../../src-main/db/connection';
import { accountStateSource, identifierStateSource, stationStateSource } from '../../src-main/db/journal.repo';
import { accountState, identifierState, stationRecordId, stationState } from '../../src-main/services/journal-state';
import { CLERK_PASSWORD, startTestApp, type TestApp } from '../helpers/app';
import { queueCounterReset, registerCitizen } from '../helpers/desk-flow';
import { expectContiguous, journalRows, runJournaledFlow } from '../helpers/journal-flow';
import { finishUpgradeWork } from '../helpers/legacy-upgrade';
import { pgSkipReason, startPg, type PgCluster } from '../helpers/pg';

/** What the live journal would say of every record now, in the snapshot's order. */
async function liveStates(db: Db): Promise<Array<{ record_type: string; record_id: string; state: unknown }>> {
  const out: Array<{ record_type: string; record_id: string; state: unknown }> = [];
  for (const { id } of await db('stations').orderBy('id').select<Array<{ id: number }>>('id')) {
    const s = (await stationStateSource(db, Number(id)))!;
    out.push({ record_type: 'station', record_id: stationRecordId(s.stationNumber), state: stationState(s) });
  }
  for (const { identifier } of await db('foreign_identifiers').orderBy('id').select<Array<{ identifier: string }>>('identifier')) {
    out.push({ record_type: 'identifier', record_id: identifier, state: identifierState((await identifierStateSource(db, { identifier }))!) });
  }
  for (const { id, username } of await db('accounts').orderBy('id').select<Array<{ id: number; username: string }>>('id', 'username')) {
    out.push({ record_type: 'account', record_id: username, state: accountState((await accountStateSource(db, Number(id)))!) });
  }
  return out;
}

/**
 * An install from before the journal: the flow's records, with 0012 rolled back (the data stays)
 * and applied again, as an upgrade does. The snapshot must say what the live journal says.
 */
async function expectSnapshotOfExistingInstall(app: TestApp): Promise<void> {
  const { secrets } = await runJournaledFlow(app);
  const db = app.ctx.db;
  // Two more citizens, so that every password state is in the snapshot: one changed the initial
  // password, one logged in with a reset's SMS password and has not changed it yet.
  const desk = { app, clerk: app.staffSession(), branchId: (await db('accounts').first<{ branch_id: number }>())!.branch_id };
  await app.ok(desk.clerk, 'staff:login', { username: 'reza.clerk', password: CLERK_PASSWORD });
  const changed = await registerCitizen(desk, '001234569');
  const kiosk = app.kioskSession();
  await app.ok(kiosk, 'portal:login', { username: changed.code, password: changed.code });
  await app.ok(kiosk, 'portal:change-password', { current: changed.code, next: 'Moon-Light-1405', repeat: 'Moon-Light-1405' });
  const used = await queueCounterReset(desk, '001234570');
  await app.ctx.dispatcher.runOnce();
  await app.ok(app.kioskSession(), 'portal:login', { username: used.code, password: used.password });
  secrets.push(used.password, 'Moon-Light-1405');
  await db.migrate.down({ migrationSource, name: '0012_journal' });
  expect(await db.schema.hasTable('journal')).toBe(false);
  const expected = await liveStates(db);
  const head = await db('audit_head').first<{ last_id: number; last_hash: string }>();
  await db.migrate.up({ migrationSource, name: '0012_journal' });
  // Issue 11 item 3: the accounts' entries are the background job's (run here by hand).
  expect(await journalRows(db)).toHaveLength(3);
  expect(await finishUpgradeWork(db)).toBe(1);

  expect(new Set(expected.map((e) => (e.state as { passwordState?: string }).passwordState).filter(Boolean))).toEqual(
    new Set(['initial', 'changed', 'reset-issued', 'reset-used']),
  );
  const rows = await journalRows(db);
  await expectContiguous(db);
  expect(rows.length).toBe(expected.length);
  expect(rows.map((r) => ({ record_type: r.recordType, record_id: r.recordId, state: JSON.parse(r.state) as unknown }))).toEqual(expected);
  const station = await db('stations').first<{ station_number: number }>();
  for (const r of rows) {
    expect(r).toMatchObject({ kind: 'snapshot', actor: 'system', stationNumber: Number(station!.station_number), auditId: Number(head!.last_id), auditHash: head!.last_hash });
  }
  const dump = JSON.stringify(rows);
  for (const s of secrets) expect(dump.includes(s), `snapshot holds a secret: ${s.slice(0, 12)}…`).toBe(false);
  expect(rows.map((r) => r.recordType)).toEqual(['station', 'identifier', 'identifier', ...Array(5).fill('account')]);
  // Journaling goes on after the snapshot, from the next number.
  await app.ok(desk.clerk, 'accounts:unlock', { accountId: changed.accountId, idDocument: { type: 'national_card', number: changed.code } });
  expect((await journalRows(db)).at(-1)).toMatchObject({ seq: rows.length + 1, kind: 'account.unlocked' });
}

describe('issue 8: an existing install starts its journal with a snapshot of every record (SQLite)', () => {
  let app: TestApp | undefined;
  afterAll(async () => app?.close());

  it('one snapshot entry per station, identifier and account, numbered 1..N, equal to what the live journal writes', async () => {
    app = await startTestApp();
    await expectSnapshotOfExistingInstall(app);
  });
});

const skip = pgSkipReason();

describe.skipIf(skip !== null)('issue 8: the snapshot on PostgreSQL 15', () => {
  let cluster: PgCluster;
  let app: TestApp | undefined;
  beforeAll(async () => {
    cluster = await startPg();
  });
  afterAll(async () => {
    await app?.close();
    await cluster?.stop();
  });

  it('the same snapshot, built by PostgreSQL’s own JSON functions', async () => {
    app = await startTestApp({ databaseUrl: await cluster.createDatabase() });
    await expectSnapshotOfExistingInstall(app);
  });
});
