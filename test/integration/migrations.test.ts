import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrationSource } from '../../migrations';
import { normalizeNameForSearch } from '../../shared/text/persian';
import type { Db } from '../../src-main/db/connection';
import { freshSqlite, type TempDb } from '../helpers/db';
import {
  accountRow,
  auditRow,
  dump,
  FK,
  HASH,
  hasObject,
  identifierRow,
  NOT_NULL,
  outboxRow,
  resetRow,
  sameColumns,
  schemaObjects,
  seedExisting,
  T,
  UNIQUE,
  verificationRow,
} from '../helpers/migration-rows';
import { finishUpgradeWork } from '../helpers/legacy-upgrade';

/**
 * STYLE item 6: every migration has a test. For migration N: a fresh file is brought to N−1 one
 * step at a time, rows go into every table that exists by then, N is applied, its tables and
 * constraints are checked, the earlier rows must have survived, and rolling everything back must
 * leave an empty schema. (The pragmas every connection gets: sqlite-pragmas.test.ts; upgrades
 * that report their progress: migrations-progress.test.ts.)
 */

/** What each migration must have created. A migration without an entry here fails its test. */
const CHECKS: Record<string, (db: Db) => Promise<void>> = {
  async '0001_settings'(db) {
    await db('settings').insert({ key: 'k', value: '1', updated_at: T });
    await expect(db('settings').insert({ key: 'k', value: '2', updated_at: T })).rejects.toThrow(UNIQUE);
    await expect(db('settings').insert({ key: 'j', value: null, updated_at: T })).rejects.toThrow(NOT_NULL);
  },
  async '0002_branches_and_groups'(db) {
    await db('branches').insert({ id: 1, code: '1001', name: 'الف', name_search: 'الف', created_at: T });
    await expect(db('branches').insert({ code: '1001', name: 'ب', name_search: 'ب', created_at: T })).rejects.toThrow(UNIQUE);
    await db('stations').insert({ branch_id: 1, station_number: 7, registered_at: T });
    await expect(db('stations').insert({ branch_id: 1, station_number: 7, registered_at: T })).rejects.toThrow(UNIQUE);
    await expect(db('stations').insert({ branch_id: 999, station_number: 8, registered_at: T })).rejects.toThrow(FK);
    await db('insurance_groups').insert({ id: 1, code: 'G1', name: 'گروه' });
    expect((await db('insurance_groups').where({ id: 1 }).first()).registration_open).toBe(0);
    await expect(db('insurance_groups').insert({ code: 'G1', name: 'دوباره' })).rejects.toThrow(UNIQUE);
  },
  async '0003_staff'(db) {
    await db('staff').insert({ username: 'reza', display_name: 'رضا', role: 'clerk', password_hash: HASH, created_at: T });
    expect((await db('staff').where({ username: 'reza' }).first()).must_change_password).toBe(1);
    await expect(db('staff').insert({ username: 'reza', display_name: 'x', role: 'clerk', password_hash: HASH, created_at: T })).rejects.toThrow(UNIQUE);
    await expect(db('staff').insert({ username: 'nima', display_name: 'x', role: 'clerk', password_hash: HASH, created_at: T, created_by: 999 })).rejects.toThrow(FK);
    await db('login_failures').insert({ scope: 'staff', username: 'reza' });
    await expect(db('login_failures').insert({ scope: 'staff', username: 'reza' })).rejects.toThrow(UNIQUE);
    expect(await hasObject(db, 'index', 'staff_role_idx')).toBe(true);
  },
  async '0004_foreign_identifiers'(db) {
    await db('foreign_identifiers').insert(identifierRow({ id: 10 }));
    // REG-4: one live identifier per document (a partial unique index).
    await expect(db('foreign_identifiers').insert(identifierRow({ identifier: '100107000029', sequence: 2 }))).rejects.toThrow(UNIQUE);
    await db('foreign_identifiers').where({ id: 10 }).update({ status: 'revoked', revoked_at: T, revoked_by: 1 });
    await db('foreign_identifiers').insert(identifierRow({ identifier: '100107000029', sequence: 2 }));
    await expect(db('foreign_identifiers').insert(identifierRow({ identifier: '100107000037', sequence: 3 }))).rejects.toThrow(UNIQUE);
    await expect(db('foreign_identifiers').insert(identifierRow({ identifier: '100107000029', sequence: 4, document_number: 'X1' }))).rejects.toThrow(UNIQUE);
    await expect(db('foreign_identifiers').insert(identifierRow({ identifier: '100107000045', sequence: 2, document_number: 'X2' }))).rejects.toThrow(UNIQUE);
    await expect(db('foreign_identifiers').insert(identifierRow({ identifier: '100107000052', sequence: 5, document_number: 'X3', station_id: 999 }))).rejects.toThrow(FK);
    const index = await db('sqlite_master').where({ type: 'index', name: 'foreign_identifiers_live_document' }).first<{ sql: string }>();
    expect(index!.sql).toMatch(/WHERE revoked_at IS NULL/);
  },
  async '0005_accounts'(db) {
    await db('accounts').insert({ id: 10, ...accountRow() });
    // REG-5: one live account per username; a voided one (live_username NULL) frees it.
    await expect(db('accounts').insert(accountRow())).rejects.toThrow(UNIQUE);
    await db('accounts').where({ id: 10 }).update({ live_username: null, status: 'voided', voided_at: T, voided_by: 1, void_reason: 'اشتباه' });
    await db('accounts').insert({ id: 11, ...accountRow() });
    await db('accounts').insert(accountRow({ live_username: null, status: 'voided' }));
    await expect(db('accounts').insert(accountRow({ username: '0023456789', live_username: '0023456789', branch_id: 999 }))).rejects.toThrow(FK);
    await db('accounts').where({ id: 11 }).update({ foreign_identifier_id: 1 });
    await expect(db('accounts').insert(accountRow({ username: '100107000011', live_username: '100107000011', foreign_identifier_id: 1 }))).rejects.toThrow(UNIQUE);
    await db('account_permissions').insert({ account_id: 11, permission: 'issue_payment_slip', granted_at: T });
    await expect(db('account_permissions').insert({ account_id: 11, permission: 'issue_payment_slip', granted_at: T })).rejects.toThrow(UNIQUE);
    await expect(db('account_permissions').insert({ account_id: 999, permission: 'x', granted_at: T })).rejects.toThrow(FK);
  },
  async '0006_sms_outbox'(db) {
    await db('sms_outbox').insert(outboxRow({ id: 10 }));
    expect((await db('sms_outbox').where({ id: 10 }).first()).attempts).toBe(0);
    await expect(db('sms_outbox').insert(outboxRow())).rejects.toThrow(UNIQUE);
    await expect(db('sms_outbox').insert(outboxRow({ reference: 'ref-2', account_id: 999 }))).rejects.toThrow(FK);
    await expect(db('sms_outbox').insert(outboxRow({ reference: 'ref-3', body_template: null }))).rejects.toThrow(NOT_NULL);
    expect(await hasObject(db, 'index', 'sms_outbox_status_index')).toBe(true);
  },
  async '0007_password_resets'(db) {
    await db('password_resets').insert(resetRow({ id: 10 }));
    // REC-2: tracking codes are unique.
    await expect(db('password_resets').insert(resetRow())).rejects.toThrow(UNIQUE);
    await expect(db('password_resets').insert(resetRow({ tracking_code: '22222222', account_id: 999 }))).rejects.toThrow(FK);
    await expect(db('password_resets').insert(resetRow({ tracking_code: '33333333', sms_id: 999 }))).rejects.toThrow(FK);
  },
  async '0008_mobile_verifications'(db) {
    await db('mobile_verifications').insert(verificationRow({ id: 10 }));
    await expect(db('mobile_verifications').insert(verificationRow({ account_id: 999 }))).rejects.toThrow(FK);
    await expect(db('mobile_verifications').insert(verificationRow({ code_hash: null }))).rejects.toThrow(NOT_NULL);
  },
  async '0009_audit_log'(db) {
    expect(await db('audit_head').select('*')).toEqual([{ id: 1, last_id: 0, last_hash: '0'.repeat(64) }]);
    await db('audit_log').insert(auditRow({ id: 10 }));
    await expect(db('audit_log').insert(auditRow({ id: 10 }))).rejects.toThrow(UNIQUE);
    for (const name of ['audit_log_no_update', 'audit_log_no_delete']) expect(await hasObject(db, 'trigger', name)).toBe(true);
    await expect(db('audit_log').where({ id: 10 }).update({ details: '{"x":1}' })).rejects.toThrow(/append-only/);
    await expect(db('audit_log').where({ id: 10 }).del()).rejects.toThrow(/append-only/);
    for (const name of ['audit_log_subject_idx', 'audit_log_at_idx']) expect(await hasObject(db, 'index', name)).toBe(true);
  },
  async '0010_account_last_name_search'(db) {
    expect(await hasObject(db, 'index', 'accounts_last_name_search_index')).toBe(true);
    // The account seeded before this migration gets its surname key from the upgrade's background
    // job (issue 11 item 3; run here by hand), Arabic ي folded.
    expect(await db('accounts').whereNotNull('last_name_search').count({ n: '*' })).toEqual([{ n: 0 }]);
    expect(await finishUpgradeWork(db)).toBe(1);
    const seeded = await db('accounts').whereNotNull('last_name').select('last_name', 'last_name_search');
    expect(seeded.length).toBeGreaterThan(0);
    for (const r of seeded) expect(r.last_name_search).toBe(normalizeNameForSearch(r.last_name as string));
  },
  async '0011_station_lifecycle'(db) {
    // The station from before is unbound: the first machine to start claims it.
    expect(await db('stations').where({ id: 1 }).first()).toMatchObject({ claim_token_hash: null, claimed_at: null });
    // One machine per station: a token hash binds one station only.
    await db('stations').where({ id: 1 }).update({ claim_token_hash: 'a'.repeat(64), claimed_at: T });
    await expect(db('stations').insert({ branch_id: 1, station_number: 8, registered_at: T, claim_token_hash: 'a'.repeat(64) })).rejects.toThrow(UNIQUE);
    // Unbound stations are many; NULL is not a token.
    await db('stations').insert([9, 10].map((n) => ({ branch_id: 1, station_number: n, registered_at: T })));
    expect(await hasObject(db, 'index', 'stations_claim_token_hash_unique')).toBe(true);
    await db('stations').whereIn('station_number', [9, 10]).delete();
    await db('stations').where({ id: 1 }).update({ claim_token_hash: null, claimed_at: null });
    // A supervisor's wrap of the branch keys: one per supervisor, only for staff that exist.
    const wrap = { staff_id: 1, password_fingerprint: 'b'.repeat(64), salt: 'c'.repeat(32), wrapped: 'v1.x.y.z', created_at: T };
    await db('branch_key_wraps').insert(wrap);
    await expect(db('branch_key_wraps').insert(wrap)).rejects.toThrow(UNIQUE);
    await expect(db('branch_key_wraps').insert({ ...wrap, staff_id: 999 })).rejects.toThrow(FK);
    await expect(db('branch_key_wraps').insert({ ...wrap, staff_id: 2, wrapped: null })).rejects.toThrow(NOT_NULL);
    await db('branch_key_wraps').delete();
  },
  async '0012_journal'(db) {
    // The seeded station starts its journal at 1 (no setup recorded here, so no snapshot).
    expect((await db('stations').where({ id: 1 }).first()).journal_next_seq).toBe(1);
    expect(await db('journal').count({ n: '*' })).toEqual([{ n: 0 }]);
    const entry = (o: Record<string, unknown> = {}) => ({
      station_id: 1,
      seq: 1,
      branch_code: '1001',
      station_number: 7,
      kind: 'account.registered',
      record_type: 'account',
      record_id: '0012345678',
      state: '{}',
      at: T,
      actor: 'sara',
      ...o,
    });
    await db('journal').insert(entry());
    // One sequence number per station, never two entries with it.
    await expect(db('journal').insert(entry())).rejects.toThrow(UNIQUE);
    await expect(db('journal').insert(entry({ station_id: 999, seq: 2 }))).rejects.toThrow(FK);
    await expect(db('journal').insert(entry({ seq: 3, state: null }))).rejects.toThrow(NOT_NULL);
    for (const name of ['journal_no_update', 'journal_no_delete']) expect(await hasObject(db, 'trigger', name)).toBe(true);
    await expect(db('journal').where({ seq: 1 }).update({ state: '{"x":1}' })).rejects.toThrow(/append-only/);
    await expect(db('journal').where({ seq: 1 }).del()).rejects.toThrow(/append-only/);
    const batch = (o: Record<string, unknown> = {}) => ({
      batch_id: '1001-07-1-1',
      station_id: 1,
      first_seq: 1,
      last_seq: 1,
      entry_count: 1,
      body_sha256: 'a'.repeat(64),
      manifest: '{}',
      manifest_sha256: 'b'.repeat(64),
      signature: 'c2ln',
      created_at: T,
      ...o,
    });
    await db('journal_batches').insert(batch());
    // Batches never overlap: a second batch starting or ending at the same sequence is refused.
    await expect(db('journal_batches').insert(batch({ batch_id: '1001-07-1-2', last_seq: 2 }))).rejects.toThrow(UNIQUE);
    await expect(db('journal_batches').insert(batch({ batch_id: '1001-07-0-1', first_seq: 0 }))).rejects.toThrow(UNIQUE);
  },
  async '0013_performance'(db) {
    // What the dispatcher looks up per message: a reset by its SMS, a person's messages by status.
    for (const name of ['password_resets_sms_id_index', 'sms_outbox_account_status_index']) expect(await hasObject(db, 'index', name)).toBe(true);
    const plan = (await db.raw('explain query plan select state from password_resets where sms_id = 1')) as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail)).toEqual(['SEARCH password_resets USING INDEX password_resets_sms_id_index (sms_id=?)']);
  },
  async '0014_hardening_a'(db) {
    // Existing people start at session version 0; the column cannot be emptied.
    for (const table of ['staff', 'accounts']) {
      const rows = await db(table).select('session_version');
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) expect(r.session_version).toBe(0);
      await expect(db(table).update({ session_version: null })).rejects.toThrow(NOT_NULL);
    }
  },
  async '0018_hq_link'(db) {
    // One row per station (the existing station), running with nothing pending by default.
    const station = await db('stations').first<{ id: number }>('id');
    await db('hq_link').insert({ station_id: station!.id });
    expect(await db('hq_link').first()).toMatchObject({ state: 'running', attempts: 0, resend_from: null, next_attempt_at: null, stop_code: null });
    await expect(db('hq_link').insert({ station_id: station!.id })).rejects.toThrow(UNIQUE);
    await expect(db('hq_link').insert({ station_id: 999 })).rejects.toThrow(FK);
    await expect(db('hq_link').update({ state: 'paused' })).rejects.toThrow(/CHECK constraint failed/);
    await expect(db('hq_link').update({ attempts: null })).rejects.toThrow(NOT_NULL);
  },
  async '0019_hq_registry'(db) {
    // The copy starts empty at version 0; one row per username, and the state is one row.
    expect(await db('hq_registry_state').select('*')).toEqual([{ id: 1, version: 0, published_at: null, received_at: null, source: null }]);
    const row = { username: '0012345678', branch_code: '1002', station_number: 3, registered_at: T, active: true, version: 1 };
    await db('hq_registry').insert(row);
    await expect(db('hq_registry').insert({ ...row, branch_code: '1003' })).rejects.toThrow(UNIQUE);
    await expect(db('hq_registry').insert({ ...row, username: '0023456789', branch_code: null })).rejects.toThrow(NOT_NULL);
    await expect(db('hq_registry_state').insert({ id: 1, version: 5 })).rejects.toThrow(UNIQUE);
    // The lookup REG-5 makes at each registration is the primary key.
    const plan = (await db.raw("explain query plan select * from hq_registry where username = '0012345678'")) as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail)).toEqual([expect.stringMatching(/^SEARCH hq_registry USING INDEX sqlite_autoindex_hq_registry_1 \(username=\?\)$/)]);
  },
  async '0021_search_statistics'(db) {
    // PostgreSQL only (test/integration/search-statistics.test.ts): SQLite gets no statistics
    // table, so its planner keeps walking the name indexes by rule.
    expect(await hasObject(db, 'table', 'sqlite_stat1')).toBe(false);
  },
  async '0022_outbox_claims'(db) {
    // Messages from before have no claim owner; a claim records its station and time.
    const rows = await db('sms_outbox').select('id', 'claimed_by_station', 'claimed_at');
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r).toMatchObject({ claimed_by_station: null, claimed_at: null });
    const station = await db('stations').first<{ id: number }>('id');
    await db('sms_outbox').where({ id: rows[0].id }).update({ status: 'sending', claimed_by_station: station!.id, claimed_at: T });
    expect(await db('sms_outbox').where({ id: rows[0].id }).first('claimed_by_station', 'claimed_at')).toEqual({ claimed_by_station: station!.id, claimed_at: T });
    await db('sms_outbox').where({ id: rows[0].id }).update({ status: 'queued', claimed_by_station: null, claimed_at: null });
  },
  async '0023_outbox_superseded'(db) {
    // Messages from before carry no mark; the question a dispatcher asks before each hand-over
    // reads an index (on PostgreSQL the partial one of marked claims), never the whole outbox.
    const rows = await db('sms_outbox').select('id', 'superseded_at');
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.superseded_at).toBeNull();
    expect(await hasObject(db, 'index', 'sms_outbox_superseded_sending_index')).toBe(true);
    const plan = async (sql: string) => ((await db.raw(`explain query plan ${sql}`)) as Array<{ detail: string }>).map((p) => p.detail);
    expect(await plan("select id from sms_outbox where status = 'sending' and superseded_at is not null")).toEqual([expect.stringMatching(/^(SEARCH|SCAN) sms_outbox USING (COVERING )?INDEX sms_outbox_(status_id|superseded_sending)_index/)]);
    // The status index gained the id (PostgreSQL walks a claim's queued messages in order); on
    // SQLite it reads them in id order with no sort, as before.
    expect(await hasObject(db, 'index', 'sms_outbox_status_index')).toBe(false);
    expect(await plan("select id from sms_outbox where status = 'queued' order by id limit 10")).toEqual([expect.stringMatching(/^SEARCH sms_outbox USING COVERING INDEX sms_outbox_status_id_index \(status=\?\)$/)]);
    await db('sms_outbox').where({ id: rows[0].id }).update({ status: 'sending', superseded_at: T });
    expect(await db('sms_outbox').whereRaw("status = 'sending' and superseded_at is not null").pluck('id')).toEqual([rows[0].id]);
    await db('sms_outbox').where({ id: rows[0].id }).update({ status: 'queued', superseded_at: null });
  },
};

