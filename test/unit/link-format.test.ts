import { generateKeyPairSync } from 'node:crypto';
import { test as fcTest, fc } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  BatchPostResponseSchema,
  BatchPostSchema,
  JOURNAL_REFUSAL_CODES,
  LINK_REFUSAL_STOPS,
  LIVE_BATCH_MAX_ENTRIES,
  type RegistryDelta,
  RegistryFileSchema,
  RegistryPageSchema,
  canonicalJson,
  formatHqKeyText,
  parseHqKeyText,
  parseRegistryDeltaText,
  parseStationHeader,
  registryDeltaText,
  registryRequestSigningText,
  stationHeaderValue,
} from '../../shared/journal';

/** LINK-PROTOCOL.md's shapes, written once in shared/journal/link.ts for the branch and headquarters. */

const entry = (version: number, over: Record<string, unknown> = {}) => ({
  username: '0013542419',
  branch: '1234',
  station: 7,
  registeredAt: '2026-12-03T08:00:00.000Z',
  active: true,
  version,
  ...over,
});

const delta = (over: Partial<RegistryDelta> = {}): RegistryDelta => ({
  format: 'hq-registry/1',
  fromVersion: 0,
  toVersion: 2,
  hasMore: false,
  publishedAt: '2026-12-03T09:00:00.000Z',
  entries: [entry(1), entry(2, { username: '100000000017', branch: '4321', active: false })],
  ...over,
});

describe('registry deltas', () => {
  it('round-trips a delta through its exact signed bytes', () => {
    const text = registryDeltaText(delta());
    expect(text).toBe(canonicalJson(delta()));
    const parsed = parseRegistryDeltaText(text);
    expect(parsed).toEqual({ ok: true, value: delta() });
  });

  it('refuses the same delta written in another byte form (not canonical)', () => {
    const pretty = JSON.stringify(delta(), null, 1);
    expect(parseRegistryDeltaText(pretty)).toEqual({ ok: false, problem: 'not in canonical form' });
    const reordered = JSON.stringify({ ...delta(), format: 'hq-registry/1' });
    expect(parseRegistryDeltaText(reordered).ok).toBe(false);
  });

  it('refuses entries out of version order, outside (fromVersion, toVersion], or a reversed range', () => {
    const problems = [
      delta({ entries: [entry(2), entry(1)] }),
      delta({ entries: [entry(1), entry(1)] }),
      delta({ fromVersion: 1, entries: [entry(1), entry(2)] }),
      delta({ toVersion: 1 }),
      delta({ fromVersion: 3, toVersion: 2, entries: [] }),
    ].map((d) => parseRegistryDeltaText(canonicalJson(d)));
    for (const p of problems) expect(p.ok).toBe(false);
  });

  it('refuses a stray key, a bad username, a bad branch, a station 0, a local time', () => {
    for (const bad of [
      delta({ entries: [entry(1, { password: 'x' })] } as never),
      delta({ entries: [entry(1, { username: '12345' })] } as never),
      delta({ entries: [entry(1, { branch: '12' })] } as never),
      delta({ entries: [entry(1, { station: 0 })] } as never),
      delta({ publishedAt: '2026-12-03 09:00' }),
      { ...delta(), extra: 1 },
    ]) {
      expect(parseRegistryDeltaText(canonicalJson(bad)).ok).toBe(false);
    }
  });

  it('accepts an empty page (nothing new)', () => {
    expect(parseRegistryDeltaText(canonicalJson(delta({ fromVersion: 5, toVersion: 5, entries: [] }))).ok).toBe(true);
  });

  fcTest.prop([fc.string({ unit: 'binary' })])('survives any text without throwing', (text) => {
    expect(parseRegistryDeltaText(text).ok).toBe(false);
  });

  fcTest.prop([fc.jsonValue()])('survives any JSON value without throwing', (v) => {
    const r = parseRegistryDeltaText(JSON.stringify(v));
    expect(typeof r.ok).toBe('boolean');
  });
});

