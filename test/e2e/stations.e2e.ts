import { expect, test } from '@playwright/test';
import { pgSkipReason, startPg, type PgCluster } from '../helpers/pg';
import { api, latinDigits, nationalCode, persianDigits } from './helpers/api';
import { requireChromium, startBrowserMode, type BrowserMode } from './helpers/browser-mode';
import { expectLoggedIn, login, openFromNav, setupAndLoginSupervisor, SETUP_STATION, SUPERVISOR } from './helpers/staff-steps';
import { expectAccessible } from './helpers/axe';

/**
 * Issue 13: counters on one PostgreSQL, each a separate app process (browser mode) with its own
 * data folder. The join through the real UI, then races between four real processes.
 */
requireChromium();
const pgSkip = pgSkipReason();
test.skip(pgSkip !== null, pgSkip ?? '');

let cluster: PgCluster;
const desks: BrowserMode[] = [];
test.beforeAll(async () => {
  cluster = await startPg();
});
test.afterEach(async () => {
  while (desks.length) await desks.pop()!.stop();
});
test.afterAll(async () => {
  await cluster?.stop();
});

async function counterOn(url: string): Promise<BrowserMode> {
  const d = await startBrowserMode({ args: ['--database-url', url] });
  desks.push(d);
  return d;
}

const HOLDER = {
  firstNameFa: 'علی',
  lastNameFa: 'احمدی',
  firstNameLatin: 'ALI',
  lastNameLatin: 'AHMADI',
  fatherName: 'حسن',
  nationality: 'AF',
  documentType: 'passport',
  birthDate: '1990-01-01',
};