describe('STYLE item 6: every migration, from N−1 to N and back to nothing', () => {
  let t: TempDb | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('the list of checks names exactly the migrations (a new migration needs its check)', () => {
    expect(Object.keys(CHECKS)).toEqual(MIGRATIONS.map(([name]) => name));
  });

  it.each(MIGRATIONS.map(([name], i) => [name, i] as const))('%s', async (name, index) => {
    t = await freshSqlite({ migrate: false });
    const { db } = t;
    for (const [earlier] of MIGRATIONS.slice(0, index)) await db.migrate.up({ migrationSource, name: earlier });
    const [done] = (await db.migrate.list({ migrationSource })) as [Array<{ name: string } | string>, unknown];
    expect(done.map((m) => (typeof m === 'string' ? m : m.name))).toEqual(MIGRATIONS.slice(0, index).map(([n]) => n));

    const seeded = await seedExisting(db);
    const before = await dump(db, seeded);
    expect(Object.values(before).every((rows) => rows.length === 1)).toBe(true);

    await db.migrate.up({ migrationSource, name });
    // Earlier rows survive with every value they had; a migration may add columns (its check says
    // what), and leave row work to the upgrade's background job (issue 11 item 3): that work's
    // settings row, which its check finishes.
    const deferred = (rows: Record<string, unknown[]>) =>
      rows.settings ? { ...rows, settings: rows.settings.filter((r) => !String((r as { key: string }).key).startsWith('internal.upgrade.')) } : rows;
    expect(sameColumns(deferred(await dump(db, seeded)), before)).toEqual(before);
    await CHECKS[name]!(db);
    expect(sameColumns(await dump(db, seeded), before)).toEqual(before);

    await db.migrate.rollback({ migrationSource }, true);
    expect(await schemaObjects(db)).toEqual([]);
    // …and the whole list applies again on the emptied file.
    await db.migrate.latest({ migrationSource });
    expect((await schemaObjects(db)).length).toBeGreaterThan(0);
  });
});
