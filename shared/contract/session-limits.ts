import { z } from 'zod';

/**
 * Issue 10 item 6: how long a kiosk login may sit idle before main ends it. The kiosk's page
 * clears itself after the same time; the server no longer trusts it to. (A staff session is
 * idle-locked by main after the settings' minutes and needs the person's password again.)
 */
export const KIOSK_IDLE_END_MS = 90_000;

/**
 * Issue 12 item 1: when this staff session's idle lock falls, pushed after every call on it and
 * when its event stream opens. `deadline` is in main's clock (it only tells a moved deadline from
 * a repeated one); the page locks `remainingMs` after it hears this, with no request needed. Both
 * null while nobody is logged in; `remainingMs` 0 once locked.
 */
export const IdleDeadlineSchema = z.strictObject({
  deadline: z.string().nullable(),
  remainingMs: z.number().int().nonnegative().nullable(),
});
export type IdleDeadline = z.infer<typeof IdleDeadlineSchema>;
