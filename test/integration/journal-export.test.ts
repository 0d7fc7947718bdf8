import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { canonicalJson, groupFingerprint, MAX_BATCH_BYTES, MAX_BATCH_ENTRIES, parseStationSlip, stationFingerprintDigits } from '../../shared/journal';
import { sha256 } from '../../src-main/core/station-key';
import { exportJournal } from '../../src-main/services/journal-export.service';
import { importAck, journalStatus } from '../../src-main/services/journal-ack.service';
import { SUPERVISOR, useTestApp, type TestApp } from '../helpers/app';
import { ackFor, readBatchFolder } from '../helpers/batch-folder';
import { branchDesk, registerCitizen, type Desk } from '../helpers/desk-flow';
import { appendSyntheticEntries } from '../helpers/journal-flow';

const SUPERVISOR_ACTOR = { type: 'staff' as const, id: 1, name: 'sara.supervisor' };
const codeOf = (p: Promise<unknown>) => p.then(() => 'ok', (e: { code?: string }) => e.code ?? String(e));
const errorOf = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error!.code);

describe('issue 8: signed batches to a folder, and headquarters’ acknowledgements', () => {
  const desk = useTestApp(branchDesk);
  const folders: string[] = [];
  const folder = () => {
    const d = mkdtempSync(path.join(os.tmpdir(), 'desk-usb-'));
    folders.push(d);
    return d;
  };
  afterEach(() => {
    for (const d of folders.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const slip = async (d: Desk) => (await d.app.ok(d.supervisor, 'hq:station-slip', {})).slipText;
  const exportTo = (app: TestApp, dir: string, sinceSeq?: number) => exportJournal(app.ctx.env, SUPERVISOR_ACTOR, dir, sinceSeq ? { sinceSeq } : {});
  const filesOf = (dir: string) => Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(path.join(dir, f))]));

  it('the station slip carries the branch, the station, the public key and its fingerprint in groups of four', async () => {
    const d = desk();
    const s = await d.app.ok(d.supervisor, 'hq:station-slip', {});
    const parsed = parseStationSlip(s.slipText);
    if (!parsed.ok) throw new Error(parsed.problem);
    expect(parsed.slip).toMatchObject({ branch: s.branchCode, station: 7 });
    expect(s.stationNumber).toBe(7);
    expect(s.fingerprint).toMatch(/^(\d{4} ){8}\d{4}$/);
    expect(s.fingerprint).toBe(groupFingerprint(stationFingerprintDigits(sha256(Buffer.from(parsed.slip.publicKey, 'base64')))));
    // Supervisors only; the key stays the same across a restart of the desk.
    expect(errorOf(await d.app.call(d.clerk, 'hq:station-slip', {}))).toBe('FORBIDDEN');
  });

  it('export writes consecutive batches from 1, signed and hash-linked; repeating it before an acknowledgement writes the same bytes', async () => {
    const d = desk();
    await registerCitizen(d, '001234567');
    const dir = folder();
    const first = await exportTo(d.app, dir);
    expect(first).toMatchObject({ batches: [expect.stringMatching(/^\d{4}-07-1-2$/)], entries: 2, lastSeq: 2 });
    const batches = readBatchFolder(dir, await slip(d));
    expect(batches.map((b) => b.entries.map((e) => e.kind))).toEqual([['station.joined', 'account.registered']]);
    const bytes = filesOf(dir);
    expect(Object.keys(bytes)).toHaveLength(3);
    // Again, nothing new: the same files, byte for byte (headquarters would refuse a different replay).
    d.app.clock.advance(60_000);
    const again = folder();
    await exportTo(d.app, again);
    expect(filesOf(again)).toEqual(bytes);
    // New changes make a new batch linked to the first; the first is written again unchanged.
    await registerCitizen(d, '001234568');
    const third = folder();
    const r = await exportTo(d.app, third);
    expect(r.batches).toHaveLength(2);
    const both = readBatchFolder(third, await slip(d));
    expect(both.map((b) => [b.manifest.firstSeq, b.manifest.lastSeq])).toEqual([
      [1, 2],
      [3, 3],
    ]);
    for (const [name, b] of Object.entries(bytes)) expect(readFileSync(path.join(third, name))).toEqual(b);
  });

  it('an acknowledgement that matches an exported batch settles it and those before; export then writes only what follows', async () => {
    const d = desk();
    const dir = folder();
    await exportTo(d.app, dir);
    await registerCitizen(d, '001234567');
    await exportTo(d.app, dir);
    const [b1, b2] = readBatchFolder(dir, await slip(d));
    expect([b1!.manifest.lastSeq, b2!.manifest.firstSeq, b2!.manifest.lastSeq]).toEqual([1, 2, 2]);
    expect(await d.app.ok(d.supervisor, 'hq:status', {})).toMatchObject({ lastSeq: 2, ackedSeq: 0, behindEntries: 2, unackedBatches: 2 });
    expect(errorOf(await d.app.call(d.clerk, 'hq:import-ack', { text: ackFor(b2!) }))).toBe('FORBIDDEN');
    // Five hours on (the desk's sessions have locked meanwhile: the rule is asked directly).
    d.app.clock.advance(5 * 3600_000);
    expect(await journalStatus(d.app.ctx.env)).toMatchObject({ behindEntries: 2, behindHours: 5 });
    await d.app.ok(d.supervisor, 'staff:unlock-session', { password: SUPERVISOR.password });

    // Refusals first: not an ack, another station's, a batch we never exported, a changed manifest hash.
    const bad = (text: string) => d.app.call(d.supervisor, 'hq:import-ack', { text });
    expect(errorOf(await bad('{"hello":1}'))).toBe('ACK_INVALID');
    expect(errorOf(await bad(ackFor(b2!).replace('"station":7', '"station":8')))).toBe('ACK_OTHER_STATION');
    const other = JSON.parse(ackFor(b2!)) as Record<string, unknown>;
    const variant = (o: Record<string, unknown>) => canonicalJson({ ...other, ...o });
    expect(errorOf(await bad(variant({ batchId: b2!.manifest.batchId.replace(/-2$/, '-3'), lastSeq: 3 })))).toBe('ACK_UNKNOWN_BATCH');
    const sha = other.manifestSha256 as string;
    expect(errorOf(await bad(variant({ manifestSha256: (sha[0] === '0' ? '1' : '0') + sha.slice(1) })))).toBe('ACK_UNKNOWN_BATCH');
    expect((await d.app.ok(d.supervisor, 'hq:status', {})).ackedSeq).toBe(0);

    // The second batch's ack settles both.
    const ok = await d.app.ok(d.supervisor, 'hq:import-ack', { text: ackFor(b2!) + '\n' });
    expect(ok).toMatchObject({ batchId: b2!.manifest.batchId, lastSeq: 2, settled: 2, status: { ackedSeq: 2, behindEntries: 0, behindHours: 0, unackedBatches: 0 } });
    // The same file again, or the older batch's: nothing changes.
    expect((await d.app.ok(d.supervisor, 'hq:import-ack', { text: ackFor(b2!) })).settled).toBe(0);
    expect((await d.app.ok(d.supervisor, 'hq:import-ack', { text: ackFor(b1!) })).settled).toBe(0);

    const next = folder();
    expect((await exportTo(d.app, next)).batches).toEqual([]);
    expect(readdirSync(next)).toEqual([]);
    // --since re-sends acknowledged batches from a sequence on (headquarters lost its copy).
    const resend = folder();
    expect((await exportTo(d.app, resend, 2)).batches).toEqual([b2!.manifest.batchId]);
    expect(readFileSync(path.join(resend, `${b2!.manifest.batchId}.manifest.json`))).toEqual(b2!.manifestBytes);
  });

  it(`a journal longer than ${MAX_BATCH_ENTRIES} entries is split into consecutive batches of at most that many`, async () => {
    const d = desk();
    const station = await d.app.ctx.db('stations').first<{ id: number }>();
    await appendSyntheticEntries(d.app.ctx.db, station!.id, MAX_BATCH_ENTRIES + 10);
    const dir = folder();
    const r = await exportTo(d.app, dir);
    expect(r.entries).toBe(MAX_BATCH_ENTRIES + 11);
    const batches = readBatchFolder(dir, await slip(d));
    expect(batches.map((b) => b.manifest.count)).toEqual([MAX_BATCH_ENTRIES, 11]);
    for (const b of batches) expect(b.files.body.length).toBeLessThanOrEqual(MAX_BATCH_BYTES);
  }, 60_000);

  it('refuses a folder that is relative, missing or a file, and writes nothing', async () => {
    const d = desk();
    const dir = folder();
    const file = path.join(dir, 'not-a-folder');
    writeFileSync(file, 'x');
    for (const f of ['usb', path.join(dir, 'missing'), file]) {
      expect(await codeOf(exportTo(d.app, f))).toBe('EXPORT_FOLDER_INVALID');
      expect(errorOf(await d.app.call(d.supervisor, 'hq:export-start', { folder: f }))).toBe('EXPORT_FOLDER_INVALID');
    }
    expect(await d.app.ctx.db('journal_batches')).toEqual([]);
    expect(await codeOf(importAck(d.app.ctx.env, SUPERVISOR_ACTOR, 'x'.repeat(5000)))).toBe('ACK_INVALID');
  });

  it('the screen’s export runs in the background with its progress polled, and ends with the batches written', async () => {
    const d = desk();
    await registerCitizen(d, '001234567');
    const dir = folder();
    const started = await d.app.ok(d.supervisor, 'hq:export-start', { folder: dir });
    expect(started.state).toBe('running');
    let p = started;
    for (let i = 0; i < 200 && p.state === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 25));
      p = await d.app.ok(d.supervisor, 'hq:export-progress', {});
    }
    expect(p).toMatchObject({ state: 'done', done: 2, total: 2, folder: dir, errorCode: null });
    expect(p.batches).toHaveLength(1);
    expect(readBatchFolder(dir, await slip(d))).toHaveLength(1);
    expect(errorOf(await d.app.call(d.clerk, 'hq:export-start', { folder: dir }))).toBe('FORBIDDEN');
  });
});
