import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { runHq } from '../../hq/cli';
import { type JournalEntry, parseHqKeyText } from '../../shared/journal';
import { type Hq, captureIo, useHqCluster } from './hq';
import { type Served, postBatch, postOf, startServe } from './hq-serve';
import { TestStation, nationalCode } from './journal-batches';
import { makeTestCert, type TestCert } from './tls';

/** `n` national codes from `from` on. */
export const codes = (from: number, n: number) => Array.from({ length: n }, (_, i) => nationalCode(from + i));

/** What a suite's `beforeAll` set up: read it inside tests, never at collection time. */
export interface ServedHq {
  /** The suite's own temporary folder (the certificate, the signing key, USB folders). */
  dir: string;
  cert: TestCert;
  keyFile: string;
  hqPublic: KeyObject;
  hq: Hq;
  served: Served;
}

/**
 * A real `npm run hq -- serve` over HTTPS on a fresh headquarters database of its own PostgreSQL
 * cluster, with headquarters' signing key made by `hq keygen`; stopped after the suite.
 */
export function useServedHq() {
  const { cluster, hqWith } = useHqCluster();
  const ctx = { dir: mkdtempSync(path.join(os.tmpdir(), 'hq-serve-')) } as ServedHq;

  beforeAll(async () => {
    ctx.cert = makeTestCert(ctx.dir);
    ctx.keyFile = path.join(ctx.dir, 'hq-signing.key');
    const io = captureIo();
    expect(await runHq(['keygen', '--out', ctx.keyFile], io)).toBe(0);
    const pub = parseHqKeyText(io.stdout.split('\n').find((l) => l.startsWith('hq-key/1;')) ?? '');
    if (!pub.ok) throw new Error(pub.problem);
    ctx.hqPublic = createPublicKey({ key: Buffer.from(pub.keyDerBase64, 'base64'), format: 'der', type: 'spki' });
    ctx.hq = await hqWith();
    ctx.served = await startServe(['--database-url', ctx.hq.url, '--hq-key', ctx.keyFile, '--host', '127.0.0.1', '--tls-cert', ctx.cert.certFile, '--tls-key', ctx.cert.keyFile, '--timeout', '2']);
  }, 120_000);

  afterAll(async () => {
    await ctx.served?.stop();
  });

  return {
    ctx,
    cluster,
    /** A station registered at headquarters (new for each test: tests do not share sequences). */
    async station(branch: string, n: number) {
      const st = new TestStation(branch, n);
      await ctx.hq.register(st.slip);
      return st;
    },
    /** Writes `entries` as the station's next batch and posts it. */
    send(st: TestStation, entries: JournalEntry[], tamper: Parameters<TestStation['writeBatch']>[2] = {}) {
      const usb = ctx.hq.folder();
      const b = st.writeBatch(usb, entries, tamper);
      return postBatch(ctx.served.url, postOf(usb, b.batchId), ctx.cert.certPem);
    },
    verifiedByHq: (text: string, signature: string) => verify(null, Buffer.from(text), ctx.hqPublic, Buffer.from(signature, 'base64')),
  };
}
