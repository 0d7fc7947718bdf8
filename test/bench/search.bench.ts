import { afterAll, beforeAll, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { searchAccounts } from '../../src-main/db/accounts.repo';
import { hashPassword, verifyPassword } from '../../src-main/services/passwords';
import { normalizeNameForSearch } from '../../shared/text/persian';
import { nationalCode, setUpBranch, startTestApp, type TestApp } from '../helpers/app';

/**
 * Figures are ratios to a baseline measured in the same run on the same machine:
 * - account lookups by each shape (indexed) against a primary-key lookup, and against the
 *   `LIKE '%…%'` scan the design forbids, on 20 000 accounts in a real SQLite file;
 * - one argon2id hash against one SHA-256, to show what a login costs.
 */
const N = 20_000;
const ROUNDS = 300;
let app: TestApp;

async function time(label: string, rounds: number, fn: (i: number) => Promise<unknown>): Promise<{ label: string; us: number }> {
  for (let i = 0; i < 20; i++) await fn(i); // warm up
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) await fn(i);
  const us = Number(process.hrtime.bigint() - t0) / 1000 / rounds;
  return { label, us };
}

beforeAll(async () => {
  app = await startTestApp();
  const { branchId } = await setUpBranch(app);
  const db = app.ctx.db;
  const group = await db('insurance_groups').first<{ id: number }>('id');
  const station = await db('stations').first<{ id: number }>('id');
  const staff = await db('staff').first<{ id: number }>('id');
  const names = ['علی کریمی', 'مریم رضایی', 'حسین احمدی', 'زهرا محمدی', 'رضا حسینی', 'فاطمه موسوی'];
  const rows = [];
  for (let i = 0; i < N; i++) {
    const code = nationalCode(String(100000000 + i * 37).slice(0, 9));
    const name = `${names[i % names.length]} ${i}`;
    rows.push({
      username: code,
      live_username: code,
      kind: 'citizen',
      first_name: name,
      name_search: normalizeNameForSearch(name),
      branch_id: branchId,
      insurance_group_id: group!.id,
      insurance_number: String(1000000000 + i),
      mobile: `0912${String(1000000 + i).slice(-7)}`,
      password_hash: 'x',
      status: 'active',
      terms_version: '1',
      terms_accepted_at: '2026-01-01T00:00:00.000Z',
      id_document_type: 'national_card',
      id_document_number: code,
      registered_by: staff!.id,
      registered_at: '2026-01-01T00:00:00.000Z',
      station_id: station!.id,
    });
  }
  for (let i = 0; i < rows.length; i += 500) await db('accounts').insert(rows.slice(i, i + 500));
});

afterAll(async () => {
  await app.close();
});

it(`account lookups on ${N} accounts, as ratios to a primary-key lookup`, async () => {
  const db = app.ctx.db;
  const baseline = await time('primary key (baseline)', ROUNDS, (i) => db('accounts').where({ id: 1 + ((i * 97) % N) }).first());
  const runs = [
    await time('national code', ROUNDS, (i) => searchAccounts(db, 'username', nationalCode(String(100000000 + ((i * 97) % N) * 37).slice(0, 9)), 50)),
    await time('insurance number', ROUNDS, (i) => searchAccounts(db, 'insuranceNumber', String(1000000000 + ((i * 97) % N)), 50)),
    await time('mobile', ROUNDS, (i) => searchAccounts(db, 'mobile', `0912${String(1000000 + ((i * 97) % N)).slice(-7)}`, 50)),
    await time('name prefix', ROUNDS, (i) => searchAccounts(db, 'name', normalizeNameForSearch(`مریم رضایی ${(i * 97) % N}`), 50)),
    await time("LIKE '%…%' scan (what the design forbids)", 30, (i) => db('accounts').where('name_search', 'like', `%${(i * 97) % N}%`).limit(50)),
  ];
  console.log(`\nbaseline: ${baseline.label} ${baseline.us.toFixed(1)} µs`);
  for (const r of runs) console.log(`${r.label.padEnd(45)} ${(r.us / baseline.us).toFixed(2)}× baseline`);
  expect(runs.every((r) => r.us > 0)).toBe(true);
});

it('one argon2id hash and verify, as a ratio to one SHA-256', async () => {
  const sha = await time('sha256 (baseline)', 2000, async (i) => createHash('sha256').update(`password-${i}`).digest('hex'));
  const hash = await time('argon2id hash (m=19 MiB, t=2, p=1)', 20, (i) => hashPassword(`password-${i}`));
  const h = await hashPassword('password-x');
  const verify = await time('argon2id verify', 20, () => verifyPassword(h, 'password-x'));
  console.log(`\nbaseline: ${sha.label} ${sha.us.toFixed(2)} µs`);
  for (const r of [hash, verify]) console.log(`${r.label.padEnd(45)} ${(r.us / sha.us).toFixed(0)}× baseline (${(r.us / 1000).toFixed(1)} ms)`);
  expect(hash.us).toBeGreaterThan(sha.us);
});
