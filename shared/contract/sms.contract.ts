import { z } from 'zod';
import { MobileSchema } from '../schemas/fields';
import { OutboxMessageSchema } from './admin.contract';
import { channel } from './define';
import { GatewayPasswordSetSchema } from './settings.contract';

/** SMPP 3.4 carries the password as a C-octet string of at most 8 characters. */
const SmppPasswordSchema = z.string().min(1).max(8).regex(/^[\x20-\x7E]+$/);
/** Kannel takes it in an HTTP header: printable ASCII only. */
const KannelPasswordSchema = z.string().min(1).max(128).regex(/^[\x20-\x7E]+$/);

export const smsContract = {
  /** BR-4: a supervisor checks the gateway with a test message, queued through the outbox like any other. */
  'sms:test': channel({ role: 'supervisor', input: z.strictObject({ to: MobileSchema }), output: OutboxMessageSchema }),
  /**
   * BR-4: sets (or, with null, clears) a gateway's password. Main stores it sealed with the outbox
   * key; no channel ever returns it, settings:get only says whether one is set.
   */
  'sms:set-password': channel({
    role: 'supervisor',
    input: z.discriminatedUnion('gateway', [
      z.strictObject({ gateway: z.literal('smpp'), password: SmppPasswordSchema.nullable() }),
      z.strictObject({ gateway: z.literal('kannel'), password: KannelPasswordSchema.nullable() }),
    ]),
    output: GatewayPasswordSetSchema,
  }),
};
