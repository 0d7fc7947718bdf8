import { z } from 'zod';
import { IsoInstantSchema } from '../schemas/fields';
import { plainText } from '../schemas/text';
import { IdSchema, PageSchema } from './common';
import { channel } from './define';
import { SmsStateSchema } from './accounts.contract';

export const OutboxMessageSchema = z.strictObject({
  id: z.number(),
  reference: z.string(),
  purpose: z.string(),
  toMasked: z.string(),
  /** The text with any password or code replaced by asterisks. */
  bodyRedacted: z.string(),
  state: SmsStateSchema,
  attempts: z.number(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  expiresAt: z.string(),
});

export const AuditEntrySchema = z.strictObject({
  id: z.number(),
  at: z.string(),
  actorType: z.string(),
  actorName: z.string().nullable(),
  action: z.string(),
  subjectType: z.string().nullable(),
  subjectId: z.string().nullable(),
  details: z.string(),
});

export const adminContract = {
  /** BR-4: the outbox and its states (staff see it; nothing secret is in it). */
  'outbox:list': channel({
    role: 'staff',
    input: z.strictObject({ state: SmsStateSchema.optional(), page: PageSchema }),
    output: z.strictObject({ items: z.array(OutboxMessageSchema), total: z.number() }),
  }),
  'outbox:retry': channel({ role: 'supervisor', input: z.strictObject({ messageId: IdSchema }), output: OutboxMessageSchema }),
  'outbox:cancel': channel({ role: 'supervisor', input: z.strictObject({ messageId: IdSchema }), output: OutboxMessageSchema }),
  /** REG-6: the audit trail, filtered and paged. */
  'audit:list': channel({
    role: 'supervisor',
    input: z.strictObject({
      action: plainText().max(40).optional(),
      subjectType: plainText().max(24).optional(),
      subjectId: plainText().max(40).optional(),
      from: IsoInstantSchema.optional(),
      to: IsoInstantSchema.optional(),
      page: PageSchema,
      pageSize: z.number().int().min(1).max(200).default(50),
    }),
    output: z.strictObject({ items: z.array(AuditEntrySchema), total: z.number() }),
  }),
  /** Walks the HMAC chain; names the first broken entry. */
  'audit:verify': channel({
    role: 'supervisor',
    input: z.strictObject({}),
    output: z.strictObject({
      ok: z.boolean(),
      entries: z.number(),
      head: z.string().nullable(),
      firstBrokenId: z.number().nullable(),
      reason: z.string().nullable(),
      /** Issue 10 item 3: entries the anchor outside the database remembers and the chain lost. */
      missingFrom: z.number().nullable(),
      missingTo: z.number().nullable(),
      /** The newest entry the anchor file vouches for; null when there is no anchor yet. */
      anchoredId: z.number().nullable(),
    }),
  }),
};
