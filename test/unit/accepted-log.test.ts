import { test as fcTest, fc } from '@fast-check/vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AcceptedLog, readAccepted } from '../../src-main/core/accepted-log';

/** BR-4: the file where the gateway's acceptances wait for the outbox to record them. */
describe('BR-4: the accepted log', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'accepted-log-'));
    file = path.join(dir, 'outbox-accepted.log');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('BR-4 an acceptance is in the file as soon as it is written (no close needed), and a new reader sees it', () => {
    const log = new AcceptedLog(file);
    log.accepted('ref-1', 'smsc-1,smsc-2');
    log.accepted('ref-2', null);
    expect(readAccepted(file)).toEqual(
      new Map([
        ['ref-1', 'smsc-1,smsc-2'],
        ['ref-2', null],
      ]),
    );
    expect(new AcceptedLog(file).read()).toEqual(readAccepted(file));
    log.close();
  });

  it('BR-4 compaction keeps exactly the references still unrecorded; forced at start it empties the file', () => {
    const log = new AcceptedLog(file);
    for (let i = 0; i < 4100; i++) log.accepted(`ref-${i}`, `id-${i}`);
    log.keepOnly(['ref-3', 'ref-4099']); // 4100 lines ≥ 2 kept + 4096: rewritten
    expect([...readAccepted(file).keys()]).toEqual(['ref-3', 'ref-4099']);
    log.accepted('ref-4100', null);
    log.keepOnly(['ref-4100']); // below the threshold: left as it is
    expect(readAccepted(file).size).toBe(3);
    log.keepOnly([], true);
    expect(readFileSync(file, 'utf8')).toBe('');
    log.close();
  });

  it('BR-4 what a power cut could lose is counted until a sync covers it or the database records it', async () => {
    const log = new AcceptedLog(file);
    let synced = 0;
    const stop = log.onSynced(() => synced++);
    log.accepted('ref-1', 'id-1');
    log.accepted('ref-2', 'id-2');
    expect(log.unsynced()).toBe(2);
    log.sync(3); // fewer lines than asked for: no sync yet
    expect(log.unsynced()).toBe(2);
    log.sync(2);
    log.accepted('ref-3', null); // written after the sync started: not covered by it
    expect(log.unsynced()).toBe(3);
    await expect.poll(() => synced).toBe(1);
    expect(log.unsynced()).toBe(1);
    log.keepOnly([]); // the database recorded ref-3: nothing left to lose
    expect(log.unsynced()).toBe(0);
    expect(readAccepted(file).size).toBe(3); // below the compaction threshold: the file stays
    log.accepted('ref-4', null);
    log.accepted('ref-5', null);
    log.keepOnly(['ref-5']);
    expect(log.unsynced()).toBe(1);
    stop();
    log.close();
  });

  it('BR-4 two syncs may be in flight: one that ends covers the lines of those started before it; a third waits; a failed one counts its lines again and is retried', async () => {
    /** A disk whose syncs end when the test says. */
    const ends: Array<(err: NodeJS.ErrnoException | null) => void> = [];
    const log = new AcceptedLog(file, (_fd, done) => void ends.push(done));
    let synced = 0;
    const stop = log.onSynced(() => synced++);
    log.accepted('ref-1', null);
    log.sync(1);
    log.accepted('ref-2', null);
    log.sync(1);
    log.accepted('ref-3', null);
    log.sync(1); // two in flight: this one does not start
    expect(ends).toHaveLength(2);
    expect(log.unsynced()).toBe(3);
    ends[1]!(null); // the second ends first: ref-1 (written before it started) is durable too
    expect(synced).toBe(1);
    expect(log.unsynced()).toBe(1);
    ends[0]!(Object.assign(new Error('EIO'), { code: 'EIO' })); // the first fails later: its lines were covered
    expect(log.unsynced()).toBe(1);
    log.sync(1);
    expect(ends).toHaveLength(3);
    ends[2]!(Object.assign(new Error('EIO'), { code: 'EIO' })); // ref-3's sync fails: counted, retried soon
    expect(log.unsynced()).toBe(1);
    log.sync(1);
    expect(ends).toHaveLength(3); // no new sync while the retry waits
    await expect.poll(() => ends.length).toBe(4);
    ends[3]!(null);
    expect(log.unsynced()).toBe(0);
    expect(synced).toBe(2);
    stop();
    log.close();
  });

  it('BR-4 a compaction writes and syncs the lines it keeps before it replaces the file', () => {
    const log = new AcceptedLog(file);
    for (let i = 0; i < 4100; i++) log.accepted(`ref-${i}`, null);
    expect(log.unsynced()).toBe(4100);
    log.keepOnly(['ref-7']);
    expect(log.unsynced()).toBe(0);
    expect([...readAccepted(file).keys()]).toEqual(['ref-7']);
    log.accepted('ref-4100', null);
    log.close();
    expect([...readAccepted(file).keys()]).toEqual(['ref-7', 'ref-4100']);
  });

  it('BR-4 the answers of one tick are written together; one that cannot be a line is left out', () => {
    const log = new AcceptedLog(file);
    log.acceptedMany([
      ['ref-a', 'id-a'],
      ['bad ref', 'id-b'],
      ['ref-c', null],
    ]);
    expect(readAccepted(file)).toEqual(
      new Map([
        ['ref-a', 'id-a'],
        ['ref-c', null],
      ]),
    );
    expect(log.unsynced()).toBe(2);
    log.close();
  });

  it('BR-4 a reference or provider id that cannot be one line is not written as one', () => {
    const log = new AcceptedLog(file);
    log.accepted('bad ref\ns1 forged x', 'id');
    log.accepted('ref-ok', 'id with space');
    log.close();
    expect(readAccepted(file)).toEqual(new Map([['ref-ok', null]]));
  });

  fcTest.prop([fc.uint8Array({ maxLength: 400 })])('survives any bytes in the file: only well-formed lines are read', (bytes) => {
    writeFileSync(file, Buffer.concat([Buffer.from(bytes), Buffer.from('\ns1 ref-z id-z\n')]));
    const read = readAccepted(file);
    expect(read.get('ref-z')).toBe('id-z');
    for (const [ref, id] of read) {
      expect(ref).toMatch(/^\S{1,80}$/);
      if (id !== null) expect(id).toMatch(/^\S{1,80}$/);
    }
  });
});
