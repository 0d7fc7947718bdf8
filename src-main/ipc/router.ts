import type { z } from 'zod';
import {
  contract,
  isChannel,
  type Channel,
  type ChannelDef,
  type Output,
  type ParsedInput,
} from '../../shared/contract';
import type { Envelope, ErrorBody, Issue } from '../../shared/envelope';
import { AppError, isAppError, type ErrorCode } from '../../shared/errors';
import { errorMessageFa } from '../../shared/i18n/fa-messages';
import { fieldMessageFa } from '../../shared/i18n/fa-fields';
import { KIOSK_IDLE_END_MS, type IdleDeadline } from '../../shared/contract/session-limits';
import type { Clock } from '../core/clock';
import { logger } from '../core/log';
import type { Session } from './sessions';

const log = logger('router');

export interface HandlerContext {
  session: Session;
  now: Date;
}

export type Handler<C extends Channel> = (
  input: ParsedInput<C>,
  ctx: HandlerContext,
) => Promise<Output<C>> | Output<C>;

/** A missing or mistyped handler is a compile error: the map is derived from the contract. */
export type Handlers = { [C in Channel]: Handler<C> };

export interface RouterOptions {
  handlers: Handlers;
  clock: Clock;
  /** Idle-lock threshold for staff sessions, read on every call (settings may change it). */
  idleLockMs: () => number;
  /** Channel map; tests pass their own, the app uses the shared contract. */
  channels?: Record<string, ChannelDef>;
  /**
   * Whether the session's login still stands: clears `session.staff` / `session.portal` when the
   * person's session version moved on (a password changed or reset, disabled) — issue 10 item 6.
   * Staff versions are compared in memory (issue 11 item 4).
   */
  checkLogin?: (session: Session) => Promise<void>;
}

export interface CallOptions {
  background?: boolean;
}

export interface Router {
  /**
   * `background`: a refresh the page made on its own (a polling screen), not something a person
   * did — it must not keep the idle lock from closing an unattended desk.
   */
  call(channel: string, payload: unknown, session: Session, opts?: CallOptions): Promise<Envelope<unknown>>;
  has(channel: string): boolean;
  /** Issue 12 item 1: when this staff session's idle lock falls, as the page is told. */
  idleDeadline(session: Session): IdleDeadline;
  /** Called after every call on a staff session, so that its transport pushes the refreshed deadline. */
  onStaffCall(listener: (session: Session) => void): void;
}

export function errorBody(code: ErrorCode, extra?: Partial<ErrorBody>): ErrorBody {
  return { code, message: errorMessageFa(code, extra?.details), ...extra };
}

function fail(code: ErrorCode, extra?: Partial<ErrorBody>): Envelope<never> {
  return { ok: false, error: errorBody(code, extra) };
}

/** zod issues → field issues with a stable code and Persian text for the field. */
export function toIssues(error: z.ZodError): Issue[] {
  return error.issues.map((i) => {
    // Shared schemas put a stable upper-case code in the message; zod's own checks keep theirs.
    // A number out of its bounds is not «shorter» or «longer» than it should be.
    const numeric = (i.code === 'too_small' || i.code === 'too_big') && (i.origin === 'number' || i.origin === 'bigint');
    const code = /^[A-Z][A-Z0-9_]+$/.test(i.message) ? i.message : numeric ? 'NUMBER_RANGE' : i.code.toUpperCase();
    return {
      path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
      code,
      message: fieldMessageFa(code),
    };
  });
}

function checkAccess(def: ChannelDef, session: Session, nowMs: number, idleMs: number): Envelope<never> | null {
  switch (def.role) {
    case 'public':
      if (def.only && session.kind !== def.only) return fail('FORBIDDEN');
      return null;
    case 'kiosk':
      return session.kind === 'kiosk' ? null : fail('FORBIDDEN');
    case 'staff':
    case 'supervisor': {
      if (session.kind !== 'staff') return fail('FORBIDDEN');
      if (!session.staff) return fail('UNAUTHENTICATED');
      if (!session.locked && nowMs - session.lastActivity > idleMs) session.locked = true;
      if (session.locked && !def.allowWhileRestricted) return fail('SESSION_LOCKED');
      if (session.staff.mustChangePassword && !def.allowWhileRestricted) return fail('PASSWORD_CHANGE_REQUIRED');
      if (def.role === 'supervisor' && session.staff.role !== 'supervisor') return fail('FORBIDDEN');
      return null;
    }
  }
}

