import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAudit } from '../../src-main/services/audit.service';
import { thisStation, tokenHash } from '../../src-main/services/station-identity.service';
import { CLERK_PASSWORD, SUPERVISOR, TEMPORARY_PASSWORD, setUpBranch, useAppStarter, type StartOptions, type TestApp } from '../helpers/app';
import { decryptSecret } from '../../src-main/core/secrets';
import { FOREIGN_HOLDER, registerCitizen } from '../helpers/desk-flow';
import { pgSkipReason, startPg, type PgCluster } from '../helpers/pg';

/**
 * Issue 13 item 1: one station per counter, kept on the machine (sealed in the data folder),
 * on SQLite (two counters on one file) and on PostgreSQL (the shared branch database).
 */
const pgSkip = pgSkipReason();
const engines: Array<[string, boolean]> = [
  ['SQLite', false],
  ['PostgreSQL', true],
];

describe.each(engines)('stations on %s', (_name, postgres) => {
  let cluster: PgCluster | undefined;
  beforeAll(async () => {
    if (postgres && pgSkip === null) cluster = await startPg();
  });
  afterAll(async () => {
    await cluster?.stop();
  });
  const start = useAppStarter();
  const skipHere = postgres && pgSkip !== null;

  /** The first counter, set up: station 7, a supervisor and a clerk. */
  async function firstCounter() {
    const opts: StartOptions = postgres ? { databaseUrl: await cluster!.createDatabase() } : {};
    const app = await start(opts);
    return { app, ...(await setUpBranch(app)) };
  }
  const another = (first: TestApp) => start({ sameDatabaseAs: first });
  const join = (app: TestApp, stationNumber: number, creds = SUPERVISOR) => app.call(app.staffSession(), 'setup:join', { ...creds, stationNumber });
  const sealedFile = (app: TestApp) => path.join(app.dataDir, 'keys', 'station.sealed');
  const auditCount = async (app: TestApp) => Number((await app.ctx.db('audit_log').count({ n: '*' }))[0]!.n);

  it.skipIf(skipHere)('setup seals the station on the machine: the database keeps only the hash of its token', async () => {
    const { app, supervisor } = await firstCounter();
    expect(existsSync(sealedFile(app))).toBe(true);
    const sealed = JSON.parse(readFileSync(sealedFile(app), 'utf8')) as { token: string; stationNumber: number };
    expect(sealed.stationNumber).toBe(7);
    const row = await app.ctx.db('stations').first();
    expect(row.claim_token_hash).toBe(tokenHash(sealed.token));
    expect(JSON.stringify(await app.ctx.db('stations').select('*'))).not.toContain(sealed.token);
    expect(await app.ok(supervisor, 'setup:state', {})).toMatchObject({ done: true, stationNumber: 7, station: 'ready', freeStation: null });
  });

  it.skipIf(skipHere)('the one accessor answers from memory once found: no query per call', async () => {
    const { app } = await firstCounter();
    let queries = 0;
    const count = () => queries++;
    app.ctx.db.on('query', count);
    try {
      for (let i = 0; i < 5; i++) expect((await thisStation(app.ctx.env))?.station.stationNumber).toBe(7);
    } finally {
      app.ctx.db.removeListener('query', count);
    }
    expect(queries).toBe(0);
  });

  it.skipIf(skipHere)('a second counter on the set-up database must join: nothing works before, the join takes a free number', async () => {
    const first = await firstCounter();
    const second = await another(first.app);
    const s = second.staffSession();
    expect(await second.ok(s, 'setup:state', {})).toMatchObject({ done: true, station: 'none', stationNumber: null, freeStation: 1, branch: { id: first.branchId } });
    expect((await second.ok(s, 'app:status', {})).setupDone).toBe(false);
    expect(await second.call(s, 'staff:login', SUPERVISOR)).toMatchObject({ ok: false, error: { code: 'STATION_REQUIRED' } });
    expect(await second.call(second.kioskSession(), 'portal:login', { username: '0012345678', password: '0012345678' })).toMatchObject({
      ok: false,
      error: { code: 'STATION_REQUIRED' },
    });
    const before = await auditCount(first.app);
    // A clerk cannot add a counter; a wrong password is refused; a used number is refused.
    expect(await join(second, 8, { username: 'reza.clerk', password: CLERK_PASSWORD })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await join(second, 8, { ...SUPERVISOR, password: 'Wrong-Guess-77' })).toMatchObject({ ok: false, error: { code: 'INVALID_CREDENTIALS' } });
    expect(await join(second, 7)).toMatchObject({ ok: false, error: { code: 'STATION_TAKEN' } });
    // Nothing was signed with this counter's own (not the branch's) key meanwhile.
    expect(await auditCount(first.app)).toBe(before);
    expect(existsSync(sealedFile(second))).toBe(false);

    expect(await second.ok(s, 'setup:join', { ...SUPERVISOR, stationNumber: 8 })).toMatchObject({ stationNumber: 8, branch: { id: first.branchId } });
    expect(await second.ok(s, 'setup:state', {})).toMatchObject({ station: 'ready', stationNumber: 8 });
    expect((await second.ok(s, 'app:status', {})).setupDone).toBe(true);
    expect(await join(second, 9)).toMatchObject({ ok: false, error: { code: 'SETUP_DONE' } });
    // The branch's keys came with the join: one audit chain, one outbox key for every counter.
    expect(second.ctx.env.keys.key('audit').equals(first.app.ctx.env.keys.key('audit'))).toBe(true);
    expect(second.ctx.env.keys.key('outbox').equals(first.app.ctx.env.keys.key('outbox'))).toBe(true);

    // Identifiers carry the issuing station.
    await second.ok(s, 'staff:login', SUPERVISOR);
    const here = await second.ok(s, 'identifiers:issue', FOREIGN_HOLDER);
    const there = await first.app.ok(first.supervisor, 'identifiers:issue', { ...FOREIGN_HOLDER, documentNumber: 'P7654321' });
    expect(here.identifier.slice(4, 11)).toBe('0800001');
    expect(there.identifier.slice(4, 11)).toBe('0700001');
    const joined = await first.app.ctx.db('audit_log').where({ action: 'station.joined' }).first();
    expect(joined).toMatchObject({ actor_name: SUPERVISOR.username, subject_type: 'station' });
    expect(JSON.parse(joined.details as string)).toEqual({ branchCode: here.identifier.slice(0, 4), stationNumber: 8 });
    expect(await verifyAudit(first.app.ctx.db, first.app.ctx.env.keys.key('audit'))).toMatchObject({ ok: true });
  });

  it.skipIf(skipHere)('a join counts failures like a login: the fifth wrong password locks the supervisor out', async () => {
    const first = await firstCounter();
    const second = await another(first.app);
    for (let i = 0; i < 4; i++) expect(await join(second, 8, { ...SUPERVISOR, password: 'Wrong-Guess-77' })).toMatchObject({ error: { code: 'INVALID_CREDENTIALS' } });
    expect(await join(second, 8, { ...SUPERVISOR, password: 'Wrong-Guess-77' })).toMatchObject({ error: { code: 'ACCOUNT_LOCKED' } });
    expect(await join(second, 8)).toMatchObject({ ok: false, error: { code: 'ACCOUNT_LOCKED' } });
    expect(await first.app.ctx.db('stations').count({ n: '*' })).toEqual([{ n: postgres ? '1' : 1 }]);
  });

  it.skipIf(skipHere)('a supervisor who never logged in at a joined counter has no keys to give (BRANCH_KEYS_UNAVAILABLE) until they do', async () => {
    const first = await firstCounter();
    await first.app.ok(first.supervisor, 'staff:create', { username: 'nima.boss', displayName: 'نیما', role: 'supervisor', temporaryPassword: TEMPORARY_PASSWORD });
    const second = await another(first.app);
    const nima = { username: 'nima.boss', password: TEMPORARY_PASSWORD };
    expect(await join(second, 8, nima)).toMatchObject({ ok: false, error: { code: 'BRANCH_KEYS_UNAVAILABLE' } });
    const s = first.app.staffSession();
    await first.app.ok(s, 'staff:login', nima);
    const fresh = 'Nima-Counter-1405';
    await first.app.ok(s, 'staff:change-password', { current: TEMPORARY_PASSWORD, next: fresh, repeat: fresh });
    // The wrap follows the password: the temporary one no longer opens it, the new one does.
    expect(await join(second, 8, nima)).toMatchObject({ ok: false, error: { code: 'INVALID_CREDENTIALS' } });
    expect(await join(second, 8, { username: 'nima.boss', password: fresh })).toMatchObject({ ok: true });
  });

  it.skipIf(skipHere)('a retired station issues nothing more, its counter joins again with a new number, and the old number is never given again', async () => {
    const first = await firstCounter();
    const second = await another(first.app);
    await second.ok(second.staffSession(), 'setup:join', { ...SUPERVISOR, stationNumber: 8 });
    const s2 = second.staffSession();
    await second.ok(s2, 'staff:login', SUPERVISOR);

    const list = await first.app.ok(first.supervisor, 'stations:list', {});
    expect(list.map((x) => [x.stationNumber, x.thisMachine, x.retiredAt])).toEqual([
      [7, true, null],
      [8, false, null],
    ]);
    const own = list.find((x) => x.thisMachine)!;
    expect(await first.app.call(first.supervisor, 'stations:retire', { stationId: own.id, reason: 'جایگزینی دستگاه' })).toMatchObject({ error: { code: 'STATION_IN_USE' } });
    expect(await first.app.call(first.clerk, 'stations:retire', { stationId: own.id + 1, reason: 'جایگزینی دستگاه' })).toMatchObject({ error: { code: 'FORBIDDEN' } });
    const eight = list.find((x) => x.stationNumber === 8)!;
    const retired = await first.app.ok(first.supervisor, 'stations:retire', { stationId: eight.id, reason: 'دستگاه از کار افتاد' });
    expect(retired).toMatchObject({ stationNumber: 8, retireReason: 'دستگاه از کار افتاد' });
    expect(retired.retiredAt).not.toBeNull();
    expect(await first.app.call(first.supervisor, 'stations:retire', { stationId: eight.id, reason: 'دوباره' })).toMatchObject({ error: { code: 'STATION_RETIRED' } });

    // The retired counter still holds its station in memory: its row lock refuses the sequence.
    expect(await second.call(s2, 'identifiers:issue', FOREIGN_HOLDER)).toMatchObject({ ok: false, error: { code: 'STATION_RETIRED' } });
    expect(await second.call(s2, 'identifiers:issue', FOREIGN_HOLDER)).toMatchObject({ ok: false, error: { code: 'STATION_REQUIRED' } });
    const s = second.staffSession();
    expect(await second.ok(s, 'setup:state', {})).toMatchObject({ station: 'retired', freeStation: 1 });
    expect(await join(second, 8)).toMatchObject({ ok: false, error: { code: 'STATION_TAKEN' } });
    await second.ok(s, 'setup:join', { ...SUPERVISOR, stationNumber: 9 });
    // The old sealed identity is kept aside, not deleted.
    expect(readdirSync(path.join(second.dataDir, 'keys')).filter((f) => f.startsWith('station.sealed.'))).toHaveLength(1);
    await second.ok(s, 'staff:login', SUPERVISOR);
    expect((await second.ok(s, 'identifiers:issue', FOREIGN_HOLDER)).identifier.slice(4, 11)).toBe('0900001');
    expect(await verifyAudit(first.app.ctx.db, first.app.ctx.env.keys.key('audit'))).toMatchObject({ ok: true });
  });

  it.skipIf(skipHere)('an installation from before: of two counters starting at once, exactly one keeps the station, the other is asked to join', async () => {
    const first = await firstCounter();
    const stationId = (await first.app.ctx.db('stations').first()).id as number;
    // As migration 0011 leaves an older installation: the station unbound, named by a setting.
    await first.app.ctx.db('stations').update({ claim_token_hash: null, claimed_at: null });
    expect(await first.app.ctx.db('settings').where({ key: 'internal.station_id' }).first()).toMatchObject({ value: JSON.stringify(stationId) });
    // Both machines are old counters of this branch: they hold its keys already.
    const keys = path.join(first.app.dataDir, 'keys');
    const oldCounter = (dataDir: string) => {
      mkdirSync(path.join(dataDir, 'keys'), { mode: 0o700 });
      for (const k of ['audit.key', 'outbox.key']) copyFileSync(path.join(keys, k), path.join(dataDir, 'keys', k));
    };
    const apps = await Promise.all([0, 1].map(() => start({ sameDatabaseAs: first.app, beforeStart: oldCounter })));
    const states = await Promise.all(apps.map((a) => a.ok(a.staffSession(), 'setup:state', {})));
    expect(states.map((x) => x.station).sort()).toEqual(['none', 'ready']);
    const keeper = states.findIndex((x) => x.station === 'ready');
    expect(states[keeper]).toMatchObject({ stationNumber: 7, branch: { id: first.branchId } });
    expect(states[1 - keeper]).toMatchObject({ stationNumber: null, freeStation: 1, branch: { id: first.branchId } });
    const row = await first.app.ctx.db('stations').where({ id: stationId }).first();
    expect(row.claim_token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await first.app.ctx.db('audit_log').where({ action: 'station.claimed' }).count({ n: '*' })).toEqual([{ n: postgres ? '1' : 1 }]);
    expect(await verifyAudit(first.app.ctx.db, first.app.ctx.env.keys.key('audit'))).toMatchObject({ ok: true });
  });

  /** Two counters on one database, each with a supervisor logged in, and a citizen with a mobile. */
  async function twoCountersAndACitizen() {
    const first = await firstCounter();
    // No cooldown: both racing resets go through, one after the other; the second supersedes.
    await first.app.ok(first.supervisor, 'settings:update', { resetCooldownSeconds: 0 });
    const second = await another(first.app);
    const s = second.staffSession();
    await second.ok(s, 'setup:join', { ...SUPERVISOR, stationNumber: 8 });
    await second.ok(s, 'staff:login', SUPERVISOR);
    const citizen = await registerCitizen({ app: first.app, clerk: first.clerk, branchId: first.branchId }, '001234567', { mobile: '09121234567' });
    return { first, second, s, citizen };
  }

  /**
   * The sealed SMS secrets as each counter queues them (a superseded reset's secret is wiped from
   * its cancelled message, so it is caught on its way into the outbox), opened with the branch's key.
   */
  function catchQueuedPasswords(apps: TestApp[]): string[] {
    const sealed: string[] = [];
    for (const app of apps) {
      app.ctx.db.on('query', (q: { sql: string; bindings?: unknown[] }) => {
        if (/^insert into .sms_outbox. /i.test(q.sql)) sealed.push(...(q.bindings ?? []).filter((b): b is string => typeof b === 'string' && b.startsWith('v1.')));
      });
    }
    return sealed;
  }

  /** Exactly one reset is the latest (pending), only its password logs in at the kiosk, the other's does not. */
  async function onlyTheLatestWorks(app: TestApp, sealed: string[], accountId: number, username: string) {
    const states = await app.ctx.db('password_resets').where({ account_id: accountId }).orderBy('id').pluck('state');
    expect(states.sort()).toEqual(['pending', 'superseded']);
    const passwords = sealed.map((x) => decryptSecret(app.ctx.env.keys.key('outbox'), x));
    expect(passwords).toHaveLength(2);
    // The superseded reset's message was cancelled: only one SMS goes out, and a reset password works once sent.
    await app.ctx.dispatcher.runOnce();
    expect(app.sentSms()).toHaveLength(1);
    const kiosk = app.kioskSession();
    const tries = [];
    for (const password of passwords) tries.push(await app.call(kiosk, 'portal:login', { username, password }));
    // Exactly one of the two passwords opens the account; the other is refused.
    expect(tries.filter((r) => r.ok)).toHaveLength(1);
    expect(tries.find((r) => !r.ok)).toMatchObject({ ok: false, error: { code: 'INVALID_CREDENTIALS' } });
    // The one that works is the one the SMS carried.
    expect(app.sentSms()[0]!.text).toContain(passwords[tries.findIndex((r) => r.ok)]!);
  }

  it.skipIf(skipHere)('REC-4 parallel resets of one account from two counters: exactly one is the latest and only its password works', async () => {
    const { first, second, s, citizen } = await twoCountersAndACitizen();
    const sealed = catchQueuedPasswords([first.app, second]);
    const doc = { type: 'national_card', number: citizen.code };
    const both = await Promise.all([
      first.app.call(first.clerk, 'resets:at-counter', { accountId: citizen.accountId, idDocument: doc }),
      second.call(s, 'resets:at-counter', { accountId: citizen.accountId, idDocument: doc }),
    ]);
    expect(both.map((r) => r.ok)).toEqual([true, true]);
    await onlyTheLatestWorks(first.app, sealed, citizen.accountId, citizen.code);
  });

  it.skipIf(skipHere)('REC-4 a kiosk recovery racing a counter reset at another counter: exactly one is the latest and only its password works', async () => {
    const { first, second, citizen } = await twoCountersAndACitizen();
    const sealed = catchQueuedPasswords([first.app, second]);
    const kiosk = second.kioskSession();
    await second.ok(kiosk, 'portal:captcha', {});
    const doc = { type: 'national_card', number: citizen.code };
    const both = await Promise.all([
      first.app.call(first.clerk, 'resets:at-counter', { accountId: citizen.accountId, idDocument: doc }),
      second.call(kiosk, 'portal:recover', { username: citizen.code, mobile: '09121234567', captcha: kiosk.captcha!.answer }),
    ]);
    expect(both).toMatchObject([{ ok: true }, { ok: true, data: { accepted: true } }]);
    await onlyTheLatestWorks(first.app, sealed, citizen.accountId, citizen.code);
  });
});
