import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ed25519KeyProblem, spkiKeyBytes } from '../../shared/journal/ed25519-point';
import { formatHqKeyText, formatStationSlip, parseHqKeyText, parseStationSlip } from '../../shared/journal';

const hex = (h: string) => Uint8Array.from(Buffer.from(h, 'hex'));
const SPKI_HEADER = Buffer.from('302a300506032b6570032100', 'hex');
const spkiOf = (raw: Uint8Array) => Buffer.concat([SPKI_HEADER, raw]).toString('base64');
const fresh = () => generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).toString('base64');

/** Encodings of the eight points of order 1, 2, 4 and 8, and non-canonical ones (libsodium's blocklist, RFC 8032). */
const SMALL_ORDER = [
  '0000000000000000000000000000000000000000000000000000000000000000', // order 4 (y = 0)
  '0000000000000000000000000000000000000000000000000000000000000080', // order 4, the other x
  '0100000000000000000000000000000000000000000000000000000000000000', // order 1 (the identity)
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', // order 2 (y = p − 1)
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a', // order 8
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa', // order 8
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05', // order 8
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85', // order 8
];
const NOT_CANONICAL = [
  'edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', // y = p
  'eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', // y = p + 1
  '0100000000000000000000000000000000000000000000000000000000000080', // x = 0 with the sign bit set
];

describe('Ed25519 public keys worth trusting', () => {
  it('every key Node generates is a canonical point of large order', () => {
    for (let i = 0; i < 200; i++) expect(ed25519KeyProblem(spkiKeyBytes(fresh()))).toBeNull();
  });

  it('the eight small-order points (the all-zero key among them) are refused', () => {
    for (const h of SMALL_ORDER) expect({ h, problem: ed25519KeyProblem(hex(h)) }).toEqual({ h, problem: 'small-order' });
  });

  it('a non-canonical encoding, or 32 bytes that are no point of the curve, are refused', () => {
    for (const h of NOT_CANONICAL) expect({ h, problem: ed25519KeyProblem(hex(h)) }).toEqual({ h, problem: 'not-a-point' });
    // About half of all y have no x on the curve: some of y = 2…41 must be refused as no point.
    const problems = Array.from({ length: 40 }, (_, i) => ed25519KeyProblem(hex((i + 2).toString(16).padStart(2, '0') + '00'.repeat(31))));
    expect(problems.filter((p) => p === 'not-a-point').length).toBeGreaterThan(5);
    expect(problems.filter((p) => p === null).length).toBeGreaterThan(5);
  });

  it('headquarters’ key pasted at the desk and a station’s slip at headquarters refuse such a key, with the reason', () => {
    for (const h of [...SMALL_ORDER, ...NOT_CANONICAL]) {
      const key = spkiOf(hex(h));
      expect(parseHqKeyText(formatHqKeyText(key))).toEqual({ ok: false, problem: expect.stringMatching(/small order|not a point/) });
      expect(parseStationSlip(formatStationSlip({ branch: '1234', station: 7, publicKey: key }))).toEqual({ ok: false, problem: expect.stringMatching(/small order|not a point/) });
    }
    const good = fresh();
    expect(parseHqKeyText(formatHqKeyText(good))).toEqual({ ok: true, keyDerBase64: good });
    expect(parseStationSlip(formatStationSlip({ branch: '1234', station: 7, publicKey: good })).ok).toBe(true);
  });
});
