import { z } from 'zod';
import { plainText } from '../schemas/text';
import { MobileSchema, PasswordInputSchema, UsernameSchema } from '../schemas/fields';
import { OkSchema } from './common';
import { channel } from './define';

export const PortalMeSchema = z.strictObject({
  username: z.string(),
  mustChangePassword: z.boolean(),
  /** LOG-5: the general accesses granted after the first password change. */
  permissions: z.array(z.string()),
});

export const portalContract = {
  /** LOG-1, REC-5: login at the kiosk with username and password (or the SMS password). */
  'portal:login': channel({
    role: 'kiosk',
    input: z.strictObject({ username: plainText().trim().min(1).max(40), password: PasswordInputSchema }),
    output: PortalMeSchema,
  }),
  'portal:me': channel({ role: 'kiosk', input: z.strictObject({}), output: PortalMeSchema.nullable() }),
  'portal:logout': channel({ role: 'kiosk', input: z.strictObject({}), output: OkSchema }),
  /** LOG-2, LOG-3: the mandatory change (current, new, repeat); LOG-5 permissions follow. */
  'portal:change-password': channel({
    role: 'kiosk',
    input: z.strictObject({ current: PasswordInputSchema, next: PasswordInputSchema, repeat: PasswordInputSchema }),
    output: PortalMeSchema,
  }),
  /** An offline security code (captcha) for self-service recovery. */
  'portal:captcha': channel({
    role: 'kiosk',
    input: z.strictObject({}),
    output: z.strictObject({ svg: z.string(), expiresAt: z.string() }),
  }),
  /** REC-1..3: username + the registered mobile → an SMS with tracking code and password. Same answer whatever happened. */
  'portal:recover': channel({
    role: 'kiosk',
    input: z.strictObject({ username: UsernameSchema, mobile: MobileSchema, captcha: plainText().trim().min(1).max(10) }),
    output: z.strictObject({ accepted: z.literal(true) }),
  }),
};
