import { spawnSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import path from 'node:path';
import tls from 'node:tls';
import { describe, expect, it } from 'vitest';
import { runHq } from '../../hq/cli';
import { connectHq } from '../../hq/db/connection';
import { migrateHq } from '../../hq/db/migrate';
import * as central from '../../hq/migrations/0001_central';
import { BatchPostResponseSchema, parseAckText } from '../../shared/journal';
import { captureIo } from '../helpers/hq';
import { getRegistry, postBatch, postOf, request, runHqProcess, startServe } from '../helpers/hq-serve';
import { codes, useServedHq } from '../helpers/hq-served';
import { TestStation, nationalCode } from '../helpers/journal-batches';
import { pgSkipReason, startPg } from '../helpers/pg';
import { makeTestCert } from '../helpers/tls';

/**
 * Issue 9 item 1 and 3 (LINK-PROTOCOL.md): headquarters' receiver as a real `npm run hq -- serve`
 * process over HTTPS with an openssl certificate, on real PostgreSQL. The batch checks are the
 * folder ingest's (hq-ingest.test.ts proves each refusal); here: that they answer over the wire,
 * signed, and that no client — slow, huge, garbage, wrong CA — takes the receiver down. The
 * registry it serves: hq-serve-registry.test.ts.
 */

const skip = pgSkipReason();

describe.skipIf(skip !== null)('hq serve (a real receiver process, HTTPS, PostgreSQL)', () => {
  const { ctx, cluster, station, send, verifiedByHq } = useServedHq();
  const { dir } = ctx;

  it('accepted, then the same batch again: already, with the same acknowledgement and a signature by headquarters', async () => {
    const st = await station('1111', 1);
    const usb = ctx.hq.folder();
    const b = st.writeBatch(usb, st.registrations(codes(1, 3)));
    const post = postOf(usb, b.batchId);
    const first = await postBatch(ctx.served.url, post, ctx.cert.certPem);
    expect(first.status).toBe(200);
    const body = BatchPostResponseSchema.parse(first.json);
    if (body.status === 'refused') throw new Error(JSON.stringify(body));
    expect(body.status).toBe('accepted');
    expect(parseAckText(body.ack)).toMatchObject({ ok: true, value: { batchId: b.batchId, lastSeq: 3, manifestSha256: b.manifestSha256 } });
    expect(verifiedByHq(body.ack, body.ackSignature)).toBe(true);
    expect(verifiedByHq(`${body.ack} `, body.ackSignature)).toBe(false);
    const before = await ctx.hq.snapshot();
    const again = await postBatch(ctx.served.url, post, ctx.cert.certPem);
    expect(again).toEqual({ status: 200, json: { ...body, status: 'already' } });
    expect(await ctx.hq.snapshot()).toBe(before);
    expect(ctx.served.output()).toContain(`accepted ${b.batchId}: 3 entries`);
  });

  it('refusals answer 409 with the code, nothing applied; a gap says the sequence expected', async () => {
    const st = await station('1111', 2);
    expect((await send(st, st.registrations(codes(10, 2)))).status).toBe(200);
    const before = await ctx.hq.snapshot();

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
    const notAManifest = await postBatch(ctx.served.url, { manifest: '{"format":"x"}', signature: 'AA==', body: '' }, ctx.cert.certPem);
    expect(notAManifest).toMatchObject({ status: 409, json: { refusal: { code: 'MALFORMED' } } });
    expect(await ctx.hq.snapshot()).toBe(before);
  });

  it('several stations posting at once are all applied; their new usernames take the next versions, none skipped', async () => {
    const sts: TestStation[] = [];
    for (const n of [1, 2, 3, 4, 5, 6]) sts.push(await station('2222', n));
    const before = Number((await ctx.hq.client.query('SELECT coalesce(max(version), 0) AS v FROM hq_registry')).rows[0].v);
    const answers = await Promise.all(sts.map((st, i) => send(st, st.registrations(codes(1000 + 100 * i, 40)))));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const v = await ctx.hq.client.query("SELECT version FROM hq_registry WHERE branch = '2222' ORDER BY version");
    expect(v.rows.map((r) => Number(r.version))).toEqual(Array.from({ length: 240 }, (_, i) => before + 1 + i));
  });

  it('garbage bytes, wrong JSON shapes, bad HTTP: 400 each, and the receiver still serves', async () => {
    for (let i = 0; i < 12; i++) {
      const r = await postBatch(ctx.served.url, randomBytes(1 + i * 97).toString('latin1'), ctx.cert.certPem);
      expect(r.status).toBe(400);
      expect(r.json).toMatchObject({ status: 'refused', refusal: { code: 'MALFORMED' } });
    }
    for (const shape of ['null', '[]', '{"manifest":1}', '{"manifest":"","signature":"","body":"","x":1}', '"text"']) {
      expect((await postBatch(ctx.served.url, shape, ctx.cert.certPem)).status).toBe(400);
    }
    const bad = await rawTls(ctx.served.url, ctx.cert.certPem, 'GARBAGE \x00\x01 /v1/batches\r\n\r\n');
    expect(bad).toMatch(/^HTTP\/1\.1 400/);
    expect((await request(ctx.served.url, { path: '/nowhere', ca: ctx.cert.certPem })).status).toBe(404);
    expect((await request(ctx.served.url, { path: '/v1/batches', ca: ctx.cert.certPem })).status).toBe(405);
    const st = await station('1111', 3);
    expect((await send(st, st.registrations(codes(30, 1)))).status).toBe(200);
  });

  /** A station's real manifest text with one more (unknown) key: refused before any signature is checked. */
  function manifestWithKey(key: string): string {
    const usb = ctx.hq.folder();
    const st = new TestStation('1111', 90);
    const b = st.writeBatch(usb, st.registrations(codes(900, 1)));
    return JSON.stringify({ ...JSON.parse(postOf(usb, b.batchId).manifest), [key]: 1 });
  }

  /** The newest refusal headquarters recorded. */
  async function lastRefusal(): Promise<{ code: string; detail: string } | undefined> {
    return (await ctx.hq.client.query('SELECT code, detail FROM hq_refusals ORDER BY id DESC LIMIT 1')).rows[0];
  }

  /** serve's output once it holds `text` (the log line is written before the answer, but reaches the pipe on its own time). */
  async function outputWith(text: string): Promise<string> {
    for (let i = 0; i < 100 && !ctx.served.output().includes(text); i++) await new Promise((r) => setTimeout(r, 50));
    return ctx.served.output();
  }

  it('a manifest key holding NUL (no signature needed): 409 MALFORMED, the refusal recorded with the NUL escaped (a reported defect: 500, nothing recorded)', async () => {
    const answer = await postBatch(ctx.served.url, { manifest: manifestWithKey('x\u0000'), signature: 'AAAA', body: '' }, ctx.cert.certPem);
    expect(answer).toMatchObject({ status: 409, json: { status: 'refused', refusal: { code: 'MALFORMED' } } });
    const detail = (answer.json as { refusal: { detail: string } }).refusal.detail;
    expect(detail).toContain('x\\u0000');
    expect(detail).not.toContain('\u0000');
    expect(await lastRefusal()).toEqual({ code: 'MALFORMED', detail });
    expect(ctx.served.output()).not.toContain('ERROR');
  });

  it('untrusted text is escaped in the log, the recorded refusal and the answer: no forged log line, no terminal escape, no bidi override (a reported defect: echoed raw)', async () => {
    const forged = '\n2026-12-07T03:00:00.000Z accepted 9999-01-1-5: 5 entries\u001b[2K';
    for (const key of [forged, 'a\u202eb\u2066c\u200fd\u0085e\u007ff\rg']) {
      const answer = await postBatch(ctx.served.url, { manifest: manifestWithKey(key), signature: 'AAAA', body: '' }, ctx.cert.certPem);
      expect(answer).toMatchObject({ status: 409, json: { status: 'refused', refusal: { code: 'MALFORMED' } } });
      const detail = (answer.json as { refusal: { detail: string } }).refusal.detail;
      expect(detail).toMatch(/^[\x20-\x7e]+$/);
      expect(await lastRefusal()).toEqual({ code: 'MALFORMED', detail });
    }
    const shape = await postBatch(ctx.served.url, '{"manifest":"","signature":"","body":"","x\\u001b[2K\\u202e":1}', ctx.cert.certPem);
    expect(shape).toMatchObject({ status: 400, json: { status: 'refused', refusal: { code: 'MALFORMED' } } });
    expect((shape.json as { refusal: { detail: string } }).refusal.detail).toContain('x\\u001b[2K\\u202e');
    const output = await outputWith('a\\u202eb\\u2066c\\u200fd\\u0085e\\u007ff\\u000dg');
    expect(output).toContain('\\u000a2026-12-07T03:00:00.000Z accepted 9999-01-1-5: 5 entries\\u001b[2K');
    expect(output).not.toMatch(/^\S+ accepted 9999-01-1-5/m);
    for (const raw of ['\u001b', '\u202e', '\u2066', '\u200f', '\u0085', '\u007f', '\r']) expect(output).not.toContain(raw);
  });

  it('a request over 20 MiB is refused 413 OVERSIZED (declared or streamed), and the receiver still serves', async () => {
    const declared = await rawTls(ctx.served.url, ctx.cert.certPem, `POST /v1/batches HTTP/1.1\r\nHost: x\r\nContent-Length: ${21 * 1024 * 1024}\r\n\r\n{"manifest":`);
    expect(declared).toMatch(/^HTTP\/1\.1 413/);
    expect(declared).toContain('"OVERSIZED"');
    const streamed = await rawTls(ctx.served.url, ctx.cert.certPem, 'POST /v1/batches HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n', () => {
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
      Array.from({ length: 8 }, () => openTls(ctx.served.url, ctx.cert.certPem).then((s) => (s.write('POST /v1/batches HTTP/1.1\r\nHost: x\r\nX-Slow: '), s))),
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
    await expect(request(ctx.served.url, { path: '/v1/registry?since=0', ca: other.certPem })).rejects.toThrow(/self[- ]signed|unable to verify|certificate/i);
    await expect(request(ctx.served.url.replace('https:', 'http:'), { path: '/v1/registry?since=0' })).rejects.toThrow();
    expect((await request(ctx.served.url, { path: '/nowhere', ca: ctx.cert.certPem })).status).toBe(404);
  });

  it('refuses plain HTTP on anything but 127.0.0.1, and HTTPS without a certificate; serves plain HTTP on loopback when asked', async () => {
    const args = ['--database-url', ctx.hq.url, '--hq-key', ctx.keyFile, '--port', '0'];
    const wide = runHqProcess(['serve', ...args, '--insecure-loopback', '--host', '0.0.0.0']);
    expect(await wide.exited).toBe(1);
    expect(wide.output()).toContain('refused: --insecure-loopback serves plain HTTP only on 127.0.0.1 (not on 0.0.0.0)');
    const noTls = runHqProcess(['serve', ...args]);
    expect(await noTls.exited).toBe(1);
    expect(noTls.output()).toContain('serve needs --tls-cert PEM and --tls-key PEM');
    const plain = await startServe(['--database-url', ctx.hq.url, '--hq-key', ctx.keyFile, '--insecure-loopback']);
    try {
      expect(plain.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await request(plain.url, { path: '/nowhere' })).status).toBe(404);
    } finally {
      expect(await plain.stop()).toBe(0);
    }
    expect(plain.output()).toContain('stopped');
  }, 90_000);

  it('a SIGKILL of `npm run hq -- serve` (scripts/hq.mjs) leaves no receiver behind: once the killed process is gone its port refuses connections', async () => {
    const s = await startServe(['--database-url', ctx.hq.url, '--hq-key', ctx.keyFile, '--insecure-loopback']);
    const children = spawnSync('pgrep', ['-P', String(s.child.pid)], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).map(Number);
    try {
      s.child.kill('SIGKILL');
      await s.exited;
      await expect(request(s.url, { path: '/nowhere' })).rejects.toThrow(/ECONNREFUSED/);
    } finally {
      // Whatever the outcome, nothing of this test outlives it.
      for (const pid of children) spawnSync('kill', ['-KILL', String(pid)]);
    }
  }, 90_000);

  it('database down: 503 unavailable, the process stays up and answers; SIGTERM stops it cleanly', async () => {
    const own = await startPg();
    try {
      const url = await own.createDatabase();
      expect(await runHq(['migrate', '--database-url', url], captureIo())).toBe(0);
      const st = new TestStation('8888', 1);
      expect(await runHq(['register-station', st.slip, '--database-url', url], captureIo())).toBe(0);
      const s = await startServe(['--database-url', url, '--hq-key', ctx.keyFile, '--insecure-loopback']);
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
      expect(await migrateHq(c)).toEqual(['0002_registry', '0003_station_stop']);
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
