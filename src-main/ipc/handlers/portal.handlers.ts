import { AppError } from '../../../shared/errors';
import { toAsciiDigits } from '../../../shared/text/digits';
import { makeCaptcha, RequestWindow } from '../../services/captcha';
import { portalChangePassword, portalLogin, portalMe } from '../../services/portal.service';
import { recoverBySelfService } from '../../services/resets.service';
import type { Handler, HandlerContext } from '../router';
import { portalOf, type HandlerDeps } from './deps';

type PortalChannels = 'portal:login' | 'portal:me' | 'portal:logout' | 'portal:change-password' | 'portal:captcha' | 'portal:recover';

const CAPTCHA_LIFE_MS = 5 * 60_000;
const HOUR_MS = 3600_000;
/** Recovery requests a kiosk session may make in an hour (a kiosk serves many people a day). */
export const RECOVERY_PER_SESSION_HOUR = 30;
/** Recovery requests for one username in an hour, from any kiosk (above the daily reset cap). */
export const RECOVERY_PER_USERNAME_HOUR = 10;

function toMe(m: { username: string; mustChangePassword: boolean; permissions: string[] }) {
  return { username: m.username, mustChangePassword: m.mustChangePassword, permissions: m.permissions };
}

function remember(ctx: HandlerContext, m: { accountId: number; username: string; mustChangePassword: boolean; sessionVersion: number }): void {
  ctx.session.portal = { accountId: m.accountId, username: m.username, mustChangePassword: m.mustChangePassword, sessionVersion: m.sessionVersion };
}

export function portalHandlers(d: HandlerDeps): { [C in PortalChannels]: Handler<C> } {
  const perSession = new RequestWindow(RECOVERY_PER_SESSION_HOUR, HOUR_MS);
  const perUsername = new RequestWindow(RECOVERY_PER_USERNAME_HOUR, HOUR_MS);
  return {
    'portal:login': async (input, ctx) => {
      ctx.session.portal = undefined;
      const m = await portalLogin(d.env, input.username, input.password);
      remember(ctx, m);
      return toMe(m);
    },
    'portal:me': async (_input, ctx) => {
      if (!ctx.session.portal) return null;
      const m = await portalMe(d.env, ctx.session.portal.accountId);
      if (!m) ctx.session.portal = undefined;
      return m ? toMe(m) : null;
    },
    'portal:logout': (_input, ctx) => {
      ctx.session.portal = undefined;
      ctx.session.captcha = undefined;
      return { done: true as const };
    },
    'portal:change-password': async (input, ctx) => {
      const p = portalOf(ctx);
      const m = await portalChangePassword(d.env, p.accountId, input.current, input.next, input.repeat);
      remember(ctx, m);
      return toMe(m);
    },
    'portal:captcha': (_input, ctx) => {
      const c = makeCaptcha();
      const expiresAt = ctx.now.getTime() + CAPTCHA_LIFE_MS;
      ctx.session.captcha = { answer: c.answer, expiresAt };
      d.trainingCaptcha?.(c.answer, c.svg);
      return { svg: c.svg, expiresAt: new Date(expiresAt).toISOString() };
    },
    'portal:recover': async (input, ctx) => {
      const c = ctx.session.captcha;
      ctx.session.captcha = undefined; // one try per picture
      // Counted before the captcha is looked at, so a script that reads it still hits the limits.
      const now = ctx.now.getTime();
      const sessionOk = perSession.take(ctx.session.id, now);
      if (!perUsername.take(input.username, now) || !sessionOk) throw new AppError('RECOVERY_LIMIT');
      const typed = toAsciiDigits(input.captcha);
      if (!c || c.expiresAt < ctx.now.getTime() || c.answer !== typed) throw new AppError('VERIFICATION_FAILED');
      await recoverBySelfService(d.env, { username: input.username, mobile: input.mobile });
      return { accepted: true as const };
    },
  };
}
