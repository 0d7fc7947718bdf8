import { createPublicKey, generateKeyPairSync, randomBytes, verify } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHq } from '../../hq/cli';
import { connectHq } from '../../hq/db/connection';
import { migrateHq } from '../../hq/db/migrate';
import * as central from '../../hq/migrations/0001_central';
import {
  type JournalEntry,
  type RegistryDelta,
  type RegistryPage,
  BatchPostResponseSchema,
  RegistryFileSchema,
  RegistryPageSchema,
  parseAckText,
  parseHqKeyText,
  parseRegistryDeltaText,
} from '../../shared/journal';
import { type Hq, captureIo, useHqCluster } from '../helpers/hq';
import { type Served, getRegistry, postBatch, postOf, request, runHqProcess, startServe } from '../helpers/hq-serve';
import { makeTestCert, type TestCert } from '../helpers/tls';
import { TestStation, nationalCode } from '../helpers/journal-batches';
import { pgSkipReason, startPg } from '../helpers/pg';

/**
 * Issue 9 item 1 and 3 (LINK-PROTOCOL.md): headquarters' receiver as a real `npm run hq -- serve`
 * process over HTTPS with an openssl certificate, on real PostgreSQL. The batch checks are the
 * folder ingest's (hq-ingest.test.ts proves each refusal); here: that they answer over the wire,
 * signed, and that no client — slow, huge, garbage, wrong CA — takes the receiver down.
 */

const skip = pgSkipReason();
const codes = (from: number, n: number) => Array.from({ length: n }, (_, i) => nationalCode(from + i));
const voided = (st: TestStation, code: string, at = '2026-12-02T08:00:00.000Z'): JournalEntry =>
  st.change({
    kind: 'account.voided',
    record: { type: 'account', id: code },
    state: { status: 'voided', username: code, kind: 'citizen', branchCode: st.branch },
    at,
    actor: `supervisor${st.station}`,
  } as JournalEntry);

