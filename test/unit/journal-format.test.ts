import { createHash, generateKeyPairSync } from 'node:crypto';
import { test as fcTest, fc } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { JOURNAL_REFUSALS_FA } from '../../shared/i18n/fa-journal';
import {
  JOURNAL_REFUSAL_CODES,
  type BatchManifest,
  type JournalEntry,
  ackFileName,
  ackText,
  batchFileNames,
  batchIdFromManifestFile,
  batchIdOf,
  canonicalJson,
  formatJournalBody,
  formatStationSlip,
  isCanonicalJsonText,
  groupFingerprint,
  manifestText,
  parseAckText,
  parseJournalBody,
  parseJournalEntry,
  parseManifestText,
  parseStationSlip,
  stationFingerprintDigits,
} from '../../shared/journal';

/** JOURNAL-FORMAT.md, implemented once in shared/journal for the branch and headquarters. */

const HASH = 'a'.repeat(64);
const account = (seq: number, extra: Record<string, unknown> = {}): JournalEntry =>
  ({
    seq,
    branch: '1234',
    station: 7,
    kind: 'account.registered',
    record: { type: 'account', id: '0013542419' },
    state: { status: 'active', username: '0013542419', kind: 'citizen', branchCode: '1234', passwordState: 'initial', ...extra },
    at: '2026-12-03T08:00:00.000Z',
    actor: 'clerk1',
    audit: { id: seq, hash: HASH },
  }) as JournalEntry;

const manifest = (over: Partial<BatchManifest> = {}): BatchManifest => {
  const m = { branch: '1234', station: 7, firstSeq: 1, lastSeq: 2, ...over };
  return {
    format: 'branch-journal/1',
    batchId: batchIdOf(m),
    count: 2,
    bodySha256: HASH,
    prevManifestSha256: null,
    schemaVersion: '0012_journal',
    createdAt: '2026-12-03T08:00:00.000Z',
    ...m,
    ...over,
  };
};

describe('canonicalJson', () => {
  it('sorts keys recursively and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' } })).toBe('{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}');
  });

  it('gives the same bytes whatever order the keys were inserted in', () => {
    expect(canonicalJson({ x: 1, y: 2 })).toBe(canonicalJson({ y: 2, x: 1 }));
  });

  it.each([
    ['undefined', { a: undefined }],
    ['NaN', [Number.NaN]],
    ['Infinity', { a: Infinity }],
    ['a Date', { at: new Date(0) }],
    ['a bigint', { n: 1n }],
    ['a function', { f: () => 1 }],
    ['a sparse array', [1, , 3]], // eslint-disable-line no-sparse-arrays
  ])('refuses %s instead of dropping or changing it', (_name, value) => {
    expect(() => canonicalJson(value)).toThrow(TypeError);
  });

  fcTest.prop([fc.string({ unit: 'binary' })])('writes any string exactly as JSON.stringify does', (s) => {
    expect(canonicalJson(s)).toBe(JSON.stringify(s));
    expect(canonicalJson({ [s]: s })).toBe(`{${JSON.stringify(s)}:${JSON.stringify(s)}}`);
  });

  it('names the path of what it refuses', () => {
    expect(() => canonicalJson({ a: [1, { b: undefined }] })).toThrow('canonicalJson: $.a[1].b is undefined, not a JSON value');
  });

  fcTest.prop([fc.jsonValue(), fc.boolean()])('isCanonicalJsonText agrees with canonicalJson on any parsed text', (v, canonical) => {
    const text = canonical ? canonicalJson(v) : JSON.stringify(v);
    const parsed: unknown = JSON.parse(text);
    const really = canonicalJson(parsed) === text;
    // Never says canonical when it is not; says so whenever it is, unless an index key is involved.
    if (isCanonicalJsonText(text, parsed)) expect(really).toBe(true);
    else if (really) expect(text).toMatch(/"(0|[1-9][0-9]*)":/);
  });

  it('isCanonicalJsonText refuses unsorted keys and whitespace', () => {
    expect(isCanonicalJsonText('{"b":1,"a":2}', { b: 1, a: 2 })).toBe(false);
    expect(isCanonicalJsonText('{"a": 2}', { a: 2 })).toBe(false);
    expect(isCanonicalJsonText('{"a":{"c":1,"b":2}}', JSON.parse('{"a":{"c":1,"b":2}}'))).toBe(false);
    expect(isCanonicalJsonText('{"a":2,"b":[{"x":1}]}', JSON.parse('{"a":2,"b":[{"x":1}]}'))).toBe(true);
  });

  fcTest.prop([fc.jsonValue()])('is a fixed point: parse then re-serialise gives the same bytes', (v) => {
    const text = canonicalJson(v);
    expect(canonicalJson(JSON.parse(text))).toBe(text);
  });
});

