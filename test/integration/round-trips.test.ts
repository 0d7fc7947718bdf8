import argon2 from 'argon2';
import { describe, expect, it, vi } from 'vitest';
import { PASSWORD_HASH_PENDING } from '../../src-main/db/pending-hash';
import { verifyAudit } from '../../src-main/services/audit.service';
import { verifyPassword } from '../../src-main/services/passwords';
import { accountStateSource } from '../../src-main/db/journal.repo';
import { accountState } from '../../src-main/services/journal-state';
import { nationalCode, setUpBranch, type TestApp } from '../helpers/app';
import { FOREIGN_HOLDER, registrationInput } from '../helpers/desk-flow';
import { ENGINES, useEngine } from '../helpers/engines';

/**
 * Issue 11 item 4: a registration and a counter reset in as few round trips as they need, so
 * that they cost little more than their argon2id hash. The statements each sends are pinned here
 * (knex's `query` event), per engine, so that a read cannot creep back in unnoticed: settings and
 * this station come from main's caches, the staff check is the session version in memory, the
 * audit head comes with SQLite's write lock, and the journal takes the account's new state from
 * the service instead of reading it back.
 */
const STATEMENTS = {
  // BEGIN, write lock + audit head (SQLite) | branch and group (one read), registry probe,
  // INSERT account (its hash column pending: the hash still runs) | SQLite: audit INSERT, head
  // UPDATE, journal sequence, journal INSERT, then the hash's UPDATE (the first statement that
  // waits for the hash) | PostgreSQL: the hash's UPDATE with the head's lock (the first that
  // waits), then the audit entry, the new head, the journal sequence and entry as one statement
  // | COMMIT.
  registration: { sqlite: 11, postgresql: 7 },
  // BEGIN, write lock + head (SQLite) | account FOR UPDATE, resets of the day with whether the
  // tracking code is free (one read), account UPDATE, supersede (UPDATE … RETURNING), SMS INSERT,
  // reset INSERT (hash pending), then as a registration: SQLite four audit and journal writes and
  // the hash's UPDATE, PostgreSQL the hash's UPDATE with the head's lock and one statement | COMMIT.
  reset: { sqlite: 14, postgresql: 10 },
};

/** How many rows of `table` (matching `where`) the database holds. */
async function rowsOf(app: TestApp, table: string, where: Record<string, unknown> = {}): Promise<number> {
  return Number(((await app.ctx.db(table).where(where).count({ n: '*' })) as [{ n: unknown }])[0].n);
}

async function statementsOf(app: TestApp, fn: () => Promise<unknown>): Promise<string[]> {
  const sql: string[] = [];
  const listen = (q: { sql: string }) => sql.push(q.sql);
  app.ctx.db.on('query', listen);
  try {
    await fn();
  } finally {
    app.ctx.db.off('query', listen);
  }
  return sql;
}

