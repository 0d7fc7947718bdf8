import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS, contract } from '../../shared/contract';
import { ERROR_CODES } from '../../shared/errors';
import { startBridge, type Bridge } from '../../src-main/ipc/http-bridge';
import { setUpBranch, startTestApp, type TestApp } from '../helpers/app';
import { login, post } from '../helpers/bridge-http';

/**
 * Issue 10 item 11: random payloads at every channel through the real bridge, over a set-up
 * branch, for a logged-in supervisor's page and a kiosk page. Bounded to ~2,000 payloads. The
 * server must stay up, never answer 5xx, and refuse only with VALIDATION or the router's access codes.
 */
const TOTAL = 2000;
/**
 * The only refusals random bytes that the contract does not accept may get: the contract's
 * VALIDATION, and the router's access refusals (src-main/ipc/router.ts checkAccess): FORBIDDEN
 * (wrong kind of page or role), UNAUTHENTICATED (no staff login), SESSION_LOCKED (idle lock),
 * PASSWORD_CHANGE_REQUIRED. A payload the contract accepts (an empty object is a valid input to
 * `backups:run`, say) reaches the service, and may get any of the service's stable refusals
 * (BACKUP_NOT_CONFIGURED) — never INTERNAL.
 */
const ALLOWED_REFUSALS = ['VALIDATION', 'FORBIDDEN', 'UNAUTHENTICATED', 'SESSION_LOCKED', 'PASSWORD_CHANGE_REQUIRED'];

describe('fuzz over every channel through the bridge (issue 10 item 11)', () => {
  let app: TestApp;
  let bridge: Bridge;
  let staff: string;
  let kiosk: string;

  beforeAll(async () => {
    app = await startTestApp();
    await setUpBranch(app);
    bridge = await startBridge({ router: app.ctx.router, sessions: app.ctx.sessions, clock: app.clock, staticRoot: null, port: 0 });
    staff = await login(bridge, 'staff');
    await post(bridge.port, '/api/staff:login', { username: 'sara.supervisor', password: 'Branch-Desk-2026!' }, { Cookie: staff });
    kiosk = await login(bridge, 'kiosk');
  });
  afterAll(async () => {
    await bridge.close();
    await app.close();
  });

  it('answers every payload with an envelope: no 5xx, every refusal VALIDATION, FORBIDDEN or a router access refusal, and the server stays up', async () => {
    const runs = Math.max(1, Math.floor(TOTAL / (CHANNELS.length * 2)));
    const seen = new Map<string, number>();
    for (const channel of CHANNELS) {
      for (const [prefix, cookie] of [['/api/', staff], ['/kiosk-api/', kiosk]] as const) {
        await fc.assert(
          fc.asyncProperty(fc.oneof(fc.anything(), fc.object(), fc.dictionary(fc.string(), fc.oneof(fc.string({ unit: 'binary' }), fc.integer(), fc.boolean(), fc.constant(null)))), async (payload) => {
            const res = await post(bridge.port, prefix + channel, payload === undefined ? null : payload, { Cookie: cookie });
            expect(res.status, `${channel} ${res.body.slice(0, 200)}`).toBeLessThan(500);
            const body = JSON.parse(res.body) as { ok: boolean; error?: { code: string } };
            if (!body.ok) {
              const accepted = contract[channel].input.safeParse(payload === undefined ? null : payload).success;
              const allowed: readonly string[] = accepted ? ERROR_CODES.filter((c) => c !== 'INTERNAL') : ALLOWED_REFUSALS;
              expect(allowed, `${channel} refused with ${body.error?.code}`).toContain(body.error?.code);
              seen.set(body.error!.code, (seen.get(body.error!.code) ?? 0) + 1);
            }
          }),
          { numRuns: runs },
        );
      }
    }
    // Mostly refused at the contract or by role, as expected of random bytes.
    expect(seen.get('VALIDATION') ?? 0).toBeGreaterThan(0);
    expect(seen.get('FORBIDDEN') ?? 0).toBeGreaterThan(0);
    const status = await post(bridge.port, '/api/app:status', {}, { Cookie: staff });
    expect(status.status).toBe(200);
    expect(JSON.parse(status.body)).toMatchObject({ ok: true });
  }, 240_000);
});
