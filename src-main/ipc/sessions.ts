import { randomBytes } from 'node:crypto';
import type { SessionKind } from '../../shared/contract';

export interface StaffPrincipal {
  staffId: number;
  username: string;
  role: 'clerk' | 'supervisor';
  mustChangePassword: boolean;
  /** The staff member's session version at login; a newer one (password changed, reset, disabled) ends this login. */
  sessionVersion: number;
}

export interface PortalPrincipal {
  accountId: number;
  username: string;
  mustChangePassword: boolean;
  /** The account's session version at login; a newer one (password changed or reset, status changed) ends this login. */
  sessionVersion: number;
}

/**
 * A session belongs to one transport peer: a browser cookie, or an Electron window. Its kind is
 * fixed when it is created (by the launch code or by the window), never by what the page sends.
 */
export interface Session {
  readonly id: string;
  readonly kind: SessionKind;
  readonly createdAt: number;
  /** Last call a person made (not a page's background refresh): the idle lock and the idle end.  */
  lastActivity: number;
  locked: boolean;
  staff?: StaffPrincipal | undefined;
  portal?: PortalPrincipal | undefined;
  /** The kiosk's current security code (answer and expiry), one try each. */
  captcha?: { answer: string; expiresAt: number } | undefined;
}

export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  create(kind: SessionKind, nowMs: number): Session {
    const id = randomBytes(32).toString('base64url');
    const session: Session = { id, kind, createdAt: nowMs, lastActivity: nowMs, locked: false };
    this.sessions.set(id, session);
    return session;
  }

  get(id: string | undefined): Session | undefined {
    if (!id) return undefined;
    return this.sessions.get(id);
  }

  delete(id: string): void {
    this.sessions.delete(id);
  }

}
