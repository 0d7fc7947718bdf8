import { afterAll, beforeAll, expect, it } from 'vitest';
import { startBridge, type Bridge } from '../../src-main/ipc/http-bridge';
import { JOURNALED_ACTIONS } from '../../src-main/services/journal.service';
import { CLERK_PASSWORD, nationalCode, setUpBranch, startTestApp, type TestApp } from '../helpers/app';
import { login, post } from '../helpers/bridge-http';
import { registrationInput } from '../helpers/desk-flow';

/**
 * Issue 8 item 5: what writing the journal costs a registration, through the loopback bridge as
 * the renderer calls it, as a ratio to the same registration without the journal, measured in the
 * same run (goal ≤ 1.05×). Rounds alternate with and without, so that drift of a busy machine
 * falls on both. "Without" removes the registration's journal rule for the round only (bench only).
 */
const ROUNDS = 6;
const PER_ROUND = 10;
let app: TestApp;
let bridge: Bridge;
let cookie: string;
let input: Record<string, unknown>;
let n = 0;

beforeAll(async () => {
  app = await startTestApp();
  const desk = await setUpBranch(app);
  input = await registrationInput({ app, clerk: desk.clerk, branchId: desk.branchId }, { nationalCode: nationalCode('100000000') });
  bridge = await startBridge({ router: app.ctx.router, sessions: app.ctx.sessions, clock: app.clock, staticRoot: null });
  cookie = await login(bridge, 'staff');
  expect((await post(bridge.port, '/api/staff:login', { username: 'reza.clerk', password: CLERK_PASSWORD }, { Cookie: cookie })).status).toBe(200);
});
afterAll(async () => {
  await bridge?.close();
  await app?.close();
});

async function registerMany(): Promise<number> {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < PER_ROUND; i++) {
    const code = nationalCode(String(200_000_000 + n++));
    const r = await post(bridge.port, '/api/accounts:register', { ...input, nationalCode: code, idDocument: { type: 'national_card', number: code } }, { Cookie: cookie });
    if (r.status !== 200) throw new Error(`register failed: ${r.body}`);
  }
  return Number(process.hrtime.bigint() - t0) / 1e6 / PER_ROUND;
}

it('registration through the bridge with the journal vs without it', async () => {
  const rule = JOURNALED_ACTIONS['account.registered']!;
  const rules = JOURNALED_ACTIONS as Record<string, typeof rule>;
  await registerMany(); // warm-up
  const withJ: number[] = [];
  const without: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    withJ.push(await registerMany());
    delete rules['account.registered'];
    try {
      without.push(await registerMany());
    } finally {
      rules['account.registered'] = rule;
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const base = median(without);
  console.log(`\nbaseline: ${base.toFixed(1)} ms per registration through the bridge, without the journal`);
  console.log(`${'registration without the journal (baseline)'.padEnd(48)} 1.000×`);
  console.log(`${'registration with the journal (goal ≤ 1.05×)'.padEnd(48)} ${(median(withJ) / base).toFixed(3)}×`);
  const journaled = await app.ctx.db('journal').where({ kind: 'account.registered' }).count({ c: '*' });
  expect(Number((journaled[0] as { c: unknown }).c)).toBe(PER_ROUND * (ROUNDS + 1));
});
