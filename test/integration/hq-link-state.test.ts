import { generateKeyPairSync } from 'node:crypto';
import net from 'node:net';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatHqKeyText } from '../../shared/journal';
import { useTestApp } from '../helpers/app';
import { branchDesk } from '../helpers/desk-flow';
import { makeTestCert, type TestCert } from '../helpers/tls';

/**
 * Issue 9: the link's retry schedule is state in the database, driven by the clock: an
 * unreachable headquarters counts an attempt and sets the next one by jittered exponential
 * backoff; a pass before it is due tries nothing; saving the settings tries at once.
 */
const hqKeyText = formatHqKeyText(generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).toString('base64'));

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

describe('issue 9: the link offline — attempts and backoff kept in hq_link', () => {
  const desk = useTestApp(branchDesk);
  let cert: TestCert;
  beforeAll(() => {
    cert = makeTestCert();
  });
  afterAll(() => rmSync(cert.dir, { recursive: true, force: true }));

  it('each failed attempt doubles the wait (1 s, 2 s, 4 s … jittered), nothing is tried before it is due, a settings save tries at once', async () => {
    const { app, supervisor } = desk();
    const link = app.ctx.hqLink;
    const row = () => app.ctx.db('hq_link').first<{ attempts: number; next_attempt_at: string | null; state: string }>();
    const waitMs = async () => new Date((await row())!.next_attempt_at!).getTime() - app.clock.now().getTime();

    await link.runOnce();
    expect(await row()).toBeUndefined(); // not configured: nothing tried, nothing recorded
    expect((await link.status()).state).toBe('not-configured');

    await app.ok(supervisor, 'hq:link-settings-save', { url: `https://127.0.0.1:${await closedPort()}`, caPem: cert.certPem, hqKeyText });
    await link.runOnce();
    expect((await row())!.attempts).toBe(1);
    expect(await waitMs()).toBeGreaterThanOrEqual(500);
    expect(await waitMs()).toBeLessThanOrEqual(1000);
    const status = await link.status();
    expect(status).toMatchObject({ state: 'offline', offlineReason: 'network', offlineDetail: 'ECONNREFUSED', ackedSeq: 0 });
    expect(status.behindEntries).toBe(status.lastSeq);

    // Not due yet (the clock has not moved): the pass tries nothing.
    await link.runOnce();
    expect((await row())!.attempts).toBe(1);

    for (const [attempt, cap] of [
      [2, 2000],
      [3, 4000],
      [4, 8000],
    ] as const) {
      app.clock.advance(await waitMs());
      await link.runOnce();
      expect((await row())!.attempts).toBe(attempt);
      expect(await waitMs()).toBeGreaterThanOrEqual(cap / 2);
      expect(await waitMs()).toBeLessThanOrEqual(cap);
    }

    // A supervisor saving the settings (a new URL, a new CA): the next pass tries at once.
    await app.ok(supervisor, 'hq:link-settings-save', { url: `https://127.0.0.1:${await closedPort()}`, caPem: cert.certPem, hqKeyText });
    await link.runOnce();
    expect((await row())!.attempts).toBe(5);
    expect((await row())!.state).toBe('running');
  });
});