describe('pages, files, posts and responses', () => {
  it('a page and a registry file parse; a stray key or a non-base64 signature does not', () => {
    const page = { delta: registryDeltaText(delta()), signature: 'AAAA' };
    expect(RegistryPageSchema.safeParse(page).success).toBe(true);
    expect(RegistryPageSchema.safeParse({ ...page, signature: 'not base64!' }).success).toBe(false);
    expect(RegistryFileSchema.safeParse({ format: 'hq-registry-file/1', pages: [page] }).success).toBe(true);
    expect(RegistryFileSchema.safeParse({ format: 'hq-registry-file/1', pages: [page], x: 1 }).success).toBe(false);
  });

  it('a batch post needs exactly manifest, signature and body', () => {
    expect(BatchPostSchema.safeParse({ manifest: '{}', signature: 'AA==', body: '' }).success).toBe(true);
    expect(BatchPostSchema.safeParse({ manifest: '{}', signature: 'AA==' }).success).toBe(false);
    expect(BatchPostSchema.safeParse({ manifest: '{}', signature: 'AA==', body: '', more: 1 }).success).toBe(false);
  });

  it('responses: accepted / already with a signed ack, refused with a known code and an optional expected', () => {
    expect(BatchPostResponseSchema.safeParse({ status: 'accepted', ack: '{}', ackSignature: 'AA==' }).success).toBe(true);
    expect(BatchPostResponseSchema.safeParse({ status: 'already', ack: '{}', ackSignature: 'AA==' }).success).toBe(true);
    const gap = { status: 'refused', refusal: { code: 'SEQUENCE_GAP', detail: 'd', expected: 11 } };
    expect(BatchPostResponseSchema.parse(gap)).toEqual(gap);
    expect(BatchPostResponseSchema.safeParse({ status: 'refused', refusal: { code: 'NOPE', detail: 'd' } }).success).toBe(false);
    expect(BatchPostResponseSchema.safeParse({ status: 'accepted', ack: '{}' }).success).toBe(false);
  });

  fcTest.prop([fc.anything()])('the response schema survives any value', (v) => {
    expect(typeof BatchPostResponseSchema.safeParse(v).success).toBe('boolean');
  });

  it('every refusal but SEQUENCE_GAP stops the link; live batches hold at most 1,000 entries', () => {
    expect([...LINK_REFUSAL_STOPS].sort()).toEqual(JOURNAL_REFUSAL_CODES.filter((c) => c !== 'SEQUENCE_GAP').sort());
    expect(LINK_REFUSAL_STOPS).not.toContain('SEQUENCE_GAP');
    expect(LIVE_BATCH_MAX_ENTRIES).toBe(1000);
  });
});

describe('registry request signing and the station header', () => {
  it('signs the path with since and the time on the next line (limit is not signed)', () => {
    expect(registryRequestSigningText(42, '2026-12-03T09:00:00.000Z')).toBe('GET /v1/registry?since=42\n2026-12-03T09:00:00.000Z');
  });

  it('writes and reads <branch>-<2-digit station>, refusing anything else', () => {
    expect(stationHeaderValue('1234', 7)).toBe('1234-07');
    expect(parseStationHeader('1234-07')).toEqual({ branch: '1234', station: 7 });
    for (const bad of ['1234-00', '1234-7', '123-07', ' 1234-07', '1234-07\n', '']) expect(parseStationHeader(bad)).toBeNull();
  });
});

describe('headquarters key text', () => {
  const der = generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).toString('base64');

  it('formats and parses a real Ed25519 public key, surrounding spaces ignored', () => {
    const text = formatHqKeyText(der);
    expect(text).toBe(`hq-key/1;key=${der}`);
    expect(parseHqKeyText(`  ${text}\n`)).toEqual({ ok: true, keyDerBase64: der });
  });

  it('refuses another key type, a cut key, a station slip', () => {
    const rsa = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
    expect(parseHqKeyText(formatHqKeyText(rsa)).ok).toBe(false);
    expect(parseHqKeyText(formatHqKeyText(der.slice(0, 40))).ok).toBe(false);
    expect(parseHqKeyText(`branch-desk-station/1;branch=1234;station=07;key=${der}`).ok).toBe(false);
  });

  fcTest.prop([fc.string({ unit: 'binary' })])('survives any text without throwing', (text) => {
    expect(typeof parseHqKeyText(text).ok).toBe('boolean');
  });
});
