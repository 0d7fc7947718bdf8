import { beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { contract, type ChannelDef } from '../../shared/contract';
import type { AppStatus } from '../../shared/contract/app.contract';
import { channel } from '../../shared/contract/define';
import type { Envelope } from '../../shared/envelope';
import { AppError } from '../../shared/errors';
import { ERROR_MESSAGES_FA } from '../../shared/i18n/fa-messages';
import { FIELD_MESSAGES_FA } from '../../shared/i18n/fa-fields';
import { ManualClock } from '../../src-main/core/clock';
import { createRouter, type HandlerContext, type Handlers } from '../../src-main/ipc/router';
import { SessionStore, type Session, type StaffPrincipal } from '../../src-main/ipc/sessions';

const IDLE_MS = 15 * 60 * 1000;

const Echo = z.strictObject({ name: z.string(), count: z.number().int() });

/** A small contract covering every role and flag the router knows about. */
const testChannels = {
  'test:public': channel({ role: 'public', input: z.strictObject({}), output: z.strictObject({ ok: z.literal(true) }) }),
  'test:echo': channel({ role: 'public', input: Echo, output: Echo }),
  'test:page': channel({ role: 'public', input: z.strictObject({ page: z.number().int().min(1).max(100), name: z.string().min(2) }), output: z.strictObject({}) }),
  'test:nested': channel({
    role: 'public',
    input: z.strictObject({
      person: z.strictObject({ nationalCode: z.string().regex(/^\d{10}$/, 'NATIONAL_CODE_FORMAT') }),
    }),
    output: z.strictObject({}),
  }),
  'test:staff-login': channel({ role: 'public', only: 'staff', input: z.strictObject({}), output: z.strictObject({}) }),
  'test:kiosk': channel({ role: 'kiosk', input: z.strictObject({}), output: z.strictObject({}) }),
  'test:staff': channel({ role: 'staff', input: z.strictObject({}), output: z.strictObject({ who: z.string() }) }),
  'test:supervisor': channel({ role: 'supervisor', input: z.strictObject({}), output: z.strictObject({}) }),
  'test:lock-screen': channel({
    role: 'staff',
    allowWhileRestricted: true,
    input: z.strictObject({}),
    output: z.strictObject({ unlocked: z.boolean() }),
  }),
  'test:extra-key': channel({ role: 'public', input: z.strictObject({}), output: z.strictObject({ id: z.number() }) }),
  'test:wrong-type': channel({ role: 'public', input: z.strictObject({}), output: z.strictObject({ id: z.number() }) }),
  'test:throws': channel({ role: 'public', input: z.strictObject({}), output: z.strictObject({}) }),
  'test:refuses': channel({ role: 'public', input: z.strictObject({}), output: z.strictObject({}) }),
  'test:no-handler': channel({ role: 'public', input: z.strictObject({}), output: z.strictObject({}) }),
} satisfies Record<string, ChannelDef>;

type TestChannel = keyof typeof testChannels;

const SECRET_MESSAGE = 'connection to postgres://desk:hunter2@db failed';

interface Call {
  channel: TestChannel;
  input: unknown;
  ctx: HandlerContext;
}

function setup(opts: { idleMs?: number } = {}) {
  const clock = new ManualClock('2026-11-25T08:00:00Z');
  const store = new SessionStore();
  const calls: Call[] = [];
  const record =
    <T>(name: TestChannel, result: (input: unknown, ctx: HandlerContext) => T) =>
    (input: unknown, ctx: HandlerContext): T => {
      calls.push({ channel: name, input, ctx });
      return result(input, ctx);
    };
  let thrown: Error | undefined;
  const handlers: Partial<Record<TestChannel, (input: unknown, ctx: HandlerContext) => unknown>> = {
    'test:public': record('test:public', () => ({ ok: true })),
    'test:echo': record('test:echo', (input) => input),
    'test:page': record('test:page', () => ({})),
    'test:nested': record('test:nested', () => ({})),
    'test:staff-login': record('test:staff-login', () => ({})),
    'test:kiosk': record('test:kiosk', () => ({})),
    'test:staff': record('test:staff', (_i, ctx) => ({ who: ctx.session.staff?.username ?? '?' })),
    'test:supervisor': record('test:supervisor', () => ({})),
    'test:lock-screen': record('test:lock-screen', () => ({ unlocked: true })),
    'test:extra-key': record('test:extra-key', () => ({ id: 7, passwordHash: '$argon2id$v=19$secret' })),
    'test:wrong-type': record('test:wrong-type', () => ({ id: '7' })),
    'test:throws': async (input, ctx) => {
      calls.push({ channel: 'test:throws', input, ctx });
      thrown = new Error(SECRET_MESSAGE);
      throw thrown;
    },
    'test:refuses': record('test:refuses', () => {
      throw new AppError('DUPLICATE_ACCOUNT', { x: 1 });
    }),
    // 'test:no-handler' deliberately has none.
  };
  const router = createRouter({
    handlers: handlers as unknown as Handlers,
    clock,
    idleLockMs: () => opts.idleMs ?? IDLE_MS,
    channels: testChannels,
  });
  const now = () => clock.now().getTime();
  const kiosk = (): Session => store.create('kiosk', now());
  const staffAnon = (): Session => store.create('staff', now());
  const staff = (principal: Partial<StaffPrincipal> = {}): Session => {
    const s = store.create('staff', now());
    s.staff = { staffId: 1, username: 'clerk.one', role: 'clerk', mustChangePassword: false, sessionVersion: 0, ...principal };
    return s;
  };
  const supervisor = () => staff({ staffId: 2, username: 'super.one', role: 'supervisor' });
  return { clock, router, calls, kiosk, staffAnon, staff, supervisor, thrown: () => thrown };
}

function expectError(env: Envelope<unknown>, code: string): Extract<Envelope<unknown>, { ok: false }>['error'] {
  expect(env.ok, JSON.stringify(env)).toBe(false);
  if (env.ok) throw new Error('unreachable');
  expect(env.error.code).toBe(code);
  expect(env.error.message).toBe(ERROR_MESSAGES_FA[env.error.code]);
  return env.error;
}

describe('createRouter with a test contract', () => {
  let t: ReturnType<typeof setup>;
  beforeEach(() => {
    t = setup();
  });

  describe('input validation', () => {
    it('accepts a valid payload and hands the parsed input and context to the handler', async () => {
      const session = t.kiosk();
      const env = await t.router.call('test:echo', { name: 'a', count: 2 }, session);
      expect(env).toEqual({ ok: true, data: { name: 'a', count: 2 } });
      expect(t.calls).toHaveLength(1);
      expect(t.calls[0]!.input).toEqual({ name: 'a', count: 2 });
      expect(t.calls[0]!.ctx.session).toBe(session);
      expect(t.calls[0]!.ctx.now.toISOString()).toBe('2026-11-25T08:00:00.000Z');
    });

    it('refuses a field of the wrong type with VALIDATION and the field path, without calling the handler', async () => {
      const env = await t.router.call('test:echo', { name: 'a', count: 'two' }, t.kiosk());
      const error = expectError(env, 'VALIDATION');
      expect(error.issues).toEqual([{ path: ['count'], code: 'INVALID_TYPE', message: FIELD_MESSAGES_FA.INVALID_TYPE }]);
      expect(t.calls).toHaveLength(0);
    });

    it('refuses a missing field with VALIDATION and the field path, without calling the handler', async () => {
      const env = await t.router.call('test:echo', { count: 2 }, t.kiosk());
      const error = expectError(env, 'VALIDATION');
      expect(error.issues).toHaveLength(1);
      expect(error.issues![0]).toMatchObject({ path: ['name'], code: 'INVALID_TYPE' });
      expect(t.calls).toHaveLength(0);
    });

    it('refuses a payload that is not an object at all', async () => {
      for (const payload of [undefined, null, 'x', 42, []]) {
        const env = await t.router.call('test:echo', payload, t.kiosk());
        expectError(env, 'VALIDATION');
      }
      expect(t.calls).toHaveLength(0);
    });

    it('refuses an unknown key with VALIDATION / UNRECOGNIZED_KEYS', async () => {
      const env = await t.router.call('test:echo', { name: 'a', count: 2, isAdmin: true }, t.kiosk());
      const error = expectError(env, 'VALIDATION');
      expect(error.issues).toEqual([
        { path: [], code: 'UNRECOGNIZED_KEYS', message: FIELD_MESSAGES_FA.UNRECOGNIZED_KEYS },
      ]);
      expect(t.calls).toHaveLength(0);
    });

    it('keeps a nested path and a shared schema code (upper-case zod message)', async () => {
      const env = await t.router.call('test:nested', { person: { nationalCode: '12' } }, t.kiosk());
      const error = expectError(env, 'VALIDATION');
      expect(error.issues).toEqual([
        {
          path: ['person', 'nationalCode'],
          code: 'NATIONAL_CODE_FORMAT',
          message: FIELD_MESSAGES_FA.NATIONAL_CODE_FORMAT,
        },
      ]);
      expect(t.calls).toHaveLength(0);
    });
  });

  describe('numbers out of range', () => {
    it('a number below or above its bounds is NUMBER_RANGE («outside the accepted range»), not TOO_SMALL («shorter than required»): outside probe', async () => {
      for (const page of [0, -1, 101]) {
        const error = expectError(await t.router.call('test:page', { page, name: 'ab' }, t.kiosk()), 'VALIDATION');
        expect(error.issues, String(page)).toEqual([{ path: ['page'], code: 'NUMBER_RANGE', message: FIELD_MESSAGES_FA.NUMBER_RANGE }]);
      }
      // A short text is still TOO_SMALL.
      const short = expectError(await t.router.call('test:page', { page: 1, name: 'a' }, t.kiosk()), 'VALIDATION');
      expect(short.issues).toEqual([{ path: ['name'], code: 'TOO_SMALL', message: FIELD_MESSAGES_FA.TOO_SMALL }]);
    });
  });

  describe('channel names', () => {
    it('refuses an unknown channel with UNKNOWN_CHANNEL', async () => {
      expectError(await t.router.call('test:nope', {}, t.kiosk()), 'UNKNOWN_CHANNEL');
      expect(t.router.has('test:nope')).toBe(false);
      expect(t.router.has('test:public')).toBe(true);
    });

    it('does not treat inherited object properties as channels', async () => {
      for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
        expect(t.router.has(name)).toBe(false);
        expectError(await t.router.call(name, {}, t.kiosk()), 'UNKNOWN_CHANNEL');
      }
    });

    it('refuses a contract channel that has no handler with UNKNOWN_CHANNEL', async () => {
      expectError(await t.router.call('test:no-handler', {}, t.kiosk()), 'UNKNOWN_CHANNEL');
    });
  });

  describe('roles', () => {
    it('lets both session kinds call a public channel', async () => {
      expect(await t.router.call('test:public', {}, t.kiosk())).toEqual({ ok: true, data: { ok: true } });
      expect(await t.router.call('test:public', {}, t.staffAnon())).toEqual({ ok: true, data: { ok: true } });
    });

    it('refuses a kiosk session on a staff channel with FORBIDDEN', async () => {
      expectError(await t.router.call('test:staff', {}, t.kiosk()), 'FORBIDDEN');
      expect(t.calls).toHaveLength(0);
    });

    it('refuses a kiosk session on a supervisor channel with FORBIDDEN', async () => {
      expectError(await t.router.call('test:supervisor', {}, t.kiosk()), 'FORBIDDEN');
      expect(t.calls).toHaveLength(0);
    });

    it('refuses a staff session with nobody logged in with UNAUTHENTICATED', async () => {
      expectError(await t.router.call('test:staff', {}, t.staffAnon()), 'UNAUTHENTICATED');
      expectError(await t.router.call('test:supervisor', {}, t.staffAnon()), 'UNAUTHENTICATED');
      expect(t.calls).toHaveLength(0);
    });

    it('checks the role before the payload: a denied caller learns nothing about the schema', async () => {
      const env = await t.router.call('test:staff', { bogus: 1 }, t.kiosk());
      const error = expectError(env, 'FORBIDDEN');
      expect(error.issues).toBeUndefined();
    });

    it('lets a clerk call a staff channel', async () => {
      expect(await t.router.call('test:staff', {}, t.staff())).toEqual({ ok: true, data: { who: 'clerk.one' } });
    });

    it('refuses a clerk on a supervisor channel with FORBIDDEN and lets a supervisor through', async () => {
      expectError(await t.router.call('test:supervisor', {}, t.staff()), 'FORBIDDEN');
      expect(t.calls).toHaveLength(0);
      expect(await t.router.call('test:supervisor', {}, t.supervisor())).toEqual({ ok: true, data: {} });
      expect(t.calls).toHaveLength(1);
    });

    it('refuses a staff session (even a logged-in supervisor) on a kiosk channel with FORBIDDEN', async () => {
      expectError(await t.router.call('test:kiosk', {}, t.staffAnon()), 'FORBIDDEN');
      expectError(await t.router.call('test:kiosk', {}, t.supervisor()), 'FORBIDDEN');
      expect(t.calls).toHaveLength(0);
      expect(await t.router.call('test:kiosk', {}, t.kiosk())).toEqual({ ok: true, data: {} });
    });

    it("refuses a kiosk session on a public channel with only: 'staff' with FORBIDDEN", async () => {
      expectError(await t.router.call('test:staff-login', {}, t.kiosk()), 'FORBIDDEN');
      expect(t.calls).toHaveLength(0);
      expect(await t.router.call('test:staff-login', {}, t.staffAnon())).toEqual({ ok: true, data: {} });
    });
  });

  describe('output validation', () => {
    it('turns a handler result with an extra key into INTERNAL, and the extra key never leaves', async () => {
      const env = await t.router.call('test:extra-key', {}, t.kiosk());
      expectError(env, 'INTERNAL');
      expect(t.calls).toHaveLength(1);
      const text = JSON.stringify(env);
      expect(text).not.toContain('passwordHash');
      expect(text).not.toContain('argon2');
    });

    it('turns a handler result of the wrong type into INTERNAL', async () => {
      const env = await t.router.call('test:wrong-type', {}, t.kiosk());
      const error = expectError(env, 'INTERNAL');
      expect(error.issues).toBeUndefined();
    });
  });

  describe('errors thrown by handlers', () => {
    it('turns a plain Error into INTERNAL without its message or stack', async () => {
      const env = await t.router.call('test:throws', {}, t.kiosk());
      const error = expectError(env, 'INTERNAL');
      expect(Object.keys(error).sort()).toEqual(['code', 'message']);
      const thrown = t.thrown();
      expect(thrown).toBeInstanceOf(Error);
      const text = JSON.stringify(env);
      expect(text).not.toContain('hunter2');
      expect(text).not.toContain(SECRET_MESSAGE);
      expect(text).not.toContain('router.test');
      expect(text).not.toMatch(/\bat .*:\d+:\d+/);
      for (const line of (thrown!.stack ?? '').split('\n').slice(1)) {
        expect(text).not.toContain(line.trim());
      }
    });

    it('turns an AppError into its code with the Persian message and the details', async () => {
      const env = await t.router.call('test:refuses', {}, t.kiosk());
      expect(env).toEqual({
        ok: false,
        error: { code: 'DUPLICATE_ACCOUNT', message: ERROR_MESSAGES_FA.DUPLICATE_ACCOUNT, details: { x: 1 } },
      });
      expect(ERROR_MESSAGES_FA.DUPLICATE_ACCOUNT).toMatch(/[\u0600-\u06FF]/);
    });
  });

  describe('idle lock and restrictions', () => {
    it('locks a staff session idle for longer than idleLockMs, but still serves allowWhileRestricted channels', async () => {
      const session = t.staff();
      expect((await t.router.call('test:staff', {}, session)).ok).toBe(true);
      t.clock.advance(IDLE_MS + 1);
      expectError(await t.router.call('test:staff', {}, session), 'SESSION_LOCKED');
      expect(session.locked).toBe(true);
      expect(t.calls.filter((c) => c.channel === 'test:staff')).toHaveLength(1);

      expect(await t.router.call('test:lock-screen', {}, session)).toEqual({ ok: true, data: { unlocked: true } });
      // The lock stays until something (the unlock service) clears it.
      expectError(await t.router.call('test:staff', {}, session), 'SESSION_LOCKED');
      // Public channels are not subject to the lock.
      expect((await t.router.call('test:public', {}, session)).ok).toBe(true);
    });

    it('does not lock a session that keeps working within idleLockMs', async () => {
      const session = t.staff();
      for (let i = 0; i < 4; i++) {
        t.clock.advance(IDLE_MS - 1000);
        expect((await t.router.call('test:staff', {}, session)).ok).toBe(true);
      }
      expect(session.locked).toBe(false);
      expect(session.lastActivity).toBe(t.clock.now().getTime());
    });

    it('reads idleLockMs on every call', async () => {
      let idle = IDLE_MS;
      const store = new SessionStore();
      const clock = new ManualClock();
      const router = createRouter({
        handlers: { 'test:staff': () => ({ who: 'x' }) } as unknown as Handlers,
        clock,
        idleLockMs: () => idle,
        channels: testChannels,
      });
      const session = store.create('staff', clock.now().getTime());
      session.staff = { staffId: 1, username: 'x', role: 'clerk', mustChangePassword: false, sessionVersion: 0 };
      clock.advance(60_000);
      expect((await router.call('test:staff', {}, session)).ok).toBe(true);
      idle = 30_000;
      clock.advance(31_000);
      expectError(await router.call('test:staff', {}, session), 'SESSION_LOCKED');
    });

    it('refuses a staff member who must change the password with PASSWORD_CHANGE_REQUIRED, except on allowWhileRestricted', async () => {
      const session = t.staff({ mustChangePassword: true });
      expectError(await t.router.call('test:staff', {}, session), 'PASSWORD_CHANGE_REQUIRED');
      expect(t.calls).toHaveLength(0);
      expect(await t.router.call('test:lock-screen', {}, session)).toEqual({ ok: true, data: { unlocked: true } });
    });

    it('puts the lock before the supervisor check', async () => {
      const session = t.staff();
      t.clock.advance(IDLE_MS + 1);
      expectError(await t.router.call('test:supervisor', {}, session), 'SESSION_LOCKED');
    });
  });
});

