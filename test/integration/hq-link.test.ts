import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Output } from '../../shared/contract';
import { importAck } from '../../src-main/services/journal-ack.service';
import { exportJournal } from '../../src-main/services/journal-export.service';
import { nationalCode, setUpBranch, startTestApp, SUPERVISOR } from '../helpers/app';
import { hqCli, hqKeygen, startHqServe, startTamperProxy, type HqServe } from '../helpers/hq-link-peers';
import { appendSyntheticEntries } from '../helpers/journal-flow';
import { pgSkipReason, startPg, type PgCluster } from '../helpers/pg';
import { ensureBuilt, staffClient, startServer, type Server } from '../helpers/server-process';
import { makeTestCert, type TestCert } from '../helpers/tls';

/**
 * Issue 9 item 4, the push side with real parts only: the branch is the real browser-mode process
 * on its own SQLite file, headquarters is `hq serve` as its own process over HTTPS (a certificate
 * made by openssl now) on a real PostgreSQL. What the branch shows is read from its app:status;
 * what headquarters holds is read from its tables.
 */
const skip = pgSkipReason();
const SYSTEM_ACTOR = { type: 'system' as const, id: null, name: 'system' };
type Ok = Awaited<ReturnType<typeof staffClient>>;
type LinkStatus = Output<'app:status'>['hq'];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/** Polls until `fn` answers something truthy (every 150 ms, `ms` at most), or fails naming what it waited for. */
async function until<T>(what: string, fn: () => Promise<T | undefined | null | false>, ms = 90_000): Promise<T> {
  const end = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
      last = v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`waited ${ms} ms for ${what}; last: ${last instanceof Error ? last.message : JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

describe.skipIf(skip !== null)('issue 9: the live link — the real branch pushes to a real `hq serve` (PostgreSQL, HTTPS)', () => {
  let cluster: PgCluster;
  let cert: TestCert;
  let otherCa: TestCert;
  let hqKey: { keyFile: string; keyText: string };
  const dirs: string[] = [];
  const processes: Array<{ kill(): Promise<void> }> = [];
  const clients: pg.Client[] = [];

  beforeAll(async () => {
    ensureBuilt('hq:link-resume');
    hqKey = hqKeygen(); // builds out/hq when it is stale
    cluster = await startPg();
    cert = makeTestCert();
    otherCa = makeTestCert();
    dirs.push(cert.dir, otherCa.dir, path.dirname(hqKey.keyFile));
  }, 300_000);
  afterEach(async () => {
    while (processes.length) await processes.pop()!.kill();
    while (clients.length) await clients.pop()!.end().catch(() => undefined);
  });
  afterAll(async () => {
    await cluster?.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  /** A fresh headquarters database, migrated, with the branch's station registered from its slip. */
  async function headquarters(slip: string): Promise<{ url: string; db: pg.Client }> {
    const url = await cluster.createDatabase();
    for (const args of [['migrate'], ['register-station', slip]]) {
      const r = hqCli(...args, '--database-url', url);
      expect(r.status, r.stderr).toBe(0);
    }
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    clients.push(db);
    return { url, db };
  }

  async function serve(databaseUrl: string, port?: number): Promise<HqServe> {
    const hq = await startHqServe({ databaseUrl, hqKeyFile: hqKey.keyFile, cert, ...(port ? { port } : {}) });
    processes.push({ kill: () => hq.kill9() });
    return hq;
  }

  /** A branch set up in-process (station 7), with `synthetic` extra journal entries; returns its data folder and slip. */
  async function prepareBranch(synthetic = 0, before?: (app: Awaited<ReturnType<typeof startTestApp>>) => Promise<void>) {
    const app = await startTestApp();
    dirs.push(app.dataDir);
    const desk = await setUpBranch(app);
    const slip = (await app.ok(desk.supervisor, 'hq:station-slip', {})).slipText;
    const station = await app.ctx.db('stations').first<{ id: number }>('id');
    if (synthetic > 0) await appendSyntheticEntries(app.ctx.db, station!.id, synthetic);
    await before?.(app);
    await app.ctx.close();
    return { dataDir: app.dataDir, slip, app };
  }

  /** The branch as its own process (browser mode, training), a supervisor logged in over the bridge. */
  async function runBranch(dataDir: string): Promise<{ server: Server; ok: Ok; link(): Promise<LinkStatus> }> {
    const server = await startServer(dataDir, ['--training'], { DESK_HQ_RETRY_MAX_MS: '1500' });
    processes.push({
      kill: async () => {
        if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
        await server.exited;
      },
    });
    const ok = await staffClient(server);
    await ok('staff:login', SUPERVISOR);
    return { server, ok, link: async () => (await ok('app:status', {})).hq };
  }

  const linkTo = (ok: Ok, url: string, ca: TestCert = cert) => ok('hq:link-settings-save', { url, caPem: ca.certPem, hqKeyText: hqKey.keyText });

  /** Headquarters' view of station 1001-07 … whatever branch the sample list gave: every entry, every batch, every refusal. */
  async function central(db: pg.Client) {
    const entries = await db.query<{ n: string; max: string | null; distinct: string }>('SELECT count(*) AS n, max(seq) AS max, count(DISTINCT seq) AS distinct FROM hq_entries');
    const batches = await db.query<{ first_seq: string; last_seq: string; entry_count: number }>('SELECT first_seq, last_seq, entry_count FROM hq_batches ORDER BY first_seq');
    const refusals = await db.query<{ n: string }>('SELECT count(*) AS n FROM hq_refusals');
    const e = entries.rows[0]!;
    return {
      entries: Number(e.n),
      maxSeq: Number(e.max ?? 0),
      distinctSeqs: Number(e.distinct),
      batches: batches.rows.map((b) => ({ first: Number(b.first_seq), last: Number(b.last_seq), count: b.entry_count })),
      refusals: Number(refusals.rows[0]!.n),
    };
  }

  /** No gap, nothing twice: batches 1..lastSeq back to back, one entry per sequence. */
  function expectWhole(c: Awaited<ReturnType<typeof central>>, lastSeq: number): void {
    expect(c.entries).toBe(lastSeq);
    expect(c.distinctSeqs).toBe(lastSeq);
    expect(c.maxSeq).toBe(lastSeq);
    let next = 1;
    for (const b of c.batches) {
      expect(b.first).toBe(next);
      expect(b.count).toBe(b.last - b.first + 1);
      next = b.last + 1;
    }
    expect(next).toBe(lastSeq + 1);
  }

  it('receiver down for a day of work (1,000 changes): nothing lost, the status says offline; it catches up by itself when the receiver comes up', async () => {
    const { dataDir, slip } = await prepareBranch();
    const { url: databaseUrl, db } = await headquarters(slip);
    const port = await freePort(); // nobody listens there yet
    const b = await runBranch(dataDir);
    await linkTo(b.ok, `https://127.0.0.1:${port}`);
    const offline = await until('the link to say offline', async () => ((await b.link()).state === 'offline' ? b.link() : null));
    expect(offline.offlineReason).toBe('network');

    // A day's work at the counter, through the real bridge: one registration, then 999 contact changes.
    const [branch] = await b.ok('reference:branches', { query: '' });
    const group = (await b.ok('reference:groups', {})).find((g) => g.registrationOpen)!;
    const code = nationalCode('001234567');
    const idDocument = { type: 'national_card' as const, number: code };
    const reg = await b.ok('accounts:register', {
      kind: 'citizen',
      nationalCode: code,
      termsAccepted: true,
      termsVersion: (await b.ok('settings:terms', {})).version,
      idDocument,
      branchId: branch!.id,
      insuranceGroupId: group.id,
      insuranceNumber: '1234567890',
      mobile: '09121234567',
    });
    for (let i = 0; i < 999; i++) await b.ok('accounts:update-email', { accountId: reg.accountId, email: `person${i}@example.ir`, idDocument });

    const waiting = await b.link();
    expect(waiting).toMatchObject({ state: 'offline', offlineReason: 'network', ackedSeq: 0 });
    expect(waiting.lastSeq).toBeGreaterThanOrEqual(1000);
    expect(waiting.behindEntries).toBe(waiting.lastSeq);
    expect((await central(db)).entries).toBe(0);

    const hq = await serve(databaseUrl, port);
    const caughtUp = await until('the branch to catch up', async () => {
      const s = await b.link();
      return s.state === 'online' && s.behindEntries === 0 ? s : null;
    });
    expect(caughtUp.ackedSeq).toBe(waiting.lastSeq);
    const c = await central(db);
    expectWhole(c, waiting.lastSeq);
    expect(c.batches.every((x) => x.count <= 1000)).toBe(true);
    expect(c.refusals).toBe(0);
    expect(hq.output()).toMatch(/listening on/);
  }, 240_000);

  it('kill -9 of the branch mid-push and of the receiver mid-ingest: no gap, nothing applied twice', async () => {
    const { dataDir, slip } = await prepareBranch(8_000);
    const { url: databaseUrl, db } = await headquarters(slip);
    let hq = await serve(databaseUrl);
    let b = await runBranch(dataDir);
    await linkTo(b.ok, hq.url);

    await until('two batches at headquarters', async () => (await central(db)).batches.length >= 2);
    b.server.child.kill('SIGKILL');
    await b.server.exited;
    b = await runBranch(dataDir);
    await until('five batches at headquarters', async () => (await central(db)).batches.length >= 5);
    await hq.kill9();
    hq = await serve(databaseUrl, hq.port);

    const done = await until('the branch to catch up after both kills', async () => {
      const s = await b.link();
      return s.state === 'online' && s.behindEntries === 0 ? s : null;
    });
    const c = await central(db);
    expectWhole(c, done.lastSeq);
    expect(done.lastSeq).toBeGreaterThan(8_000);
    expect(c.refusals).toBe(0);
  }, 240_000);

  it('a byte of a batch flipped in flight: refused, the link stops with the alarm (also after a restart), nothing applied; the supervisor resumes after the fix', async () => {
    const { dataDir, slip } = await prepareBranch(30);
    const { url: databaseUrl, db } = await headquarters(slip);
    const hq = await serve(databaseUrl);
    const proxy = await startTamperProxy(hq.url, cert, 'request');
    processes.push({ kill: () => proxy.close() });
    let b = await runBranch(dataDir);
    await linkTo(b.ok, proxy.url);

    const stopped = await until('the alarm', async () => ((await b.link()).state === 'stopped' ? b.link() : null));
    expect(stopped.stop).toMatchObject({ code: 'BODY_HASH_MISMATCH', batchId: expect.stringMatching(/^\d{4}-07-1-\d+$/) });
    expect(proxy.seen.tampered).toBe(1);
    expect(await central(db)).toMatchObject({ entries: 0, batches: [], refusals: 1 });

    // A stop is kept in the database: a restarted desk still shows it and sends nothing.
    b.server.child.kill('SIGTERM');
    await b.server.exited;
    b = await runBranch(dataDir);
    expect((await b.link()).state).toBe('stopped');
    const forwarded = proxy.seen.forwarded;

    // The fix (the line without the middle box), then the supervisor's resume.
    await linkTo(b.ok, hq.url);
    expect((await b.link()).state).toBe('stopped');
    expect(proxy.seen.forwarded).toBe(forwarded);
    const resumed = await b.ok('hq:link-resume', {});
    expect(resumed.stop).toBeNull();
    const done = await until('the branch to catch up after the resume', async () => {
      const s = await b.link();
      return s.state === 'online' && s.behindEntries === 0 ? s : null;
    });
    expectWhole(await central(db), done.lastSeq);
  }, 240_000);

  it("an acknowledgement flipped on its way back does not verify with headquarters' key: the link stops, nothing settled; after the resume headquarters answers `already`", async () => {
    const { dataDir, slip } = await prepareBranch(10);
    const { url: databaseUrl, db } = await headquarters(slip);
    const hq = await serve(databaseUrl);
    const proxy = await startTamperProxy(hq.url, cert, 'answer');
    processes.push({ kill: () => proxy.close() });
    const b = await runBranch(dataDir);
    await linkTo(b.ok, proxy.url);

    const stopped = await until('the alarm', async () => ((await b.link()).state === 'stopped' ? b.link() : null));
    expect(stopped.stop?.code).toBe('ACK_BAD_SIGNATURE');
    expect(stopped.ackedSeq).toBe(0);
    const applied = await central(db);
    expect(applied.batches).toHaveLength(1);

    await linkTo(b.ok, hq.url);
    await b.ok('hq:link-resume', {});
    const done = await until('the acknowledgement', async () => {
      const s = await b.link();
      return s.state === 'online' && s.behindEntries === 0 ? s : null;
    });
    // The same batch again was answered `already`: headquarters holds it once.
    expect(await central(db)).toEqual(applied);
    expectWhole(applied, done.lastSeq);
  }, 240_000);

  it('wrong CA pinned: no connection (offline, a TLS reason), nothing reaches headquarters', async () => {
    const { dataDir, slip } = await prepareBranch(5);
    const { url: databaseUrl, db } = await headquarters(slip);
    const hq = await serve(databaseUrl);
    const b = await runBranch(dataDir);
    await linkTo(b.ok, hq.url, otherCa);
    const s = await until('the link to say offline', async () => ((await b.link()).state === 'offline' ? b.link() : null));
    expect(s.offlineReason).toBe('tls');
    expect(s.offlineDetail).toMatch(/CERT|SELF_SIGNED|UNABLE/);
    expect(s.ackedSeq).toBe(0);
    expect(await central(db)).toMatchObject({ entries: 0, batches: [], refusals: 0 });
  }, 120_000);

  it('SEQUENCE_GAP: headquarters lost what it acknowledged (restored elsewhere) — the branch resends from the sequence it expects', async () => {
    const stick = { dir: '' };
    const { dataDir, slip } = await prepareBranch(1500, async (app) => {
      // Part 1 by USB: the first batch reaches an older headquarters database and its ack comes back.
      const old = await headquarters(await slipOf(app));
      stick.dir = path.join(app.dataDir, 'usb');
      mkdirSync(stick.dir);
      await exportJournal(app.ctx.env, SYSTEM_ACTOR, stick.dir);
      expect(hqCli('ingest', stick.dir, '--database-url', old.url).status).toBe(0);
      const ack = readdirSync(stick.dir).find((f) => f.startsWith('ack-'))!;
      await importAck(app.ctx.env, SYSTEM_ACTOR, readFileSync(path.join(stick.dir, ack), 'utf8'));
      const station = await app.ctx.db('stations').first<{ id: number }>('id');
      await appendSyntheticEntries(app.ctx.db, station!.id, 700, '2026-11-26T07:00:00.000Z');
    });
    // The headquarters the link reaches has never seen this station's batches.
    const { url: databaseUrl, db } = await headquarters(slip);
    const hq = await serve(databaseUrl);
    const b = await runBranch(dataDir);
    const before = await b.link();
    expect(before.ackedSeq).toBeGreaterThan(1500);
    await linkTo(b.ok, hq.url);
    const done = await until('the resend to complete', async () => {
      const s = await b.link();
      return s.state === 'online' && s.behindEntries === 0 ? s : null;
    });
    const c = await central(db);
    expectWhole(c, done.lastSeq);
    expect(c.batches[0]).toMatchObject({ first: 1, last: before.ackedSeq });
    expect(c.refusals).toBe(1); // the one SEQUENCE_GAP
  }, 240_000);
});

/** The station slip of an in-process app, read through its router by a supervisor session. */
async function slipOf(app: Awaited<ReturnType<typeof startTestApp>>): Promise<string> {
  const s = app.staffSession();
  await app.ok(s, 'staff:login', SUPERVISOR);
  return (await app.ok(s, 'hq:station-slip', {})).slipText;
}
