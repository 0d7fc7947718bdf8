import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { conflictsCommand } from '../../hq/commands/conflicts.command';
import { verifyStored } from '../../hq/ingest/verify.service';
import { captureIo, useHqCluster } from '../helpers/hq';
import { TestStation, nationalCode } from '../helpers/journal-batches';
import { pgSkipReason } from '../helpers/pg';

/**
 * Issue 8 item 4/6: what headquarters reports (conflicts), re-checks (verify) and what ingesting
 * everything twice does; and the commands through `npm run hq` (scripts/hq.mjs → out/hq/cli.js).
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const skip = pgSkipReason();

describe.skipIf(skip !== null)('hq conflicts, verify and the command line (PostgreSQL)', () => {
  const { cluster: pgCluster, hqWith } = useHqCluster();

  it('two branches working apart that register the same national code give exactly one conflict line (table and CSV)', async () => {
    const tehran = new TestStation('1234', 1);
    const shiraz = new TestStation('5678', 2);
    const hq = await hqWith(tehran, shiraz);
    const usb = hq.folder();
    const shared = nationalCode(500);
    tehran.writeBatch(usb, tehran.registrations([nationalCode(501), shared], { at: '2026-12-01T08:00:00.000Z', actor: 'ali' }));
    shiraz.writeBatch(usb, shiraz.registrations([shared, nationalCode(502)], { at: '2026-12-01T09:30:00.000Z', actor: 'sara' }));
    expect((await hq.ingest(usb)).exitCode).toBe(0);
    const io = captureIo();
    const csvFile = path.join(hq.folder(), 'conflicts.csv');
    const lines = await conflictsCommand(hq.client, csvFile, io);
    expect(lines).toEqual([
      {
        type: 'ACCOUNT_AT_TWO_BRANCHES',
        subject: shared,
        branchA: '1234',
        stationA: 1,
        atA: '2026-12-01T08:00:00.000Z',
        actorA: 'ali',
        branchB: '5678',
        stationB: 2,
        atB: '2026-12-01T09:30:00.000Z',
        actorB: 'sara',
        detail: 'registered at both branches and not voided at either',
      },
    ]);
    expect(io.stdout).toContain('1 conflict line(s)');
    const csv = readFileSync(csvFile, 'utf8').trimEnd().split('\r\n');
    expect(csv).toHaveLength(2);
    expect(csv[1]).toBe(`ACCOUNT_AT_TWO_BRANCHES,${shared},1234,1,2026-12-01T08:00:00.000Z,ali,5678,2,2026-12-01T09:30:00.000Z,sara,registered at both branches and not voided at either`);
  });

  it('a registration voided at one branch is no conflict; an identifier issued by two stations, a change to an unknown record and an anchor that went back are', async () => {
    const a = new TestStation('1234', 3);
    const b = new TestStation('5678', 4);
    const hq = await hqWith(a, b);
    const usb = hq.folder();
    const code = nationalCode(600);
    const [reg] = a.registrations([code]);
    const voided = a.change({
      kind: 'account.voided',
      record: { type: 'account', id: code },
      state: { status: 'voided', username: code, kind: 'citizen', branchCode: '1234' },
      at: '2026-12-01T08:05:00.000Z',
      actor: 'supervisor3',
    });
    const stray = a.change({
      kind: 'account.disabled',
      record: { type: 'account', id: nationalCode(601) },
      state: { status: 'disabled', username: nationalCode(601), kind: 'citizen', branchCode: '1234' },
      at: '2026-12-01T08:06:00.000Z',
      actor: 'clerk3',
    });
    const issued = a.issueIdentifier(1);
    // Issued again by the same station (a void freed it): no alarm. By another station: an alarm.
    const reissued = a.issueIdentifier(1, '2026-12-01T09:10:00.000Z');
    a.writeBatch(usb, [reg!, voided, stray, issued, reissued]);
    const a2 = new TestStation('1234', 5);
    await hq.register(a2.slip);
    a2.writeBatch(usb, [a2.change({ ...issued, actor: 'supervisor5', at: '2026-12-01T10:00:00.000Z' })]);
    b.writeBatch(usb, b.registrations([code]));
    expect((await hq.ingest(usb)).exitCode).toBe(0);
    // Then station 4 cuts its audit tail: its next batch is refused and reported.
    b.rewindAudit(0);
    const later = hq.folder();
    b.writeBatch(later, b.registrations([nationalCode(602)], { salt: 'rewritten' }));
    expect((await hq.ingest(later)).exitCode).toBe(2);
    expect((await hq.ingest(later)).exitCode).toBe(2); // tried twice: still one line

    const lines = await conflictsCommand(hq.client, undefined, captureIo());
    expect(lines.map((l) => [l.type, l.subject, l.branchA, l.stationA])).toEqual([
      ['AUDIT_ANCHOR_BACKWARDS', '5678-04-2-2', '5678', 4],
      ['IDENTIFIER_TWO_ISSUERS', issued.record.id, '1234', 3],
      ['UNKNOWN_RECORD_CHANGED', nationalCode(601), '1234', 3],
    ]);
    expect(lines[1]?.detail).toBe('issued by stations 3, 5 of one branch');
    // The station is stopped there (the second try was refused by the stop, not read as a second finding).
    expect(lines[0]?.detail).toMatch(/^entry 2 gives audit entry 1 another hash than before: the chain was rewritten; the station is stopped$/);
  });

  it('ingesting everything twice changes nothing; verify says ok, then names a batch whose stored entry was edited', async () => {
    const stations = [new TestStation('1111', 5), new TestStation('2222', 6), new TestStation('3333', 7)];
    const hq = await hqWith(...stations);
    const usb = hq.folder();
    stations.forEach((s, i) => {
      for (let k = 0; k < 3; k++) s.writeBatch(usb, s.registrations(Array.from({ length: 4 }, (_, j) => nationalCode(700 + i * 100 + k * 10 + j))));
    });
    expect((await hq.ingest(usb)).stdout).toContain('9 batches: 9 accepted (36 entries), 0 already ingested, 0 refused');
    const before = await hq.snapshot();
    const again = await hq.ingest(usb);
    expect(again.stdout).toContain('9 batches: 0 accepted (0 entries), 9 already ingested, 0 refused');
    expect(await hq.snapshot()).toBe(before);

    expect(await verifyStored(hq.client)).toEqual({ stations: 3, batches: 9, entries: 36, problems: [] });
    await hq.client.query("UPDATE hq_entries SET actor = 'someone' WHERE branch = '2222' AND seq = 6");
    expect((await verifyStored(hq.client)).problems).toEqual(['branch 2222 station 06: batch 2222-06-5-8: the stored entries no longer hash to the signed body']);
    await hq.client.query("DELETE FROM hq_batches WHERE branch = '3333' AND first_seq = 5");
    expect((await verifyStored(hq.client)).problems.slice(1)).toEqual([
      'branch 3333 station 07: batch 3333-07-9-12 starts at 9, after 4',
      expect.stringMatching(/^branch 3333 station 07: batch 3333-07-9-12 links to [0-9a-f]{64}, the batch before is [0-9a-f]{64}$/),
      'branch 3333 station 07: 4 entries stored outside every batch',
    ]);
  });

  it('npm run hq: migrate, register-station, ingest, conflicts, verify against --database-url; serve without TLS is refused', async () => {
    const st = new TestStation('4321', 8);
    const url = await pgCluster().createDatabase();
    const hq = await hqWith();
    const usb = hq.folder();
    st.writeBatch(usb, st.registrations([nationalCode(900), nationalCode(901)]));
    const env = { ...process.env, DATABASE_URL: '' };
    // `npm run hq --` is `node scripts/hq.mjs` (it builds out/hq/cli.js when missing or stale):
    // once through npm, then straight, to keep the test short.
    const viaNpm = spawnSync('npm', ['run', '--silent', 'hq', '--', 'verify', '--database-url', url], { cwd: ROOT, encoding: 'utf8', env });
    const run = (...args: string[]) => spawnSync(process.execPath, ['scripts/hq.mjs', ...args], { cwd: ROOT, encoding: 'utf8', env });

    const notMigrated = viaNpm;
    expect(notMigrated.status).toBe(1);
    expect(notMigrated.stderr).toContain('run: npm run hq -- migrate');
    expect(run('migrate', '--database-url', url).stdout).toContain('applied 0001_central');
    expect(run('migrate', '--database-url', url).stdout).toContain('already up to date');
    const reg = run('register-station', st.slip, '--database-url', url);
    expect(reg.status).toBe(0);
    expect(reg.stdout).toMatch(/registered branch 4321 station 08\nfingerprint ([0-9]{4} ){8}[0-9]{4}\n/);
    const ingest = run('ingest', usb, '--database-url', url);
    expect(ingest.stdout).toContain('accepted 4321-08-1-2: 2 entries -> ack-4321-08-2.json');
    expect(ingest.status).toBe(0);
    expect(run('conflicts', '--database-url', url).stdout).toBe('no conflicts\n');
    const verify = run('verify', '--database-url', url);
    expect(verify.stdout).toBe('ok: 1 stations, 1 batches, 2 entries checked\n');
    expect(verify.status).toBe(0);
    const serve = run('serve', '--database-url', url);
    expect(serve.status).toBe(1);
    expect(serve.stderr).toContain('serve needs --tls-cert PEM and --tls-key PEM');
    const noDb = run('verify');
    expect(noDb.status).toBe(1);
    expect(noDb.stderr).toContain('pass --database-url');
  });
});
