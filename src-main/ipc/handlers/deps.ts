import { AppError } from '../../../shared/errors';
import type { Actor } from '../../services/audit.service';
import type { ServiceEnv } from '../../services/env';
import type { OutboxDispatcher } from '../../services/outbox-dispatcher.service';
import type { HandlerContext } from '../router';
import type { SessionStore } from '../sessions';
import type { StaffDirectory } from '../staff-directory';

/** What handlers need: the services' environment, the outbox dispatcher, the session store, the staff versions. */
export interface HandlerDeps {
  env: ServiceEnv;
  dispatcher: OutboxDispatcher;
  sessions: SessionStore;
  staffDirectory: StaffDirectory;
  /**
   * Training mode only: where each security-code answer is written (like the training SMS file),
   * so that end-to-end tests can type it; absent in real use, where the picture is the only copy.
   */
  trainingCaptcha?: ((answer: string, svg: string) => void) | undefined;
}

/** The logged-in staff member as the audit's actor (the router has already checked the role). */
export function staffOf(ctx: HandlerContext): Actor {
  const s = ctx.session.staff;
  if (!s) throw new AppError('UNAUTHENTICATED');
  return { type: 'staff', id: s.staffId, name: s.username };
}

/** The kiosk session's logged-in portal account. */
export function portalOf(ctx: HandlerContext): { accountId: number; username: string } {
  const p = ctx.session.portal;
  if (!p) throw new AppError('UNAUTHENTICATED');
  return p;
}