describe.each(ENGINES)('round trips of a registration and a counter reset on %s (issue 11 item 4)', (name, postgres) => {
  const { start, skipHere } = useEngine(postgres);
  const engine = postgres ? 'postgresql' : 'sqlite';

  it.skipIf(skipHere)('a registration and a counter reset send exactly their statements, in one transaction, with no read of settings, staff or stations', async () => {
    const app = await start();
    const desk = await setUpBranch(app);
    const input = async (first9: string) => {
      const code = nationalCode(first9);
      return { ...(await registrationInput({ app, ...desk }, { nationalCode: code })), idDocument: { type: 'national_card', number: code } };
    };
    // Warm: the caches fill on the first call of each kind.
    const first = await app.ok(desk.clerk, 'accounts:register', await input('100000001'));
    await app.ok(desk.clerk, 'resets:at-counter', { accountId: first.accountId, idDocument: { type: 'national_card', number: first.username } });
    const next = await input('100000002');
    let accountId = 0;
    const reg = await statementsOf(app, async () => (accountId = (await app.ok(desk.clerk, 'accounts:register', next)).accountId));
    const reset = await statementsOf(app, () => app.ok(desk.clerk, 'resets:at-counter', { accountId, idDocument: { type: 'national_card', number: nationalCode('100000002') } }));
    for (const [what, all] of [['registration', reg], ['reset', reset]] as const) {
      // The settings cache lives 5 s (wall clock): on a slow machine one call may refill it, once.
      const isRefill = (s: string) => /^select .* from [`"]?settings[`"]?$/i.test(s);
      expect(all.filter(isRefill).length, what).toBeLessThanOrEqual(1);
      const sql = all.filter((s) => !isRefill(s));
      expect(sql.length, `${what} on ${name}:\n${sql.join('\n')}`).toBe(STATEMENTS[what][engine]);
      expect(sql[0]).toMatch(/^BEGIN/i);
      expect(sql.at(-1)).toMatch(/^COMMIT/i);
      expect(sql.filter((s) => /^select .* from [`"]?(settings|staff|stations)[`"]? /i.test(s)), what).toEqual([]);
    }
  });

  it.skipIf(skipHere)('the journal state the services hand over is what a read of the committed account gives (citizen, foreign national, counter reset)', async () => {
    const app = await start();
    const desk = await setUpBranch(app);
    const code = nationalCode('200000001');
    const citizen = await app.ok(desk.clerk, 'accounts:register', { ...(await registrationInput({ app, ...desk }, { nationalCode: code })), idDocument: { type: 'national_card', number: code } });
    const id = await app.ok(desk.supervisor, 'identifiers:issue', FOREIGN_HOLDER);
    const foreign = await app.ok(desk.clerk, 'accounts:register', await registrationInput({ app, ...desk }, { foreignId: id.identifier }, { mobile: null }));
    await app.ok(desk.clerk, 'resets:at-counter', { accountId: citizen.accountId, idDocument: { type: 'national_card', number: code } });
    const journal = async (recordId: string) =>
      (await app.ctx.db('journal').where({ record_type: 'account', record_id: recordId }).orderBy('seq').select<{ kind: string; state: string }[]>('kind', 'state')).map((r) => ({
        kind: r.kind,
        state: JSON.parse(r.state) as unknown,
      }));
    const [registered, reset] = await journal(code);
    // A read now, with the state each entry pins: what journalAudited would have read in its transaction.
    const now = (await accountStateSource(app.ctx.db, citizen.accountId))!;
    expect(reset).toEqual({ kind: 'account.password-state', state: accountState(now, 'reset-issued') });
    expect(registered).toEqual({
      kind: 'account.registered',
      state: accountState({ ...now, passwordRevokedAt: null, liveReset: false }, 'initial'),
    });
    const [foreignEntry] = await journal(foreign.username);
    expect(foreignEntry).toEqual({ kind: 'account.registered', state: accountState((await accountStateSource(app.ctx.db, foreign.accountId))!, 'initial') });
    // The station's journal stays gapless with the sequence taken in the entries' own statement
    // (PostgreSQL), also for the two entries of a foreign national's registration.
    const all = await app.ctx.db('journal').orderBy('seq').select<{ seq: unknown; kind: string; audit_id: unknown }[]>('seq', 'kind', 'audit_id');
    expect(all.map((r) => Number(r.seq))).toEqual(all.map((_, i) => i + 1));
    const foreignAudit = all.find((r) => r.kind === 'identifier.used')!.audit_id;
    expect(all.filter((r) => r.audit_id === foreignAudit).map((r) => r.kind)).toEqual(['account.registered', 'identifier.used']);
  });

  it.skipIf(skipHere)('a request refused while its hash runs answers its own error code and writes nothing (UNKNOWN_BRANCH, UNKNOWN_GROUP, DUPLICATE_ACCOUNT, ACCOUNT_NOT_FOUND, RESET_COOLDOWN)', async () => {
    const app = await start();
    const desk = await setUpBranch(app);
    const code = nationalCode('400000001');
    const input = { ...(await registrationInput({ app, ...desk }, { nationalCode: code })), idDocument: { type: 'national_card', number: code } };
    const { accountId } = await app.ok(desk.clerk, 'accounts:register', input);
    await app.ok(desk.clerk, 'resets:at-counter', { accountId, idDocument: { type: 'national_card', number: code } });
    const tables = ['accounts', 'password_resets', 'sms_outbox', 'audit_log', 'journal'];
    const count = (table: string) => rowsOf(app, table);
    const before = await Promise.all(tables.map(count));
    const other = nationalCode('400000002');
    const refusals = await Promise.all([
      app.call(desk.clerk, 'accounts:register', { ...input, nationalCode: other, idDocument: { type: 'national_card', number: other }, branchId: 999_999 }),
      app.call(desk.clerk, 'accounts:register', { ...input, nationalCode: other, idDocument: { type: 'national_card', number: other }, insuranceGroupId: 999_999 }),
      app.call(desk.clerk, 'accounts:register', input),
      app.call(desk.clerk, 'resets:at-counter', { accountId: 999_999, idDocument: { type: 'national_card', number: other } }),
      app.call(desk.clerk, 'resets:at-counter', { accountId, idDocument: { type: 'national_card', number: code } }),
    ]);
    expect(refusals.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(['UNKNOWN_BRANCH', 'UNKNOWN_GROUP', 'DUPLICATE_ACCOUNT', 'ACCOUNT_NOT_FOUND', 'RESET_COOLDOWN']);
    expect(await Promise.all(tables.map(count))).toEqual(before);
  });

  it.skipIf(skipHere)('the row written while its hash runs: the committed hash verifies, the pending one is never committed, and a hash that fails rolls the whole change back', async () => {
    const app = await start();
    const desk = await setUpBranch(app);
    const code = nationalCode('500000001');
    const input = { ...(await registrationInput({ app, ...desk }, { nationalCode: code })), idDocument: { type: 'national_card', number: code } };
    const { accountId } = await app.ok(desk.clerk, 'accounts:register', input);
    // REG-3: the stored hash is the username's, and the reset's is a real argon2id string.
    const stored = await app.ctx.db('accounts').where({ id: accountId }).first<{ password_hash: string }>('password_hash');
    expect(await verifyPassword(stored!.password_hash, code)).toBe(true);
    await app.ok(desk.clerk, 'resets:at-counter', { accountId, idDocument: { type: 'national_card', number: code } });
    const reset = await app.ctx.db('password_resets').where({ account_id: accountId }).first<{ password_hash: string }>('password_hash');
    expect(reset!.password_hash).toMatch(/^\$argon2id\$/);
    const marked = { password_hash: PASSWORD_HASH_PENDING };
    const pending = async () => (await rowsOf(app, 'accounts', marked)) + (await rowsOf(app, 'password_resets', marked));
    expect(await pending()).toBe(0);

    // A hash that fails after the row, its audit entry (SQLite) and its journal entry went in.
    const tables = ['accounts', 'password_resets', 'sms_outbox', 'audit_log', 'journal'];
    const count = (table: string) => rowsOf(app, table);
    const before = await Promise.all(tables.map(count));
    const other = nationalCode('500000002');
    const failing = vi.spyOn(argon2, 'hash').mockRejectedValueOnce(new Error('argon2 failed'));
    try {
      const r = await app.call(desk.clerk, 'accounts:register', { ...input, nationalCode: other, idDocument: { type: 'national_card', number: other } });
      expect(r.ok === false && r.error.code).toBe('INTERNAL');
    } finally {
      failing.mockRestore();
    }
    expect(await Promise.all(tables.map(count))).toEqual(before);
    expect(await pending()).toBe(0);
    // The chain goes on from the head the rolled-back change did not move.
    await app.ok(desk.clerk, 'accounts:register', { ...input, nationalCode: other, idDocument: { type: 'national_card', number: other } });
    expect((await verifyAudit(app.ctx.db, app.ctx.env.keys.key('audit'))).ok).toBe(true);
  });

  it.skipIf(skipHere)('REG-5 without a read before the insert: a second live registration is DUPLICATE_ACCOUNT and leaves no row, entry or journal entry', async () => {
    const app = await start();
    const desk = await setUpBranch(app);
    const code = nationalCode('300000001');
    const input = { ...(await registrationInput({ app, ...desk }, { nationalCode: code })), idDocument: { type: 'national_card', number: code } };
    await app.ok(desk.clerk, 'accounts:register', input);
    const count = (table: string) => rowsOf(app, table);
    const before = await Promise.all(['accounts', 'audit_log', 'journal'].map(count));
    const again = await app.call(desk.clerk, 'accounts:register', input);
    expect(again.ok === false && again.error.code).toBe('DUPLICATE_ACCOUNT');
    expect(await Promise.all(['accounts', 'audit_log', 'journal'].map(count))).toEqual(before);
  });
});
