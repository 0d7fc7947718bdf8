import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { channel } from '../../shared/contract/define';
import { ManualClock } from '../../src-main/core/clock';
import { startBridge } from '../../src-main/ipc/http-bridge';
import { createRouter, type Handlers } from '../../src-main/ipc/router';
import { SessionStore, type Session } from '../../src-main/ipc/sessions';

const channels = { 'test:work': channel({ role: 'staff', input: z.strictObject({}), output: z.strictObject({ n: z.number() }) }) };
const IDLE_MS = 60_000;

function setup() {
  const clock = new ManualClock('2026-03-01T08:00:00Z');
  const router = createRouter({ channels, handlers: { 'test:work': () => ({ n: 1 }) } as unknown as Handlers, clock, idleLockMs: () => IDLE_MS });
  const sessions = new SessionStore();
  const login = (s: Session) => {
    s.staff = { staffId: 1, username: 'reza.clerk', role: 'clerk', mustChangePassword: false, sessionVersion: 0 };
    return s;
  };
  return { clock, router, sessions, login };
}

/** Issue 12 item 1: main gives each staff page the deadline its idle lock falls at, and holds to it. */
describe('the idle deadline main gives the page', () => {
  it('counts down from the last person’s call, is pushed after every call, does not move for background calls, and main refuses after it', async () => {
    const { clock, router, sessions, login } = setup();
    const session = login(sessions.create('staff', clock.now().getTime()));
    const pushed: Array<ReturnType<typeof router.idleDeadline>> = [];
    router.onStaffCall((s) => pushed.push(router.idleDeadline(s)));

    await router.call('test:work', {}, session);
    const deadline = new Date(clock.now().getTime() + IDLE_MS).toISOString();
    expect(pushed.at(-1)).toEqual({ deadline, remainingMs: IDLE_MS });
    clock.advance(45_000);
    await router.call('test:work', {}, session, { background: true });
    expect(pushed.at(-1)).toEqual({ deadline, remainingMs: 15_000 });
    clock.advance(15_001);
    const after = await router.call('test:work', {}, session, { background: true });
    expect(after.ok ? null : after.error.code).toBe('SESSION_LOCKED');
    expect(pushed.at(-1)).toEqual({ deadline, remainingMs: 0 });
    expect(pushed).toHaveLength(3);
    // A person's call after the deadline is refused too and does not move it.
    const person = await router.call('test:work', {}, session);
    expect(person.ok ? null : person.error.code).toBe('SESSION_LOCKED');
    expect(router.idleDeadline(session)).toEqual({ deadline, remainingMs: 0 });
  });

  it('is null while nobody is logged in, and kiosk calls push nothing', async () => {
    const { clock, router, sessions } = setup();
    const pushed: Session[] = [];
    router.onStaffCall((s) => pushed.push(s));
    const staff = sessions.create('staff', clock.now().getTime());
    expect(router.idleDeadline(staff)).toEqual({ deadline: null, remainingMs: null });
    await router.call('test:work', {}, sessions.create('kiosk', clock.now().getTime()));
    expect(pushed).toEqual([]);
  });

  it('the bridge pushes it on the session’s own event stream: at once when the stream opens, then after each call — never to another session', async () => {
    const { clock, router, sessions, login } = setup();
    const bridge = await startBridge({ router, sessions, clock, staticRoot: null });
    const aborts: AbortController[] = [];
    try {
      const open = async () => {
        const code = bridge.mintLaunchUrl('staff').split('#launch=')[1];
        const launch = await fetch(`${bridge.origin}/session/launch`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code }) });
        const cookie = launch.headers.get('set-cookie')!.split(';')[0]!;
        const session = login(sessions.get(cookie.split('=')[1])!);
        const abort = new AbortController();
        aborts.push(abort);
        const res = await fetch(`${bridge.origin}/api/events`, { headers: { cookie }, signal: abort.signal });
        const reader = res.body!.getReader();
        let buffer = '';
        const next = async (): Promise<unknown> => {
          for (;;) {
            const m = /event: session:idle\ndata: (.*)\n\n/.exec(buffer);
            if (m) {
              buffer = buffer.slice(m.index + m[0].length);
              return JSON.parse(m[1]!);
            }
            const { value, done } = await reader.read();
            if (done) throw new Error('stream ended');
            buffer += new TextDecoder().decode(value);
          }
        };
        const post = () => fetch(`${bridge.origin}/api/test:work`, { method: 'POST', headers: { cookie, 'Content-Type': 'application/json', Origin: bridge.origin }, body: '{}' });
        return { session, next, post, buffered: () => buffer };
      };
      const a = await open();
      const b = await open();
      expect(await a.next()).toEqual({ deadline: new Date(a.session.lastActivity + IDLE_MS).toISOString(), remainingMs: IDLE_MS });
      expect(await b.next()).toMatchObject({ remainingMs: IDLE_MS });
      clock.advance(20_000);
      expect((await a.post()).status).toBe(200);
      const moved = new Date(clock.now().getTime() + IDLE_MS).toISOString();
      expect(await a.next()).toEqual({ deadline: moved, remainingMs: IDLE_MS });
      // b's stream got nothing from a's call: its next push is the one its own call causes.
      expect((await b.post()).status).toBe(200);
      expect(await b.next()).toEqual({ deadline: moved, remainingMs: IDLE_MS });
    } finally {
      for (const a of aborts) a.abort();
      await bridge.close();
    }
  });
});
