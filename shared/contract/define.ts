import type { z } from 'zod';

/**
 * Who may call a channel:
 * - `public`: any session (staff or kiosk), nobody needs to be logged in;
 * - `kiosk`: a kiosk session only (the citizen's screen);
 * - `staff`: a staff session with a clerk or supervisor logged in and not idle-locked;
 * - `supervisor`: as `staff`, and the person is a supervisor.
 */
export type Role = 'public' | 'kiosk' | 'staff' | 'supervisor';
export type SessionKind = 'staff' | 'kiosk';

export interface ChannelDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  role: Role;
  /** For `public` channels: restrict them to one session kind (e.g. staff login). */
  only?: SessionKind;
  /** Allowed while a staff member must still change their password / is idle-locked. */
  allowWhileRestricted?: boolean;
  input: I;
  output: O;
}

export function channel<I extends z.ZodType, O extends z.ZodType>(def: ChannelDef<I, O>): ChannelDef<I, O> {
  return def;
}

/** Events pushed from main to the renderer; the payload schema is checked on both sides (`parseEvent`:
 * main before sending, the renderer on receipt). */
export interface EventDef<P extends z.ZodType = z.ZodType> {
  payload: P;
  /** Pushed to pages of this session kind only (as a channel's `only`). */
  only?: SessionKind;
}
