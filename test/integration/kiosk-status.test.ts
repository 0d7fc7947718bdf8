import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBridge, type Bridge } from '../../src-main/ipc/http-bridge';
import { startTestApp, type TestApp } from '../helpers/app';
import { login } from '../helpers/bridge-http';

/**
 * The kiosk is the citizen's screen: it shows no gateway, database, queue, backup or headquarters
 * state (README), and its session must not be able to read them either. An outside probe
 * (2026-12-06) read all of them with a kiosk cookie from `app:status`, and the kiosk's event
 * stream carried every status change. Now the kiosk asks `portal:status` — the version, the mode,
 * training and an upgrade in progress — and staff status reaches staff sessions only.
 */
describe('the kiosk reads no staff status', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it('app:status is refused to a kiosk session (FORBIDDEN); portal:status answers only what the kiosk shows', async () => {
    const kiosk = app.kioskSession();
    const r = await app.call(kiosk, 'app:status', {});
    expect(r.ok ? 'OK' : r.error.code).toBe('FORBIDDEN');
    const mine = await app.ok(kiosk, 'portal:status', {});
    expect(Object.keys(mine).sort()).toEqual(['mode', 'snapshot', 'trainingMode', 'upgrade', 'version']);
    const full = await app.ctx.status();
    expect(mine).toMatchObject({ version: full.version, mode: full.mode, trainingMode: full.trainingMode, upgrade: full.upgrade });
    // A staff page (the login screen's status bar included) still reads the whole status.
    expect(await app.ok(app.staffSession(), 'app:status', {})).toMatchObject({ sms: full.sms, database: full.database, sessionKind: 'staff' });
    const s = await app.call(app.staffSession(), 'portal:status', {});
    expect(s.ok ? 'OK' : s.error.code).toBe('FORBIDDEN');
  });

  it('a status change is pushed to staff event streams only: the kiosk stream stays silent', async () => {
    const bridge: Bridge = await startBridge({ router: app.ctx.router, sessions: app.ctx.sessions, clock: app.clock, staticRoot: null });
    try {
      const open = async (kind: 'staff' | 'kiosk') => {
        const cookie = await login(bridge, kind);
        const stream = { text: '', req: null as http.ClientRequest | null };
        await new Promise<void>((resolve, reject) => {
          stream.req = http.get({ host: '127.0.0.1', port: bridge.port, path: kind === 'staff' ? '/api/events' : '/kiosk-api/events', headers: { Host: `127.0.0.1:${bridge.port}`, Cookie: cookie } }, (res) => {
            expect(res.statusCode).toBe(200);
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => {
              stream.text += chunk;
              if (stream.text.includes(': connected')) resolve();
            });
          });
          stream.req.on('error', reject);
        });
        return stream;
      };
      const kiosk = await open('kiosk');
      const staff = await open('staff');
      const s = await app.ctx.status();
      bridge.emit('app:status-changed', (kind) => ({ ...s, sessionKind: kind }));
      await expect.poll(() => staff.text.includes('event: app:status-changed')).toBe(true);
      // The stream is written in order: a later event on the kiosk's own stream shows nothing came before it.
      await new Promise((r) => setTimeout(r, 200));
      expect(kiosk.text).not.toContain('app:status-changed');
      expect(kiosk.text).not.toContain('"sms"');
      kiosk.req?.destroy();
      staff.req?.destroy();
    } finally {
      await bridge.close();
    }
  });
});
