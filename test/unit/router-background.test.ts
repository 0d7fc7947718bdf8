import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { channel } from '../../shared/contract/define';
import { ManualClock } from '../../src-main/core/clock';
import { createRouter, type Handlers } from '../../src-main/ipc/router';
import { SessionStore } from '../../src-main/ipc/sessions';

const channels = { 'test:poll': channel({ role: 'staff', input: z.strictObject({}), output: z.strictObject({ n: z.number() }) }) };
const IDLE_MS = 10 * 60_000;

function setup() {
  const clock = new ManualClock();
  const router = createRouter({
    channels,
    handlers: { 'test:poll': () => ({ n: 1 }) } as unknown as Handlers,
    clock,
    idleLockMs: () => IDLE_MS,
  });
  const session = new SessionStore().create('staff', clock.now().getTime());
  session.staff = { staffId: 1, username: 'reza.clerk', role: 'clerk', mustChangePassword: false, sessionVersion: 0 };
  return { clock, router, session };
}

describe('the idle lock and background refreshes', () => {
  it("a screen's own background refreshes do not keep an unattended desk from locking", async () => {
    const { clock, router, session } = setup();
    for (let i = 0; i < 19; i++) {
      clock.advance(30_000);
      expect((await router.call('test:poll', {}, session, { background: true })).ok).toBe(true);
    }
    // Ten and a half minutes of polling and no person: the next refresh finds the desk locked.
    clock.advance(60_000);
    const r = await router.call('test:poll', {}, session, { background: true });
    expect(r.ok ? null : r.error.code).toBe('SESSION_LOCKED');
  });

  it("a person's calls do keep it open", async () => {
    const { clock, router, session } = setup();
    for (let i = 0; i < 25; i++) {
      clock.advance(30_000);
      expect((await router.call('test:poll', {}, session)).ok).toBe(true);
    }
    expect(session.locked).toBe(false);
  });
});

describe('the bridge carries the background mark', () => {
  it('X-Desk-Background: 1 leaves the last activity alone; a plain call moves it', async () => {
    const { startBridge } = await import('../../src-main/ipc/http-bridge');
    const { clock, router, session } = setup();
    const sessions = new SessionStore();
    const bridge = await startBridge({ router, sessions, clock, staticRoot: null });
    try {
      const code = bridge.mintLaunchUrl('staff').split('#launch=')[1];
      const launch = await fetch(`${bridge.origin}/session/launch`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code }) });
      const cookie = launch.headers.get('set-cookie')!.split(';')[0]!;
      const s = sessions.get(cookie.split('=')[1])!;
      s.staff = session.staff;
      const start = s.lastActivity;
      const post = (background: boolean) =>
        fetch(`${bridge.origin}/api/test:poll`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Cookie: cookie, ...(background ? { 'X-Desk-Background': '1' } : {}) },
          body: '{}',
        });
      clock.advance(60_000);
      expect((await post(true)).status).toBe(200);
      expect(s.lastActivity).toBe(start);
      expect((await post(false)).status).toBe(200);
      expect(s.lastActivity).toBe(start + 60_000);
    } finally {
      await bridge.close();
    }
  });
});