describe('entries', () => {
  it('accepts an account entry with the listed state keys', () => {
    expect(parseJournalEntry(account(1, { insuranceNumber: '1234567890', mobileMasked: '0912***4567' }))).toMatchObject({ ok: true });
  });

  it.each(['password', 'passwordHash', 'smsText', 'trackingCode'])('refuses a state carrying %s (strict schema)', (key) => {
    const r = parseJournalEntry(account(1, { [key]: 'secret' }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem).toMatch(/state/);
  });

  it('refuses a stray key at the top level and an unknown kind or record type', () => {
    expect(parseJournalEntry({ ...account(1), note: 'x' }).ok).toBe(false);
    expect(parseJournalEntry({ ...account(1), kind: 'account.hacked' }).ok).toBe(false);
    expect(parseJournalEntry({ ...account(1), kind: 'identifier.issued' }).ok).toBe(false);
    expect(parseJournalEntry({ ...account(1), record: { type: 'staff', id: '1' } })).toEqual({
      ok: false,
      problem: 'record.type must be one of account, identifier, station',
    });
  });

  it('accepts identifier and station entries, and a snapshot of any record', () => {
    const identifier = {
      ...account(2),
      kind: 'snapshot',
      record: { type: 'identifier', id: '123407000014' },
      state: { identifier: '123407000014', status: 'issued', branchCode: '1234', station: 7, sequence: 1, nationality: 'AF' },
    };
    const station = {
      ...account(3),
      kind: 'station.joined',
      record: { type: 'station', id: '07' },
      state: { station: 7, branchCode: '1234', status: 'active' },
      audit: null,
    };
    expect(parseJournalEntry(identifier).ok).toBe(true);
    expect(parseJournalEntry(station).ok).toBe(true);
    expect(parseJournalEntry({ ...station, record: { type: 'station', id: '08' } }).ok).toBe(false);
  });

  it('refuses an actor or label with control or bidi characters (the shared text rule)', () => {
    expect(parseJournalEntry({ ...account(1), actor: 'clerk\u0000' }).ok).toBe(false);
    expect(parseJournalEntry({ ...account(1), actor: 'clerk\u202e1' }).ok).toBe(false);
    expect(parseJournalEntry({ ...account(1), actor: 'clerk1' }).ok).toBe(true);
  });

  it('refuses a time that is not ISO-8601 UTC', () => {
    expect(parseJournalEntry({ ...account(1), at: '2026-12-03 08:00:00' }).ok).toBe(false);
    expect(parseJournalEntry({ ...account(1), at: '2026-12-03T08:00:00+03:30' }).ok).toBe(false);
  });
});

describe('bodies', () => {
  it('round-trips entries through the JSON Lines body', () => {
    const entries = [account(1), account(2)];
    const body = formatJournalBody(entries);
    expect(body.split('\n')).toHaveLength(3);
    expect(parseJournalBody(body)).toEqual({ ok: true, entries, lines: entries.map((e) => canonicalJson(e)) });
  });

  it('refuses a line that is valid but not canonical, naming the line', () => {
    const body = formatJournalBody([account(1)]) + `${JSON.stringify(account(2), null, 1).replace(/\n/g, '')}\n`;
    expect(parseJournalBody(body)).toEqual({ ok: false, line: 2, problem: 'not in canonical form' });
  });

  it('refuses a body without its final newline', () => {
    expect(parseJournalBody(formatJournalBody([account(1)]).trimEnd()).ok).toBe(false);
  });

  fcTest.prop([fc.string({ unit: 'binary' })])('survives any text without throwing', (text) => {
    expect(() => parseJournalBody(text)).not.toThrow();
  });
});

describe('manifests, file names and acknowledgements', () => {
  it('names a batch and its files by branch, two-digit station and range', () => {
    expect(batchIdOf({ branch: '1234', station: 7, firstSeq: 1, lastSeq: 500 })).toBe('1234-07-1-500');
    expect(batchFileNames('1234-07-1-500')).toEqual({
      body: '1234-07-1-500.jsonl',
      manifest: '1234-07-1-500.manifest.json',
      signature: '1234-07-1-500.sig',
    });
    expect(batchIdFromManifestFile('1234-07-1-500.manifest.json')).toBe('1234-07-1-500');
    expect(batchIdFromManifestFile('1234-07-01-500.manifest.json')).toBeNull();
    expect(batchIdFromManifestFile('ack-1234-07-500.json')).toBeNull();
  });

  it('round-trips a manifest through its exact bytes', () => {
    const m = manifest();
    expect(parseManifestText(manifestText(m))).toEqual({ ok: true, value: m });
  });

  it('refuses a manifest with a stray key, a wrong batch id, a reversed range or non-canonical bytes', () => {
    expect(parseManifestText(canonicalJson({ ...manifest(), password: 'x' })).ok).toBe(false);
    expect(parseManifestText(canonicalJson({ ...manifest(), batchId: '1234-07-1-3' }))).toMatchObject({ ok: false, problem: /batchId/ });
    expect(parseManifestText(canonicalJson({ ...manifest({ firstSeq: 5, lastSeq: 4 }) })).ok).toBe(false);
    expect(parseManifestText(JSON.stringify(manifest(), null, 2))).toEqual({ ok: false, problem: 'not in canonical form' });
    expect(parseManifestText('{')).toEqual({ ok: false, problem: 'not JSON' });
  });

  it('writes the acknowledgement file name and bytes, and parses them back', () => {
    const ack = {
      format: 'hq-ack/1' as const,
      branch: '1234',
      station: 7,
      batchId: '1234-07-1-500',
      lastSeq: 500,
      manifestSha256: HASH,
      ackedAt: '2026-12-03T09:00:00.000Z',
    };
    expect(ackFileName(ack)).toBe('ack-1234-07-500.json');
    expect(ackText(ack).startsWith('{"ackedAt":')).toBe(true);
    expect(parseAckText(ackText(ack))).toEqual({ ok: true, value: ack });
  });
});

describe('station slip and fingerprint', () => {
  const spki = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'der' });
  const publicKey = spki.toString('base64');

  it('formats and parses the slip of a real Ed25519 key', () => {
    const text = formatStationSlip({ branch: '1234', station: 7, publicKey });
    expect(text).toBe(`branch-desk-station/1;branch=1234;station=07;key=${publicKey}`);
    expect(parseStationSlip(`  ${text}\n`)).toEqual({ ok: true, slip: { branch: '1234', station: 7, publicKey } });
  });

  it('refuses a slip with another key type, a cut key, or station 00', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    expect(parseStationSlip(`branch-desk-station/1;branch=1234;station=07;key=${rsa}`).ok).toBe(false);
    expect(parseStationSlip(`branch-desk-station/1;branch=1234;station=07;key=${publicKey.slice(0, 40)}`).ok).toBe(false);
    expect(parseStationSlip(`branch-desk-station/1;branch=1234;station=00;key=${publicKey}`).ok).toBe(false);
    expect(parseStationSlip('hello').ok).toBe(false);
  });

  it('fingerprint: first 15 bytes of SHA-256(SPKI) as 36 decimal digits in nine groups of four', () => {
    const digest = createHash('sha256').update(spki).digest();
    const digits = stationFingerprintDigits(digest);
    expect(digits).toMatch(/^[0-9]{36}$/);
    const expected = BigInt(`0x${digest.subarray(0, 15).toString('hex')}`) % 10n ** 36n;
    expect(BigInt(digits)).toBe(expected);
    expect(groupFingerprint(digits)).toMatch(/^([0-9]{4} ){8}[0-9]{4}$/);
  });

  it('fingerprint of small and of the largest 15-byte values stays 36 digits', () => {
    const zero = new Uint8Array(32);
    zero[14] = 1;
    expect(stationFingerprintDigits(zero)).toBe(`${'0'.repeat(35)}1`);
    const max = new Uint8Array(32).fill(0xff);
    expect(stationFingerprintDigits(max)).toBe(((2n ** 120n - 1n) % 10n ** 36n).toString().padStart(36, '0'));
  });
});

describe('refusal codes', () => {
  it('each code has its Persian sentence', () => {
    for (const code of JOURNAL_REFUSAL_CODES) expect(JOURNAL_REFUSALS_FA[code]).toMatch(/[\u0600-\u06ff]/);
  });
});
