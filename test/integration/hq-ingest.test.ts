import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { conflictsCommand } from '../../hq/commands/conflicts.command';
import { ingestCommand } from '../../hq/commands/ingest.command';
import { CommandStop } from '../../hq/commands/io';
import { ingestBatch } from '../../hq/ingest/ingest.service';
import { connectHq } from '../../hq/db/connection';
import { migrateHq, pendingMigrations } from '../../hq/db/migrate';
import { MAX_BATCH_BYTES, MAX_BATCH_ENTRIES, batchFileNames, parseAckText } from '../../shared/journal';
import { captureIo, type Hq, useHqCluster } from '../helpers/hq';
import { runHqProcess } from '../helpers/hq-serve';
import { TestStation, nationalCode, sha256 } from '../helpers/journal-batches';
import { pgSkipReason } from '../helpers/pg';

/**
 * Issue 8 item 4: headquarters verifies each batch (station, signature, body hash, count,
 * contiguity, hash link, audit anchors) and applies it once, or refuses it with a code and applies
 * nothing. Real PostgreSQL, real Ed25519 keys; each refusal from a really altered batch.
 */

const skip = pgSkipReason();
const codes = (from: number, n: number) => Array.from({ length: n }, (_, i) => nationalCode(from + i));

describe.skipIf(skip !== null)('hq ingest (PostgreSQL)', () => {
  const { cluster: pgCluster, hqWith } = useHqCluster();

  /** Ingests `dir`, expects exactly one refused batch with `code`, and that nothing changed. */
  async function expectRefused(hq: Hq, dir: string, code: string): Promise<string> {
    const before = await hq.snapshot();
    const r = await hq.ingest(dir);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`REFUSED .*: ${code}[ :(]`));
    expect(await hq.snapshot()).toBe(before);
    const logged = await hq.client.query('SELECT code FROM hq_refusals ORDER BY id DESC LIMIT 1');
    expect(logged.rows[0]?.code).toBe(code);
    return r.stderr;
  }

  it('migrations 0001_central, 0002_registry and 0003_station_stop: two `migrate` at once apply them once; the central tables exist', async () => {
    const url = await pgCluster().createDatabase();
    const clients = await Promise.all([connectHq(url), connectHq(url)]);
    try {
      expect(await pendingMigrations(clients[0]!)).toEqual(['0001_central', '0002_registry', '0003_station_stop']);
      const applied = await Promise.all(clients.map((c) => migrateHq(c)));
      expect(applied.flat()).toEqual(['0001_central', '0002_registry', '0003_station_stop']);
      expect(await pendingMigrations(clients[1]!)).toEqual([]);
      const tables = await clients[0]!.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename");
      expect(tables.rows.map((r) => r.tablename)).toEqual([
        'hq_accounts',
        'hq_batches',
        'hq_entries',
        'hq_identifiers',
        'hq_refusals',
        'hq_registry',
        'hq_schema_migrations',
        'hq_station_stops',
        'hq_stations',
      ]);
    } finally {
      for (const c of clients) await c.end();
    }
  });

  it('register-station takes the slip text once; the same slip again is fine, another key for that station is refused', async () => {
    const st = new TestStation('1234', 20);
    const hq = await hqWith();
    expect((await hq.register(st.slip)).stdout).toMatch(/^registered branch 1234 station 20\nfingerprint ([0-9]{4} ){8}[0-9]{4}\n/);
    expect((await hq.register(`  ${st.slip}\n`)).stdout).toContain('already registered with this key');
    const impostor = new TestStation('1234', 20);
    await expect(hq.register(impostor.slip)).rejects.toThrow(/registered with another key/);
    await expect(hq.register('branch-desk-station/1;branch=1234;station=20;key=abc')).rejects.toThrow(/not an Ed25519 public key/);
    const keys = await hq.client.query('SELECT public_key FROM hq_stations');
    expect(keys.rows).toEqual([{ public_key: st.publicKeyBase64 }]);
  });

  it('accepts a signed batch: entries, accounts with branch and station of origin, an acknowledgement file', async () => {
    const st = new TestStation('1234', 7);
    const hq = await hqWith(st);
    const dir = hq.folder();
    const b = st.writeBatch(dir, st.registrations(codes(1, 3)));
    const r = await hq.ingest(dir);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain(`accepted ${b.batchId}: 3 entries -> ack-1234-07-3.json`);
    const ack = parseAckText(readFileSync(path.join(dir, 'ack-1234-07-3.json'), 'utf8'));
    expect(ack).toMatchObject({ ok: true, value: { batchId: b.batchId, lastSeq: 3, manifestSha256: b.manifestSha256, station: 7 } });
    const accounts = await hq.client.query('SELECT username, branch, origin_station, registered_by, status FROM hq_accounts ORDER BY username');
    expect(accounts.rows).toEqual(codes(1, 3).map((u) => ({ username: u, branch: '1234', origin_station: 7, registered_by: 'clerk7', status: 'active' })));
    const entries = await hq.client.query('SELECT count(*)::int AS n FROM hq_entries');
    expect(entries.rows[0].n).toBe(3);
  });

  it('an acknowledgements folder that cannot be written: refused before any batch is applied, no stack (a reported defect: the batch was applied, then a crash)', async () => {
    const st = new TestStation('1234', 9);
    const hq = await hqWith(st);
    const dir = hq.folder();
    st.writeBatch(dir, st.registrations(codes(20, 2)));
    const before = await hq.snapshot();
    const io = captureIo();
    const missing = path.join(dir, 'no-such-folder');
    const stop = await ingestCommand(hq.client, dir, missing, io).then(
      () => null,
      (e: unknown) => e,
    );
    expect(stop).toBeInstanceOf(CommandStop);
    expect((stop as CommandStop).message).toMatch(new RegExp(`^cannot write acknowledgements to ${missing}: .*ENOENT.*; nothing was applied$`));
    expect(await hq.snapshot()).toBe(before);
    // The same folder as its own acknowledgements' folder: applied and acknowledged.
    expect((await hq.ingest(dir)).exitCode).toBe(0);
    expect(await hq.snapshot()).not.toBe(before);
  });

  it('conflicts --csv into a folder that does not exist: a refusal that names the file, no stack', async () => {
    const hq = await hqWith();
    const csv = path.join(hq.folder(), 'missing', 'c.csv');
    await expect(conflictsCommand(hq.client, csv, captureIo())).rejects.toThrow(new CommandStop(`cannot write ${csv}: ENOENT: no such file or directory, open '${csv}'`));
  });

  it('the same batch twice changes nothing and gets the same acknowledgement, byte for byte', async () => {
    const st = new TestStation('1234', 8);
    const hq = await hqWith(st);
    const dir = hq.folder();
    st.writeBatch(dir, st.registrations(codes(10, 2)));
    expect((await hq.ingest(dir)).exitCode).toBe(0);
    const ackFile = path.join(dir, 'ack-1234-08-2.json');
    const firstAck = readFileSync(ackFile, 'utf8');
    const before = await hq.snapshot();
    writeFileSync(ackFile, 'lost');
    const again = await hq.ingest(dir);
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toContain('already  1234-08-1-2: ingested before, nothing changed');
    expect(readFileSync(ackFile, 'utf8')).toBe(firstAck);
    expect(await hq.snapshot()).toBe(before);
  });

  it('UNKNOWN_STATION: a batch from a station headquarters never registered', async () => {
    const known = new TestStation('1234', 1);
    const stranger = new TestStation('1234', 2);
    const hq = await hqWith(known);
    const dir = hq.folder();
    stranger.writeBatch(dir, stranger.registrations(codes(20, 1)));
    await expectRefused(hq, dir, 'UNKNOWN_STATION');
  });

  it('BAD_SIGNATURE: signed with another key (foreign-signed), a manifest byte changed after signing, no signature', async () => {
    const st = new TestStation('1234', 3);
    const hq = await hqWith(st);
    const foreign = generateKeyPairSync('ed25519').privateKey;
    const d1 = hq.folder();
    st.writeBatch(d1, st.registrations(codes(30, 2)), { signWith: foreign, link: false });
    await expectRefused(hq, d1, 'BAD_SIGNATURE');

    st.rewindSeq(0, null);
    const d2 = hq.folder();
    const b = st.writeBatch(d2, st.registrations(codes(30, 2)), { link: false });
    const manifestFile = path.join(d2, batchFileNames(b.batchId).manifest);
    writeFileSync(manifestFile, readFileSync(manifestFile, 'utf8').replace('"schemaVersion":"0012_journal"', '"schemaVersion":"0012_journaL"'));
    await expectRefused(hq, d2, 'BAD_SIGNATURE');

    const d3 = hq.folder();
    st.rewindSeq(0, null);
    const b3 = st.writeBatch(d3, st.registrations(codes(30, 2)));
    writeFileSync(path.join(d3, batchFileNames(b3.batchId).signature), '');
    await expectRefused(hq, d3, 'BAD_SIGNATURE');
  });

  it('BODY_HASH_MISMATCH: one byte of the body changed after it was signed', async () => {
    const st = new TestStation('1234', 4);
    const hq = await hqWith(st);
    const dir = hq.folder();
    st.writeBatch(dir, st.registrations(codes(40, 3)), {
      body: (body) => {
        const copy = Buffer.from(body);
        const at = copy.indexOf('clerk4') + 5;
        copy[at] = '5'.charCodeAt(0); // clerk4 -> clerk5
        return copy;
      },
    });
    await expectRefused(hq, dir, 'BODY_HASH_MISMATCH');
  });

  it('COUNT_MISMATCH: a signed manifest that counts more entries than the body holds', async () => {
    const st = new TestStation('1234', 5);
    const hq = await hqWith(st);
    const dir = hq.folder();
    const entries = st.registrations(codes(50, 3));
    st.writeBatch(dir, entries.slice(0, 2), { manifest: (m) => ({ ...m, lastSeq: 3, count: 3, batchId: '1234-05-1-3' }) });
    await expectRefused(hq, dir, 'COUNT_MISMATCH');
  });

  it('SEQUENCE_GAP says which sequence it expects: a missing batch, and batches taken out of order', async () => {
    const st = new TestStation('1234', 6);
    const hq = await hqWith(st);
    const first = hq.folder();
    const second = hq.folder();
    const third = hq.folder();
    st.writeBatch(first, st.registrations(codes(60, 2)));
    st.writeBatch(second, st.registrations(codes(62, 2)));
    st.writeBatch(third, st.registrations(codes(64, 2)));
    // Reordered: the second batch before the first.
    expect(await expectRefused(hq, second, 'SEQUENCE_GAP')).toContain('SEQUENCE_GAP (expected sequence 1)');
    expect((await hq.ingest(first)).exitCode).toBe(0);
    // Missing: the third without the second.
    const refused = await hq.client.query('SELECT count(*)::int AS n FROM hq_refusals');
    expect(await expectRefused(hq, third, 'SEQUENCE_GAP')).toContain('SEQUENCE_GAP (expected sequence 3)');
    const expected = await hq.client.query('SELECT expected FROM hq_refusals ORDER BY id DESC LIMIT 1');
    expect(Number(expected.rows[0].expected)).toBe(3);
    expect((await hq.client.query('SELECT count(*)::int AS n FROM hq_refusals')).rows[0].n).toBe(refused.rows[0].n + 1);
    // Then, in order, both apply.
    expect((await hq.ingest(second)).exitCode).toBe(0);
    expect((await hq.ingest(third)).exitCode).toBe(0);
  });

  it('REPLAY_DIFFERENT: an old batch id again with other content, and a new batch over an ingested range', async () => {
    const st = new TestStation('1234', 9);
    const hq = await hqWith(st);
    const dir = hq.folder();
    st.writeBatch(dir, st.registrations(codes(70, 3)));
    expect((await hq.ingest(dir)).exitCode).toBe(0);
    st.rewindSeq(0, null);
    const replay = hq.folder();
    st.writeBatch(replay, st.registrations(codes(80, 3)));
    expect(await expectRefused(hq, replay, 'REPLAY_DIFFERENT')).toContain('1234-09-1-3 was ingested before with other content');
    st.rewindSeq(1, null);
    const overlap = hq.folder();
    st.writeBatch(overlap, st.registrations(codes(90, 4)));
    await expectRefused(hq, overlap, 'REPLAY_DIFFERENT');
  });

  it('BROKEN_LINK: a contiguous, well-signed batch that does not link to the last one ingested', async () => {
    const st = new TestStation('1234', 10);
    const hq = await hqWith(st);
    const a = hq.folder();
    st.writeBatch(a, st.registrations(codes(100, 2)));
    expect((await hq.ingest(a)).exitCode).toBe(0);
    const b = hq.folder();
    st.writeBatch(b, st.registrations(codes(102, 2)), { manifest: (m) => ({ ...m, prevManifestSha256: sha256('another history') }) });
    await expectRefused(hq, b, 'BROKEN_LINK');
  });

  it('AUDIT_ANCHOR_BACKWARDS: an audit id going back, or a known id with another hash (the audit tail cut and rewritten)', async () => {
    const st = new TestStation('1234', 11);
    const hq = await hqWith(st);
    const a = hq.folder();
    st.writeBatch(a, st.registrations(codes(110, 5)));
    expect((await hq.ingest(a)).exitCode).toBe(0);
    // The branch deletes audit entries 3–5 and rewrites audit_head to 2: new work reuses ids 3…
    st.rewindAudit(2);
    const b = hq.folder();
    st.writeBatch(b, st.registrations(codes(115, 2), { salt: 'rewritten' }), { link: false });
    expect(await expectRefused(hq, b, 'AUDIT_ANCHOR_BACKWARDS')).toContain('anchored at audit entry 3, after audit entry 5');
    // The station stops there until it is looked into: the same range again with anchors that no
    // longer go back (the branch re-exported over its rewrite) is refused too (outside probe
    // 2026-12-06: it was accepted at once).
    const lastManifest = async () => (await hq.client.query('SELECT last_manifest_sha256 FROM hq_stations WHERE station = 11')).rows[0].last_manifest_sha256 as string;
    st.rewindSeq(5, await lastManifest());
    st.rewindAudit(5);
    const b2 = hq.folder();
    st.writeBatch(b2, st.registrations(codes(119, 1), { salt: 'after' }));
    expect(await expectRefused(hq, b2, 'AUDIT_ANCHOR_BACKWARDS')).toMatch(/stopped since batch 1234-11-6-7 .*resume-station 1234 11/);
    // Looked into: `resume-station` lets it go on, and says what it cleared.
    const resumed = await hq.run(['resume-station', '1234', '11']);
    expect(resumed.exitCode).toBe(0);
    expect(resumed.stdout).toMatch(/branch 1234 station 11 resumed \(stopped since batch 1234-11-6-7/);
    expect((await hq.run(['resume-station', '1234', '11'])).exitCode).toBe(2); // not stopped now
    expect((await hq.ingest(b2)).exitCode).toBe(0);
    // Rewound to exactly the last id seen: the same id with another hash.
    st.rewindSeq(6, await lastManifest());
    st.rewindAudit(5);
    const c = hq.folder();
    st.writeBatch(c, st.registrations(codes(117, 1), { salt: 'rewritten' }));
    expect(await expectRefused(hq, c, 'AUDIT_ANCHOR_BACKWARDS')).toContain('gives audit entry 6 another hash');
  });

  it('OVERSIZED: a manifest that claims more entries than a batch may hold, and a body file over 16 MiB', async () => {
    const st = new TestStation('1234', 12);
    const hq = await hqWith(st);
    const a = hq.folder();
    st.writeBatch(a, st.registrations(codes(120, 1)), {
      manifest: (m) => ({ ...m, lastSeq: MAX_BATCH_ENTRIES + 1, count: MAX_BATCH_ENTRIES + 1, batchId: `1234-12-1-${MAX_BATCH_ENTRIES + 1}` }),
      link: false,
    });
    await expectRefused(hq, a, 'OVERSIZED');
    st.rewindSeq(0, null);
    const b = hq.folder();
    st.writeBatch(b, st.registrations(codes(120, 1)), { body: () => Buffer.alloc(MAX_BATCH_BYTES + 1, 0x20) });
    await expectRefused(hq, b, 'OVERSIZED');
  });

  it('MALFORMED: a signed entry carrying a password (strict schema), and a manifest that is not JSON', async () => {
    const st = new TestStation('1234', 13);
    const hq = await hqWith(st);
    const a = hq.folder();
    const [entry] = st.registrations(codes(130, 1));
    const withSecret = { ...entry!, state: { ...entry!.state, password: codes(130, 1)[0] } } as typeof entry & object;
    st.writeBatch(a, [withSecret], { link: false });
    expect(await expectRefused(hq, a, 'MALFORMED')).toMatch(/body line 1: state/);
    const b = hq.folder();
    writeFileSync(path.join(b, '1234-13-1-1.manifest.json'), '{"format":');
    await expectRefused(hq, b, 'MALFORMED');
  });

  /** A folder with a good batch of `st` (applied) beside what `spoil` writes for station 1 of the same branch (sorted first). */
  async function goodBatchBeside(st: TestStation, spoil: (dir: string, names: ReturnType<typeof batchFileNames>) => void) {
    const spoilt = new TestStation(st.branch, 1);
    const hq = await hqWith(st, spoilt);
    const dir = hq.folder();
    const good = st.writeBatch(dir, st.registrations(codes(st.station * 10, 2)));
    const b = spoilt.writeBatch(dir, spoilt.registrations(codes(st.station * 10 + 5, 1)));
    spoil(dir, batchFileNames(b.batchId));
    return { hq, dir, good, spoiltId: b.batchId };
  }

  /** That ingest refused the spoilt batch with `code` (recorded), applied the good one and exited 2. */
  async function expectOnlySpoiltRefused(hq: Hq, r: { exitCode: number; stdout: string; stderr: string }, spoiltId: string, goodId: string, code: string) {
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^REFUSED  ${spoiltId}: ${code}: `, 'm'));
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toContain(`accepted ${goodId}: 2 entries`);
    const logged = await hq.client.query('SELECT batch_id, code, detail FROM hq_refusals ORDER BY id');
    expect(logged.rows).toMatchObject([{ batch_id: spoiltId, code }]);
    expect(logged.rows[0].detail).toMatch(/^[\x20-\x7e]+$/);
  }

  it('MALFORMED: a manifest file with a key holding NUL is refused and recorded, the other batches still applied (a reported defect: a crash in recordRefusal, exit 70)', async () => {
    const st = new TestStation('1234', 15);
    const { hq, dir, good, spoiltId } = await goodBatchBeside(st, (d, names) => {
      const file = path.join(d, names.manifest);
      writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), 'x\u0000\u001b[2K': 1 }));
    });
    const r = await hq.ingest(dir);
    await expectOnlySpoiltRefused(hq, r, spoiltId, good.batchId, 'MALFORMED');
    expect(r.stderr).toContain('x\\u0000\\u001b[2K');
    for (const raw of ['\u0000', '\u001b']) expect(r.stderr).not.toContain(raw);
  });

  it('MALFORMED: files named like a batch that are not regular files (a directory, a symlink loop), each refused, the others applied (a reported defect: EISDIR/ELOOP stack, exit 70)', async () => {
    const spoilers: Array<(dir: string, names: ReturnType<typeof batchFileNames>) => void> = [
      (d, n) => (rmSync(path.join(d, n.manifest)), mkdirSync(path.join(d, n.manifest))),
      (d, n) => (rmSync(path.join(d, n.body)), mkdirSync(path.join(d, n.body))),
      (d, n) => (rmSync(path.join(d, n.signature)), mkdirSync(path.join(d, n.signature))),
      (d, n) => (rmSync(path.join(d, n.manifest)), symlinkSync(n.manifest, path.join(d, n.manifest))),
      (d, n) => (rmSync(path.join(d, n.body)), symlinkSync(`${n.body}.loop`, path.join(d, n.body)), symlinkSync(n.body, path.join(d, `${n.body}.loop`))),
    ];
    for (const [i, spoil] of spoilers.entries()) {
      const { hq, dir, good, spoiltId } = await goodBatchBeside(new TestStation('1234', 20 + i), spoil);
      const r = await hq.ingest(dir);
      await expectOnlySpoiltRefused(hq, r, spoiltId, good.batchId, 'MALFORMED');
    }
  });

  it('MALFORMED: a FIFO named like a manifest or a body is never opened for reading: `npm run hq -- ingest` refuses it and goes on (a reported defect: it hung for ever)', async () => {
    for (const [i, which] of (['manifest', 'body'] as const).entries()) {
      const { hq, dir, good, spoiltId } = await goodBatchBeside(new TestStation('1234', 30 + i), (d, n) => {
        rmSync(path.join(d, n[which]));
        expect(spawnSync('mkfifo', [path.join(d, n[which])]).status).toBe(0);
      });
      const p = runHqProcess(['ingest', dir, '--database-url', hq.url]);
      const timer = setTimeout(() => p.child.kill('SIGKILL'), 20_000);
      const exitCode = await p.exited;
      clearTimeout(timer);
      const out = p.output();
      await expectOnlySpoiltRefused(hq, { exitCode: exitCode ?? -1, stdout: out, stderr: out }, spoiltId, good.batchId, 'MALFORMED');
    }
  }, 90_000);

  it('several ingesters at once: the station row lock applies each batch once, in order', async () => {
    const st = new TestStation('1234', 14);
    const hq = await hqWith(st);
    const dir = hq.folder();
    for (let i = 0; i < 4; i++) st.writeBatch(dir, st.registrations(codes(140 + i * 5, 5)));
    const others = await Promise.all([connectHq(hq.url), connectHq(hq.url), connectHq(hq.url)]);
    try {
      const ids = ['1234-14-1-5', '1234-14-6-10', '1234-14-11-15', '1234-14-16-20'];
      const runs = await Promise.all(
        others.map(async (c) => {
          const out = [];
          for (const id of ids) out.push(await ingestBatch(c, dir, id, () => new Date('2026-12-02T12:00:00.000Z')));
          return out;
        }),
      );
      const statuses = runs.flat().map((o) => o.status);
      expect(statuses.filter((s) => s === 'accepted')).toHaveLength(4);
      expect(statuses.filter((s) => s === 'refused')).toEqual([]);
    } finally {
      for (const c of others) await c.end();
    }
    const r = await hq.client.query("SELECT count(*)::int AS n, max(seq)::int AS top FROM hq_entries WHERE station = 14");
    expect(r.rows[0]).toEqual({ n: 20, top: 20 });
  });
});