describe('createRouter with the real app contract', () => {
  it('serves app:status to staff sessions only', async () => {
    const clock = new ManualClock();
    const store = new SessionStore();
    const seen: string[] = [];
    const handlers: Partial<Handlers> = {
      'app:status': (input, ctx): AppStatus => {
        expect(input).toEqual({});
        seen.push(ctx.session.kind);
        return {
          version: '0.1.0',
          mode: 'browser',
          database: { ready: true, engine: 'sqlite' },
          sms: { adapter: 'file', state: 'offline', queued: 0 },
          backup: { state: 'ok', lastGoodAt: null, ageMinutes: null, lastError: null, running: false },
          hq: { state: 'not-configured', offlineReason: null, offlineDetail: null, stop: null, lastSeq: 0, ackedSeq: 0, behindEntries: 0, behindHours: 0, lastContactAt: null, nextAttemptAt: null },
          upgrade: { pending: false, percent: 100 },
          trainingMode: false,
          setupDone: true,
          sessionKind: ctx.session.kind,
          snapshot: { boot: 'test', seq: 1 },
        };
      },
    };
    const router = createRouter({ handlers: handlers as Handlers, clock, idleLockMs: () => IDLE_MS });
    expect(router.has('app:status')).toBe(true);
    expect(router.has('test:echo')).toBe(false);
    expect(Object.keys(contract)).toContain('app:status');

    const env = await router.call('app:status', {}, store.create('staff', clock.now().getTime()));
    expect(env.ok).toBe(true);
    if (env.ok) expect(env.data).toMatchObject({ sessionKind: 'staff', mode: 'browser' });
    // The staff status is not the kiosk's (it has portal:status): refused before the handler runs.
    const kioskSession = store.create('kiosk', clock.now().getTime());
    expectError(await router.call('app:status', {}, kioskSession), 'FORBIDDEN');
    expect(seen).toEqual(['staff']);

    const staffSession = store.create('staff', clock.now().getTime());
    expectError(await router.call('app:status', { extra: 1 }, staffSession), 'VALIDATION');
    expectError(await router.call('test:echo', {}, kioskSession), 'UNKNOWN_CHANNEL');
  });
});
