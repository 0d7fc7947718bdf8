import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { closeSync, fdatasyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AnchorLog } from '../../src-main/core/audit-anchors';
import { inTx, audit, SYSTEM_ACTOR } from '../../src-main/services/env';
import { startTestApp, type TestApp } from '../helpers/app';

/**
 * Issue 10 item 3: what anchoring the audit head costs, as ratios to one audited SQLite commit
 * (WAL, synchronous=FULL) measured in the same run. Chosen: one anchor line per commit that
 * audits, without fsync (synced once a minute and at close): measured ≈0.003× a commit, while an
 * fdatasync per line costs ≈0.2× (a busy 2-core machine, 2026-12).
 */
const ROUNDS = 200;
let app: TestApp;
let dir: string;

beforeAll(async () => {
  app = await startTestApp();
  dir = mkdtempSync(path.join(os.tmpdir(), 'desk-anchor-bench-'));
});
afterAll(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

async function usPerOp(fn: (i: number) => unknown): Promise<number> {
  for (let i = 0; i < 10; i++) await fn(i);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < ROUNDS; i++) await fn(i);
  return Number(process.hrtime.bigint() - t0) / 1000 / ROUNDS;
}

it('anchor line per commit vs one audited commit', async () => {
  const env = { ...app.ctx.env, anchors: undefined };
  const commit = await usPerOp(() => inTx(env, (tx) => audit(tx, env, SYSTEM_ACTOR, { action: 'bench.commit' })));
  const log = new AnchorLog(dir, randomBytes(32));
  const line = await usPerOp((i) => log.record({ id: i + 1, hash: 'a'.repeat(64) }, new Date()));
  log.close();
  const fd = openSync(path.join(dir, 'synced.log'), 'a');
  const synced = await usPerOp(() => {
    writeSync(fd, 'x'.repeat(200) + '\n');
    fdatasyncSync(fd);
  });
  closeSync(fd);
  const rows = [
    ['audited SQLite commit (baseline)', 1],
    ['anchor line (chosen: write, no fsync)', line / commit],
    ['anchor line with fdatasync each', synced / commit],
  ] as const;
  console.log(`\nbaseline: ${commit.toFixed(0)} µs per audited commit`);
  for (const [label, ratio] of rows) console.log(`${label.padEnd(42)} ${ratio.toFixed(4)}×`);
  expect(line).toBeGreaterThan(0);
});