describe.skipIf(skip !== null)('hq serve (a real receiver process, HTTPS, PostgreSQL)', () => {
  const { cluster, hqWith } = useHqCluster();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hq-serve-'));
  let cert: TestCert;
  let keyFile: string;
  let hqPublic: ReturnType<typeof createPublicKey>;
  let hq: Hq;
  let served: Served;
  /** A station registered at headquarters (new for each test: tests do not share sequences). */
  const station = async (branch: string, n: number) => {
    const st = new TestStation(branch, n);
    await hq.register(st.slip);
    return st;
  };
  /** Writes `entries` as the station's next batch and posts it. */
  const send = (st: TestStation, entries: JournalEntry[], tamper: Parameters<TestStation['writeBatch']>[2] = {}) => {
    const usb = hq.folder();
    const b = st.writeBatch(usb, entries, tamper);
    return postBatch(served.url, postOf(usb, b.batchId), cert.certPem);
  };
  const verifiedByHq = (text: string, signature: string) => verify(null, Buffer.from(text), hqPublic, Buffer.from(signature, 'base64'));

  beforeAll(async () => {
    cert = makeTestCert(dir);
    keyFile = path.join(dir, 'hq-signing.key');
    const io = captureIo();
    expect(await runHq(['keygen', '--out', keyFile], io)).toBe(0);
    const pub = parseHqKeyText(io.stdout.split('\n').find((l) => l.startsWith('hq-key/1;')) ?? '');
    if (!pub.ok) throw new Error(pub.problem);
    hqPublic = createPublicKey({ key: Buffer.from(pub.keyDerBase64, 'base64'), format: 'der', type: 'spki' });
    hq = await hqWith();
    served = await startServe(['--database-url', hq.url, '--hq-key', keyFile, '--host', '127.0.0.1', '--tls-cert', cert.certFile, '--tls-key', cert.keyFile, '--timeout', '2']);
  }, 120_000);

  afterAll(async () => {
    await served?.stop();
  });

  it('accepted, then the same batch again: already, with the same acknowledgement and a signature by headquarters', async () => {
    const st = await station('1111', 1);
    const usb = hq.folder();
    const b = st.writeBatch(usb, st.registrations(codes(1, 3)));
    const post = postOf(usb, b.batchId);
    const first = await postBatch(served.url, post, cert.certPem);
    expect(first.status).toBe(200);
    const body = BatchPostResponseSchema.parse(first.json);
    if (body.status === 'refused') throw new Error(JSON.stringify(body));
    expect(body.status).toBe('accepted');
    expect(parseAckText(body.ack)).toMatchObject({ ok: true, value: { batchId: b.batchId, lastSeq: 3, manifestSha256: b.manifestSha256 } });
    expect(verifiedByHq(body.ack, body.ackSignature)).toBe(true);
    expect(verifiedByHq(`${body.ack} `, body.ackSignature)).toBe(false);
    const before = await hq.snapshot();
    const again = await postBatch(served.url, post, cert.certPem);
    expect(again).toEqual({ status: 200, json: { ...body, status: 'already' } });
    expect(await hq.snapshot()).toBe(before);
    expect(served.output()).toContain(`accepted ${b.batchId}: 3 entries`);
  });

  it('refusals answer 409 with the code, nothing applied; a gap says the sequence expected', async () => {
    const st = await station('1111', 2);
    expect((await send(st, st.registrations(codes(10, 2)))).status).toBe(200);
    const before = await hq.snapshot();

    const gap = st.registrations(codes(12, 2));
    st.registrations(codes(14, 1)); // seq 5 never sent: the next batch starts at 6
    const skipped = await send(st, st.registrations(codes(15, 1)), { link: false });
    expect(skipped.status).toBe(409);
    expect(skipped.json).toMatchObject({ status: 'refused', refusal: { code: 'SEQUENCE_GAP', expected: 3 } });

    st.rewindSeq(2, null);
    const tampered = await send(st, st.registrations(codes(12, 2)), { body: (b) => Buffer.from(b.toString().replace('clerk2', 'clerk9')), link: false });
    expect(tampered.json).toMatchObject({ status: 'refused', refusal: { code: 'BODY_HASH_MISMATCH' } });
    const foreign = await send(st, gap, { signWith: generateKeyPairSync('ed25519').privateKey, link: false });
    expect(foreign.json).toMatchObject({ status: 'refused', refusal: { code: 'BAD_SIGNATURE' } });
    const stranger = new TestStation('1111', 99);
    const unknown = await send(stranger, stranger.registrations(codes(20, 1)));
    expect(unknown).toMatchObject({ status: 409, json: { status: 'refused', refusal: { code: 'UNKNOWN_STATION' } } });
    const notAManifest = await postBatch(served.url, { manifest: '{"format":"x"}', signature: 'AA==', body: '' }, cert.certPem);
    expect(notAManifest).toMatchObject({ status: 409, json: { refusal: { code: 'MALFORMED' } } });
    expect(await hq.snapshot()).toBe(before);
  });

  it('several stations posting at once are all applied; their new usernames take the next versions, none skipped', async () => {
    const sts: TestStation[] = [];
    for (const n of [1, 2, 3, 4, 5, 6]) sts.push(await station('2222', n));
    const before = Number((await hq.client.query('SELECT coalesce(max(version), 0) AS v FROM hq_registry')).rows[0].v);
    const answers = await Promise.all(sts.map((st, i) => send(st, st.registrations(codes(1000 + 100 * i, 40)))));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const v = await hq.client.query("SELECT version FROM hq_registry WHERE branch = '2222' ORDER BY version");
    expect(v.rows.map((r) => Number(r.version))).toEqual(Array.from({ length: 240 }, (_, i) => before + 1 + i));
  });

  it('garbage bytes, wrong JSON shapes, bad HTTP: 400 each, and the receiver still serves', async () => {
    for (let i = 0; i < 12; i++) {
      const r = await postBatch(served.url, randomBytes(1 + i * 97).toString('latin1'), cert.certPem);
      expect(r.status).toBe(400);
      expect(r.json).toMatchObject({ status: 'refused', refusal: { code: 'MALFORMED' } });
    }
    for (const shape of ['null', '[]', '{"manifest":1}', '{"manifest":"","signature":"","body":"","x":1}', '"text"']) {
      expect((await postBatch(served.url, shape, cert.certPem)).status).toBe(400);
    }
    const bad = await rawTls(served.url, cert.certPem, 'GARBAGE \x00\x01 /v1/batches\r\n\r\n');
    expect(bad).toMatch(/^HTTP\/1\.1 400/);
    expect((await request(served.url, { path: '/nowhere', ca: cert.certPem })).status).toBe(404);
    expect((await request(served.url, { path: '/v1/batches', ca: cert.certPem })).status).toBe(405);
    const st = await station('1111', 3);
    expect((await send(st, st.registrations(codes(30, 1)))).status).toBe(200);
  });

  it('a request over 20 MiB is refused 413 OVERSIZED (declared or streamed), and the receiver still serves', async () => {
    const declared = await rawTls(served.url, cert.certPem, `POST /v1/batches HTTP/1.1\r\nHost: x\r\nContent-Length: ${21 * 1024 * 1024}\r\n\r\n{"manifest":`);
    expect(declared).toMatch(/^HTTP\/1\.1 413/);
    expect(declared).toContain('"OVERSIZED"');
    const streamed = await rawTls(served.url, cert.certPem, 'POST /v1/batches HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n', () => {
      const chunk = Buffer.alloc(1024 * 1024, 0x61);
      return Array.from({ length: 22 }, () => Buffer.concat([Buffer.from('100000\r\n'), chunk, Buffer.from('\r\n')]));
    });
    expect(streamed).toMatch(/^HTTP\/1\.1 413/);
    expect(streamed).toContain('"OVERSIZED"');
    const st = await station('1111', 4);
    expect((await send(st, st.registrations(codes(40, 1)))).status).toBe(200);
  }, 60_000);

  it('slow clients (headers never finished) do not block others, and are cut off after the timeout', async () => {
    const slow = await Promise.all(
      Array.from({ length: 8 }, () => openTls(served.url, cert.certPem).then((s) => (s.write('POST /v1/batches HTTP/1.1\r\nHost: x\r\nX-Slow: '), s))),
    );
    const answers = slow.map(() => '');
    const closed = slow.map(
      (s, i) =>
        new Promise<void>((resolve) => {
          s.on('data', (c: Buffer) => (answers[i] += c.toString('latin1')));
          s.once('close', () => resolve());
        }),
    );
    const st = await station('1111', 5);
    expect((await send(st, st.registrations(codes(50, 2)))).status).toBe(200);
    expect(slow.every((s) => !s.destroyed)).toBe(true);
    // --timeout 2: headers must be complete within 2 s; the server closes them (bounded wait).
    await Promise.race([Promise.all(closed), new Promise((_, reject) => setTimeout(() => reject(new Error('slow sockets still open after 15 s')), 15_000))]);
  }, 30_000);

  it('a client that trusts another CA gets no connection (TLS fails); the receiver goes on', async () => {
    const other = makeTestCert(dir);
    await expect(request(served.url, { path: '/v1/registry?since=0', ca: other.certPem })).rejects.toThrow(/self[- ]signed|unable to verify|certificate/i);
    await expect(request(served.url.replace('https:', 'http:'), { path: '/v1/registry?since=0' })).rejects.toThrow();
    expect((await request(served.url, { path: '/nowhere', ca: cert.certPem })).status).toBe(404);
  });

  describe('the registry', () => {
    /** Every page from `since` with `limit`, each verified against headquarters' key. */
    async function pull(st: TestStation, since: number, limit?: number): Promise<RegistryDelta[]> {
      const deltas: RegistryDelta[] = [];
      for (let v = since; ; ) {
        const r = await getRegistry(served.url, st, v, { limit, ca: cert.certPem });
        expect(r.status).toBe(200);
        const page = RegistryPageSchema.parse(r.json);
        expect(verifiedByHq(page.delta, page.signature)).toBe(true);
        const d = parseRegistryDeltaText(page.delta);
        if (!d.ok) throw new Error(d.problem);
        expect(d.value.fromVersion).toBe(v);
        deltas.push(d.value);
        v = d.value.toVersion;
        if (!d.value.hasMore) return deltas;
      }
    }
    const top = async () => Number((await hq.client.query('SELECT coalesce(max(version), 0) AS v FROM hq_registry')).rows[0].v);

    it('first branch wins; pages are signed, chain by version, and hasMore pages through everything', async () => {
      const a = await station('3333', 1);
      const b = await station('4444', 1);
      const start = await top();
      expect((await send(a, a.registrations(codes(300, 3), { at: '2026-12-01T08:00:00.000Z' }))).status).toBe(200);
      expect((await send(b, b.registrations([nationalCode(302), nationalCode(303)], { at: '2026-12-01T09:00:00.000Z' }))).status).toBe(200);
      const [whole] = await pull(a, start);
      expect(whole!.hasMore).toBe(false);
      const mine = whole!.entries.map(({ username, branch, station: s, active }) => ({ username, branch, station: s, active }));
      expect(mine).toEqual([
        { username: nationalCode(300), branch: '3333', station: 1, active: true },
        { username: nationalCode(301), branch: '3333', station: 1, active: true },
        { username: nationalCode(302), branch: '3333', station: 1, active: true },
        { username: nationalCode(303), branch: '4444', station: 1, active: true },
      ]);
      expect(whole!.entries.map((e) => e.version)).toEqual([start + 1, start + 2, start + 3, start + 4]);
      const paged = await pull(b, start, 1);
      expect(paged.map((d) => [d.entries.length, d.hasMore])).toEqual([[1, true], [1, true], [1, true], [1, false]]);
      expect(paged.flatMap((d) => d.entries)).toEqual(whole!.entries);
      const nothing = await pull(a, whole!.toVersion);
      expect(nothing).toMatchObject([{ fromVersion: whole!.toVersion, toVersion: whole!.toVersion, entries: [] }]);
    });

    it('a void flips active with a new version; a branch where it is live, or registers it later, takes over a voided username', async () => {
      const a = await station('5555', 1);
      const b = await station('6666', 1);
      const [solo, shared] = [nationalCode(500), nationalCode(501)];
      await send(a, a.registrations([solo, shared]));
      await send(b, b.registrations([shared], { at: '2026-12-01T10:00:00.000Z' }));
      const start = await top();
      expect((await send(a, [voided(a, solo), voided(a, shared)])).status).toBe(200);
      const [d] = await pull(a, start);
      expect(d!.entries.map(({ username, branch, active }) => ({ username, branch, active }))).toEqual([
        { username: solo, branch: '5555', active: false },
        { username: shared, branch: '6666', active: true },
      ]);
      expect(d!.entries[0]!.version).toBeGreaterThan(start);
      // Registered again at another branch after the void there: that branch takes the row.
      const before = await top();
      await send(b, b.registrations([solo], { at: '2026-12-02T10:00:00.000Z' }));
      const [again] = await pull(b, before);
      expect(again!.entries).toMatchObject([{ username: solo, branch: '6666', active: true, registeredAt: '2026-12-02T10:00:00.000Z', version: before + 1 }]);
      // A change that leaves the registry as it is takes no version.
      const after = await top();
      await send(b, [b.change({ kind: 'account.contact-changed', record: { type: 'account', id: shared }, state: { status: 'active', username: shared, kind: 'citizen', branchCode: '6666' }, at: '2026-12-02T09:00:00.000Z', actor: 'clerk1' } as JournalEntry)]);
      expect(await top()).toBe(after);
    });

    it('only a registered station, signing path and time within 5 minutes, may read it (401 with the code)', async () => {
      const st = await station('7777', 1);
      expect((await getRegistry(served.url, st, 0, { ca: cert.certPem })).status).toBe(200);
      const stranger = new TestStation('7777', 2);
      expect((await getRegistry(served.url, stranger, 0, { ca: cert.certPem })).json).toMatchObject({ status: 'refused', refusal: { code: 'UNKNOWN_STATION' } });
      const otherSince = await getRegistry(served.url, st, 0, { sinceText: '1', ca: cert.certPem });
      expect(otherSince).toMatchObject({ status: 401, json: { refusal: { code: 'BAD_SIGNATURE' } } });
      const old = new Date(Date.now() - 6 * 60_000).toISOString();
      expect((await getRegistry(served.url, st, 0, { time: old, ca: cert.certPem })).json).toMatchObject({ refusal: { code: 'STALE_REQUEST' } });
      expect((await request(served.url, { path: '/v1/registry?since=0', ca: cert.certPem })).status).toBe(401);
      for (const q of ['since=-1', 'since=01', 'since=x', 'since=0&limit=0', 'since=0&limit=50001', '']) {
        expect((await request(served.url, { path: `/v1/registry?${q}`, ca: cert.certPem })).status).toBe(400);
      }
    });

    it('registry-export writes every page signed, chained from --since, readable by the file schema', async () => {
      const out = path.join(dir, 'registry.json');
      const io = captureIo();
      expect(await runHq(['registry-export', '--hq-key', keyFile, '--out', out, '--database-url', hq.url], io)).toBe(0);
      const file = RegistryFileSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
      let version = 0;
      const all = [];
      for (const page of file.pages as RegistryPage[]) {
        expect(verifiedByHq(page.delta, page.signature)).toBe(true);
        const d = parseRegistryDeltaText(page.delta);
        if (!d.ok) throw new Error(d.problem);
        expect(d.value.fromVersion).toBe(version);
        version = d.value.toVersion;
        all.push(...d.value.entries);
      }
      expect(version).toBe(await top());
      expect(all).toHaveLength(Number((await hq.client.query('SELECT count(*) AS n FROM hq_registry')).rows[0].n));
      expect(io.stdout).toContain(`versions 0–${version}`);
      const later = path.join(dir, 'later.json');
      expect(await runHq(['registry-export', '--hq-key', keyFile, '--out', later, '--since', String(version - 2), '--database-url', hq.url], captureIo())).toBe(0);
      const tail = RegistryFileSchema.parse(JSON.parse(readFileSync(later, 'utf8')));
      expect(tail.pages).toHaveLength(1);
      const d = parseRegistryDeltaText(tail.pages[0]!.delta);
      expect(d.ok && d.value.entries.map((e) => e.version)).toEqual([version - 1, version]);
      const noKey = captureIo();
      expect(await runHq(['registry-export', '--out', path.join(dir, 'x.json'), '--database-url', hq.url], noKey)).toBe(1);
      expect(noKey.stderr).toContain('--hq-key');
      expect(existsSync(path.join(dir, 'x.json'))).toBe(false);
    });
  });

  it('refuses plain HTTP on anything but 127.0.0.1, and HTTPS without a certificate; serves plain HTTP on loopback when asked', async () => {
    const args = ['--database-url', hq.url, '--hq-key', keyFile, '--port', '0'];
    const wide = runHqProcess(['serve', ...args, '--insecure-loopback', '--host', '0.0.0.0']);
    expect(await wide.exited).toBe(1);
    expect(wide.output()).toContain('refused: --insecure-loopback serves plain HTTP only on 127.0.0.1 (not on 0.0.0.0)');
    const noTls = runHqProcess(['serve', ...args]);
    expect(await noTls.exited).toBe(1);
    expect(noTls.output()).toContain('serve needs --tls-cert PEM and --tls-key PEM');
    const plain = await startServe(['--database-url', hq.url, '--hq-key', keyFile, '--insecure-loopback']);
    try {
      expect(plain.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await request(plain.url, { path: '/nowhere' })).status).toBe(404);
    } finally {
      expect(await plain.stop()).toBe(0);
    }
    expect(plain.output()).toContain('stopped');
  }, 90_000);

  it('database down: 503 unavailable, the process stays up and answers; SIGTERM stops it cleanly', async () => {
    const own = await startPg();
    try {
      const url = await own.createDatabase();
      expect(await runHq(['migrate', '--database-url', url], captureIo())).toBe(0);
      const st = new TestStation('8888', 1);
      expect(await runHq(['register-station', st.slip, '--database-url', url], captureIo())).toBe(0);
      const s = await startServe(['--database-url', url, '--hq-key', keyFile, '--insecure-loopback']);
      try {
        const usb = mkdtempSync(path.join(dir, 'usb-'));
        const b = st.writeBatch(usb, st.registrations(codes(800, 1)));
        await own.stop();
        expect(await postBatch(s.url, postOf(usb, b.batchId))).toEqual({ status: 503, json: { status: 'unavailable' } });
        expect((await getRegistry(s.url, st, 0)).status).toBe(503);
        expect((await request(s.url, { path: '/nowhere' })).status).toBe(404);
      } finally {
        expect(await s.stop()).toBe(0);
      }
    } finally {
      await own.stop();
    }
  }, 90_000);

  it('migration 0002_registry fills the registry from the accounts ingested before it: first live branch, versions 1..n', async () => {
    const url = await cluster().createDatabase();
    const c = await connectHq(url);
    try {
      await c.query(central.up);
      await c.query("CREATE TABLE hq_schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now()); INSERT INTO hq_schema_migrations (name) VALUES ('0001_central')");
      const row = (u: string, branch: string, at: string, status: string) =>
        c.query(
          `INSERT INTO hq_accounts (username, branch, origin_station, created_kind, first_seen_kind, first_seen_at, first_seen_station,
             registered_at, registered_by, status, state, last_at, last_station, last_seq)
           VALUES ($1, $2, 3, 'account.registered', 'account.registered', $3, 3, $3, 'clerk', $4, '{}', $3, 3, 1)`,
          [u, branch, at, status],
        );
      await row(nationalCode(1), '1000', '2026-12-01T09:00:00.000Z', 'active');
      await row(nationalCode(1), '2000', '2026-12-01T08:00:00.000Z', 'active');
      await row(nationalCode(2), '1000', '2026-12-01T08:00:00.000Z', 'voided');
      await row(nationalCode(2), '2000', '2026-12-01T09:00:00.000Z', 'disabled');
      await row(nationalCode(3), '1000', '2026-12-01T08:00:00.000Z', 'voided');
      expect(await migrateHq(c)).toEqual(['0002_registry']);
      const r = await c.query('SELECT username, branch, station, registered_at, active, version FROM hq_registry ORDER BY version');
      expect(r.rows).toEqual([
        { username: nationalCode(1), branch: '2000', station: 3, registered_at: '2026-12-01T08:00:00.000Z', active: true, version: '1' },
        { username: nationalCode(2), branch: '2000', station: 3, registered_at: '2026-12-01T09:00:00.000Z', active: true, version: '2' },
        { username: nationalCode(3), branch: '1000', station: 3, registered_at: '2026-12-01T08:00:00.000Z', active: false, version: '3' },
      ]);
    } finally {
      await c.end();
    }
  });
});

function openTls(url: string, ca: string): Promise<tls.TLSSocket> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const s = tls.connect({ host: u.hostname, port: Number(u.port), ca }, () => resolve(s));
    s.on('error', reject);
  });
}

/** Bytes sent verbatim over TLS; what came back (until the server closed, or 20 s). */
async function rawTls(url: string, ca: string, head: string, more: () => Buffer[] = () => []): Promise<string> {
  const s = await openTls(url, ca);
  s.removeAllListeners('error');
  let got = '';
  s.on('data', (c: Buffer) => (got += c.toString('latin1')));
  s.on('error', () => undefined);
  const done = new Promise<void>((resolve) => {
    s.on('close', () => resolve());
    setTimeout(() => {
      s.destroy();
      resolve();
    }, 20_000);
  });
  s.write(head);
  for (const chunk of more()) if (!s.destroyed) s.write(chunk);
  await done;
  return got;
}
