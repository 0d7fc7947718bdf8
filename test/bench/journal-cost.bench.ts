import { afterAll, beforeAll, expect, it } from 'vitest';
import { startBridge, type Bridge } from '../../src-main/ipc/http-bridge';
import { JOURNALED_ACTIONS } from '../../src-main/services/journal.service';
import { CLERK_PASSWORD, nationalCode, setUpBranch, startTestApp, type TestApp } from '../helpers/app';
import { login, post } from '../helpers/bridge-http';
import { registrationInput } from '../helpers/desk-flow';
import { figure, recordFigures } from './lib/results';

/**
 * Issue 8 item 5: what writing the journal costs a registration, through the loopback bridge as
 * the renderer calls it, as a ratio to the same registration without the journal, measured in the
 * same run (goal ≤ 1.05×). "Without" removes the registration's journal rule for the round only
 * (bench only). Sound on a busy machine: many short rounds, A and B interleaved and alternating
 * which goes first, so drift falls on both sides; the figure is the ratio of the medians of the
 * rounds, with the ratio of the minima (the least disturbed rounds) beside it.
 */
const ROUNDS = Number(process.env.JOURNAL_BENCH_ROUNDS ?? 30);
const PER_ROUND = 5;
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

/** Milliseconds per registration over one round. */
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
  const withoutJournal = async () => {
    delete rules['account.registered'];
    try {
      return await registerMany();
    } finally {
      rules['account.registered'] = rule;
    }
  };
  await registerMany(); // warm-up, both paths
  await withoutJournal();
  const withJ: number[] = [];
  const without: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    if (r % 2 === 0) {
      withJ.push(await registerMany());
      without.push(await withoutJournal());
    } else {
      without.push(await withoutJournal());
      withJ.push(await registerMany());
    }
  }
  const f = figure(
    { bench: 'journal-cost', row: 'registration through the bridge, with the journal', engine: 'sqlite', unit: 'ms', rounds: withJ },
    { what: 'without the journal', unit: 'ms', rounds: without },
    { text: '≤ 1.05× without the journal', on: 'ratio', at: 1.05, better: 'lower' },
  );
  recordFigures([f]);
  const minRatio = f.min / Math.min(...without);
  console.log(
    `\nregistration through the bridge, ${ROUNDS} interleaved rounds of ${PER_ROUND}:` +
      `\nwithout the journal (baseline): min ${Math.min(...without).toFixed(1)} ms, median ${f.baseline!.median.toFixed(1)} ms` +
      `\nwith the journal:               min ${f.min.toFixed(1)} ms, median ${f.median.toFixed(1)} ms` +
      `\nratio of the medians ${f.ratio!.toFixed(3)}×, of the minima ${minRatio.toFixed(3)}× (goal ≤ 1.05×)`,
  );
  const journaled = await app.ctx.db('journal').where({ kind: 'account.registered' }).count({ c: '*' });
  expect(Number((journaled[0] as { c: unknown }).c)).toBe(PER_ROUND * (ROUNDS + 1));
});
