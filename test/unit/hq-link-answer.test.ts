import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ackText, LINK_REFUSAL_STOPS, type Ack } from '../../shared/journal';
import { jitteredBackoffMs } from '../../src-main/core/backoff';
import type { HqResponse } from '../../src-main/core/hq-client';
import { interpretPush } from '../../src-main/services/hq-link-answer';

/** Issue 9: how the link reads headquarters' answer to a batch, and how long it waits when offline. */
const hq = generateKeyPairSync('ed25519');
const hqKeyDer = hq.publicKey.export({ format: 'der', type: 'spki' });
const sent = { batchId: '1001-07-1-40', lastSeq: 40, manifestSha256: 'a'.repeat(64) };
const ack: Ack = { format: 'hq-ack/1', branch: '1001', station: 7, batchId: sent.batchId, lastSeq: 40, manifestSha256: sent.manifestSha256, ackedAt: '2026-12-03T10:00:00.000Z' };
const signed = (text: string, key = hq.privateKey) => sign(null, Buffer.from(text, 'utf8'), key).toString('base64');
const answer = (status: number, json: unknown): HqResponse => ({ ok: true, status, json, text: JSON.stringify(json) });

describe('interpretPush: headquarters answer → the link step', () => {
  it('accepted or already, signed by the pinned key, naming the batch sent → acked', () => {
    for (const status of ['accepted', 'already'] as const) {
      const text = ackText(ack);
      expect(interpretPush(answer(200, { status, ack: text, ackSignature: signed(text) }), sent, hqKeyDer)).toEqual({ kind: 'acked', ack, status });
    }
  });

  it('an acknowledgement with one byte changed in flight does not verify → stop ACK_BAD_SIGNATURE', () => {
    const text = ackText(ack);
    const flipped = text.replace('"lastSeq":40', '"lastSeq":41');
    expect(interpretPush(answer(200, { status: 'accepted', ack: flipped, ackSignature: signed(text) }), sent, hqKeyDer)).toMatchObject({ kind: 'stop', code: 'ACK_BAD_SIGNATURE' });
  });

  it('an acknowledgement signed by another key → stop ACK_BAD_SIGNATURE', () => {
    const text = ackText(ack);
    const stranger = generateKeyPairSync('ed25519').privateKey;
    expect(interpretPush(answer(200, { status: 'accepted', ack: text, ackSignature: signed(text, stranger) }), sent, hqKeyDer)).toMatchObject({ kind: 'stop', code: 'ACK_BAD_SIGNATURE' });
  });

  it('a signed acknowledgement of another batch → stop ACK_MISMATCH (nothing settled)', () => {
    const text = ackText({ ...ack, batchId: '1001-07-41-80', lastSeq: 80 });
    expect(interpretPush(answer(200, { status: 'accepted', ack: text, ackSignature: signed(text) }), sent, hqKeyDer)).toMatchObject({ kind: 'stop', code: 'ACK_MISMATCH' });
  });

  it('SEQUENCE_GAP with the expected sequence → resend from there', () => {
    const r = answer(409, { status: 'refused', refusal: { code: 'SEQUENCE_GAP', detail: 'expected 12', expected: 12 } });
    expect(interpretPush(r, sent, hqKeyDer)).toEqual({ kind: 'gap', expected: 12, detail: 'expected 12' });
  });

  it('every stopping refusal (LINK_REFUSAL_STOPS) stops the link with its code', () => {
    for (const code of LINK_REFUSAL_STOPS) {
      const status = code === 'MALFORMED' ? 400 : code === 'OVERSIZED' ? 413 : 409;
      expect(interpretPush(answer(status, { status: 'refused', refusal: { code, detail: 'x' } }), sent, hqKeyDer)).toEqual({ kind: 'stop', code, detail: 'x' });
    }
  });

  it('network, TLS, timeout, 5xx, an unreadable answer or an unknown path → retry later (offline)', () => {
    const cases: Array<[HqResponse, string]> = [
      [{ ok: false, kind: 'network', reason: 'ECONNREFUSED' }, 'network'],
      [{ ok: false, kind: 'tls', reason: 'DEPTH_ZERO_SELF_SIGNED_CERT' }, 'tls'],
      [{ ok: false, kind: 'timeout', reason: 'no answer' }, 'timeout'],
      [{ ok: false, kind: 'too-large', reason: 'big' }, 'server'],
      [answer(503, { status: 'unavailable' }), 'server'],
      [answer(502, null), 'server'],
      [answer(200, { hello: 1 }), 'server'],
      [answer(404, { status: 'not found' }), 'server'],
    ];
    for (const [res, reason] of cases) expect(interpretPush(res, sent, hqKeyDer)).toMatchObject({ kind: 'retry', reason });
  });
});

describe('jittered exponential backoff (the link: 1 s .. 5 min)', () => {
  it('each wait lies between half and all of min(max, base·2^(n−1))', () => {
    for (let n = 1; n <= 15; n++) {
      const cap = Math.min(300_000, 1000 * 2 ** (n - 1));
      expect(jitteredBackoffMs(n, 1000, 300_000, () => 0)).toBe(Math.round(cap / 2));
      expect(jitteredBackoffMs(n, 1000, 300_000, () => 1)).toBe(cap);
      const any = jitteredBackoffMs(n, 1000, 300_000);
      expect(any).toBeGreaterThanOrEqual(cap / 2);
      expect(any).toBeLessThanOrEqual(cap);
    }
  });

  it('grows by doubling and never passes the cap', () => {
    const mid = (n: number) => jitteredBackoffMs(n, 1000, 300_000, () => 0.5);
    expect([1, 2, 3, 4].map(mid)).toEqual([750, 1500, 3000, 6000]);
    expect(mid(40)).toBe(225_000);
  });
});
