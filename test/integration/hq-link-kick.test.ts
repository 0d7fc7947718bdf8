import { generateKeyPairSync } from 'node:crypto';
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setUpBranch, type TestApp } from '../helpers/app';
import { registerCitizen } from '../helpers/desk-flow';
import { ENGINES, useEngine } from '../helpers/engines';
import { makeTestCert } from '../helpers/tls';

/** Starts the app's own link on faked timers; its first pass runs and finds the link's state. */
async function startLink(app: TestApp, firstState: string): Promise<void> {
  const link = app.ctx.hqLink;
  link.start();
  await vi.advanceTimersByTimeAsync(0);
  await vi.waitFor(async () => expect((await link.status()).state).toBe(firstState));
}

/**
 * After the registration: the settings copy is older than its 5 s life (so a settings read would
 * be a statement), the timers move past the wake's settle delay (250 ms) but not to the link's
 * interval (30 s), and stop() waits for any pass that started.
 */
async function afterTheWake(app: TestApp): Promise<string[]> {
  const sql: string[] = [];
  const listen = (q: { sql: string }) => sql.push(q.sql);
  app.ctx.db.on('query', listen);
  vi.setSystemTime(Date.now() + 6_000);
  await vi.advanceTimersByTimeAsync(1_000);
  await app.ctx.hqLink.stop();
  app.ctx.db.off('query', listen);
  return sql;
}

/**
 * Issue 9 / issue 11: every journaled commit wakes the headquarters link (hqLink.kick()). With no
 * link configured the wake must cost nothing — no pass, so no read of the link's settings — which
 * the link knows from the settings copy main holds (fresh, and dropped on every settings write).
 * The link's timers and the wall clock (the settings copy's age) are faked and moved by the test,
 * so "no pass" is what a moved clock shows, not a wait; the database stays real.
 */
describe.each(ENGINES)('the headquarters link wakes only when there is a link, on %s', (_name, postgres) => {
  const { start, skipHere } = useEngine(postgres);
  const dirs: string[] = [];
  afterEach(() => {
    vi.useRealTimers();
    while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
  });

  it.skipIf(skipHere)('with no link configured, a registration issues no link-settings read (the wake schedules no pass)', async () => {
    const app = await start();
    const desk = await setUpBranch(app);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    await startLink(app, 'not-configured');
    await registerCitizen({ app, ...desk }, '400000001');
    expect(await afterTheWake(app)).toEqual([]);
  });

  it.skipIf(skipHere)('with a link configured, a registration still wakes the link within the settle delay (its pass reads the link)', async () => {
    const app = await start();
    const desk = await setUpBranch(app);
    const cert = makeTestCert();
    dirs.push(cert.dir);
    const key = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    // Nothing listens on port 9 of 127.0.0.1: every pass finds headquarters offline.
    await app.ok(desk.supervisor, 'hq:link-settings-save', { url: 'https://127.0.0.1:9', caPem: cert.certPem, hqKeyText: `hq-key/1;key=${key}` });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    await startLink(app, 'offline');
    await registerCitizen({ app, ...desk }, '400000002');
    const after = await afterTheWake(app);
    expect(after.filter((s) => /\bfrom [`"]?hq_link[`"]?/i.test(s)).length).toBeGreaterThan(0);
  });
});