test('join: a second counter on the set-up database adds itself with a supervisor and a free number, then issues from its own station', async ({ page, browser }) => {
  const url = await cluster.createDatabase();
  const first = await counterOn(url);
  await setupAndLoginSupervisor(page, first.staffUrl);

  const second = await counterOn(url);
  const other = await (await browser.newContext({ locale: 'fa-IR' })).newPage();
  await other.goto(second.staffUrl);
  const join = other.getByTestId('join-screen');
  await expect(join).toBeVisible();
  await expect(other.locator('html')).toHaveAttribute('dir', 'rtl');
  // The lowest number the branch never used is offered, in Persian digits.
  await expect(join.locator('input[name="stationNumber"]')).toHaveValue(persianDigits(1));
  await expect(join.locator('input[name="username"]')).toBeFocused();
  await expectAccessible(other, 'join a counter');
  await join.locator('input[name="username"]').fill(SUPERVISOR.username);
  await join.locator('input[name="password"]').fill('Wrong-Guess-77');
  await join.locator('input[name="password"]').press('Enter');
  await expect(join.getByTestId('error-alert')).toHaveAttribute('data-code', 'INVALID_CREDENTIALS');
  // The number already taken by the first counter is refused, in Persian.
  await join.locator('input[name="password"]').fill(SUPERVISOR.password);
  await join.locator('input[name="stationNumber"]').fill(persianDigits(SETUP_STATION));
  await join.locator('input[name="stationNumber"]').press('Enter');
  await expect(join.getByTestId('error-alert')).toHaveAttribute('data-code', 'STATION_TAKEN');
  await join.locator('input[name="stationNumber"]').fill('۲');
  await join.locator('input[name="stationNumber"]').press('Enter');
  await login(other, SUPERVISOR.username, SUPERVISOR.password);
  await expectLoggedIn(other, SUPERVISOR.displayName);

  const here = await api<{ identifier: string }>(other, 'identifiers:issue', { ...HOLDER, documentNumber: 'P1000001' });
  const there = await api<{ identifier: string }>(page, 'identifiers:issue', { ...HOLDER, documentNumber: 'P1000002' });
  expect(here.identifier.slice(4, 11)).toBe('0200001');
  expect(there.identifier.slice(4, 11)).toBe(`${SETUP_STATION.padStart(2, '0')}00001`);

  // The first counter's Stations screen lists both; this machine's own cannot be retired from here.
  await openFromNav(page, '/stations');
  const grid = page.getByTestId('stations-grid');
  await expect(grid.getByRole('row')).toHaveCount(3);
  await expect(grid.getByTestId('station-this')).toHaveCount(1);
  const retireOther = grid.getByRole('row').filter({ hasText: persianDigits('02') }).getByTestId('station-retire');
  await retireOther.click();
  const dialog = page.getByTestId('retire-station-dialog');
  await expect(dialog).toBeVisible();
  await expectAccessible(page, 'retire a station');
  await dialog.getByTestId('retire-reason').fill('دستگاه جابه‌جا شد');
  await dialog.getByTestId('retire-reason').press('Enter');
  await expect(grid.getByTestId('station-retired')).toHaveCount(1);
  const refused = await other.evaluate(async (body) => {
    const r = await fetch('/api/identifiers:issue', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    return ((await r.json()) as { error?: { code: string } }).error?.code;
  }, { ...HOLDER, documentNumber: 'P1000003' });
  expect(refused).toBe('STATION_RETIRED');
  expect(latinDigits(await grid.getByRole('row').filter({ hasText: 'دستگاه جابه‌جا شد' }).innerText())).toContain('02');
});

/** A staff session on one counter's bridge, from Node: the launch code exchanged for the cookie. */
async function session(desk: BrowserMode): Promise<<T>(channel: string, input: unknown) => Promise<{ ok: boolean; data?: T; error?: { code: string } }>> {
  const launch = new URL(await desk.newLaunchUrl('staff'));
  const code = /launch=([A-Za-z0-9_-]+)/.exec(launch.hash)![1];
  const r = await fetch(`${desk.origin}/session/launch`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code }) });
  const cookie = r.headers.get('set-cookie')!.split(';')[0]!;
  return async (channel, input) => {
    const res = await fetch(`${desk.origin}/api/${channel}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Cookie: cookie }, body: JSON.stringify(input) });
    return res.json() as never;
  };
}

test('races between four counters (four processes, one PostgreSQL): one account per code, distinct gapless identifiers, one latest reset, one audit chain', async () => {
  test.setTimeout(120_000);
  const url = await cluster.createDatabase();
  const desk = [await counterOn(url)];
  const boss = { username: 'sara.sup', password: 'Sup-Pass-2026!' };
  const call0 = await session(desk[0]!);
  const branches = (await call0<Array<{ id: number }>>('reference:branches', { query: '' })).data!;
  expect((await call0('setup:run', { branchId: branches[0]!.id, stationNumber: 1, username: boss.username, displayName: 'سارا', password: boss.password, passwordRepeat: boss.password })).ok).toBe(true);
  desk.push(...(await Promise.all([2, 3, 4].map(() => counterOn(url)))));
  const calls = await Promise.all(desk.map((d) => session(d)));
  for (const [i, call] of calls.entries()) {
    if (i > 0) expect(await call('setup:join', { ...boss, stationNumber: i + 1 })).toMatchObject({ ok: true });
    expect(await call('staff:login', boss)).toMatchObject({ ok: true });
  }
  const terms = (await calls[0]!<{ version: string }>('settings:terms', {})).data!;
  const groups = (await calls[0]!<Array<{ id: number; registrationOpen: boolean }>>('reference:groups', {})).data!;
  const register = (call: (typeof calls)[number], code: string, mobile: string) =>
    call<{ accountId: number }>('accounts:register', {
      kind: 'citizen',
      nationalCode: code,
      termsAccepted: true,
      termsVersion: terms.version,
      idDocument: { type: 'national_card', number: code },
      branchId: branches[0]!.id,
      insuranceGroupId: groups.find((g) => g.registrationOpen)!.id,
      insuranceNumber: '1234567890',
      mobile,
    });

  // REG-5: the same national code at once from four counters: exactly one account.
  for (const first9 of ['112233445', '223344556']) {
    const code = nationalCode(first9);
    const results = await Promise.all(calls.map((c) => register(c, code, '09121234567')));
    // Whole answers in the failure message: a race that goes wrong once in CI must say how.
    expect(results.map((r) => (r.ok ? 'ok' : r.error?.code)).sort(), JSON.stringify(results)).toEqual(['DUPLICATE_ACCOUNT', 'DUPLICATE_ACCOUNT', 'DUPLICATE_ACCOUNT', 'ok']);
  }

  // Identifiers issued in parallel on four stations: all distinct, each station's sequence 1..n.
  const perStation = 5;
  const issued = await Promise.all(
    calls.map((c, s) =>
      Promise.all(Array.from({ length: perStation }, (_, k) => c<{ identifier: string }>('identifiers:issue', { ...HOLDER, documentNumber: `R${s}-${k}` }))),
    ),
  );
  expect(issued.flat().filter((r) => !r.ok), JSON.stringify(issued)).toEqual([]);
  const ids = issued.flat().map((r) => r.data!.identifier);
  expect(new Set(ids).size).toBe(4 * perStation);
  for (const [s, rs] of issued.entries()) {
    const mine = rs.map((r) => r.data!.identifier);
    expect(mine.every((id) => id.slice(4, 6) === String(s + 1).padStart(2, '0')), mine.join(' ')).toBe(true);
    expect(mine.map((id) => Number(id.slice(6, 11))).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5]);
  }

  // REC-4: two counters reset one account at once: the account row is locked, so one reset is the
  // latest and the other, coming second, meets the cooldown (never two live resets). A few rounds.
  for (const first9 of ['334455667', '445566778', '556677889']) {
    const code = nationalCode(first9);
    const account = (await register(calls[0]!, code, '09129876543')).data!;
    const doc = { type: 'national_card', number: code };
    const resets = await Promise.all([calls[1]!, calls[2]!].map((c) => c<{ trackingCode: string }>('resets:at-counter', { accountId: account.accountId, idDocument: doc })));
    expect(resets.map((r) => (r.ok ? 'ok' : r.error?.code)).sort(), JSON.stringify(resets)).toEqual(['RESET_COOLDOWN', 'ok']);
  }

  // One audit chain, verifiable with the key every joined counter holds.
  for (const call of calls) expect(await call('audit:verify', {})).toMatchObject({ ok: true, data: { ok: true } });
});