/** The idle lock's deadline for a staff session: the last person's call plus the idle time. */
export function idleDeadlineOf(session: Session, nowMs: number, idleMs: number): IdleDeadline {
  if (session.kind !== 'staff' || !session.staff) return { deadline: null, remainingMs: null };
  const at = session.lastActivity + idleMs;
  return { deadline: new Date(at).toISOString(), remainingMs: session.locked ? 0 : Math.max(0, at - nowMs) };
}

/** Issue 10 item 6: the server, not the page, ends a kiosk login left idle (staff sessions get the idle lock). */
function endIdleLogin(session: Session, nowMs: number): void {
  if (session.portal && nowMs - session.lastActivity > KIOSK_IDLE_END_MS) {
    session.portal = undefined;
    session.captcha = undefined;
  }
}

/**
 * The one router behind both transports: the payload is `unknown` until the contract's schema
 * accepts it, the session's kind and role are checked before the handler runs, and the output is
 * parsed too, so that no column the contract does not name can leave main.
 */
export function createRouter(opts: RouterOptions): Router {
  const channels: Record<string, ChannelDef> = opts.channels ?? contract;
  const handlers = opts.handlers as unknown as Record<string, (input: unknown, ctx: HandlerContext) => unknown>;
  const known = (name: string) =>
    opts.channels ? Object.prototype.hasOwnProperty.call(channels, name) : isChannel(name);

  const staffCallListeners: Array<(session: Session) => void> = [];
  const answered = <T>(session: Session, envelope: Envelope<T>): Envelope<T> => {
    if (session.kind === 'staff') for (const l of staffCallListeners) l(session);
    return envelope;
  };

  return {
    has: known,
    idleDeadline: (session) => idleDeadlineOf(session, opts.clock.now().getTime(), opts.idleLockMs()),
    onStaffCall: (listener) => void staffCallListeners.push(listener),
    async call(name, payload, session, callOpts) {
      return answered(session, await route(name, payload, session, callOpts));
    },
  };

  async function route(name: string, payload: unknown, session: Session, callOpts: CallOptions | undefined): Promise<Envelope<unknown>> {
    if (!known(name)) return fail('UNKNOWN_CHANNEL');
    const def = channels[name]!;
    const handler = handlers[name];
    if (!handler) return fail('UNKNOWN_CHANNEL');
    const now = opts.clock.now();
    endIdleLogin(session, now.getTime());
    if (session.staff || session.portal) await opts.checkLogin?.(session);
    // The idle lock is a fact of time, whatever channel asks (staff:me must report it too).
    if (session.kind === 'staff' && session.staff && !session.locked && now.getTime() - session.lastActivity > opts.idleLockMs()) session.locked = true;
    const denied = checkAccess(def, session, now.getTime(), opts.idleLockMs());
    if (denied) return denied;

    const parsed = def.input.safeParse(payload);
    if (!parsed.success) return fail('VALIDATION', { issues: toIssues(parsed.error) });

    const personal = session.kind === 'kiosk' || def.role === 'staff' || def.role === 'supervisor';
    if (personal && !callOpts?.background) session.lastActivity = now.getTime();

    let result: unknown;
    try {
      result = await handler(parsed.data, { session, now });
    } catch (e) {
      if (isAppError(e)) {
        return fail(e.code, e.details ? { details: e.details } : undefined);
      }
      log.error(`handler ${name} failed`, e instanceof Error ? e.stack ?? e.message : String(e));
      return fail('INTERNAL');
    }
    const out = def.output.safeParse(result);
    if (!out.success) {
      log.error(`handler ${name} returned output outside the contract`, out.error.issues.map((i) => i.path.join('.')));
      return fail('INTERNAL');
    }
    return { ok: true, data: out.data };
  }
}

export { AppError };
