import { z } from 'zod';
import { IsoDateSchema } from '../schemas/fields';
import { channel } from './define';

export const ReportRowSchema = z.strictObject({ actor: z.string(), action: z.string(), count: z.number() });

export const reportsContract = {
  /** The home screen: today's registrations, resets and identifiers at this branch (Tehran day). */
  'reports:today': channel({
    role: 'staff',
    input: z.strictObject({}),
    output: z.strictObject({ registrations: z.number(), resets: z.number(), identifiers: z.number(), day: z.string() }),
  }),
  /** The supervisor's daily report: per clerk and action for one day, with the audit chain head. */
  'reports:daily': channel({
    role: 'supervisor',
    input: z.strictObject({ day: IsoDateSchema }),
    output: z.strictObject({
      day: z.string(),
      rows: z.array(ReportRowSchema),
      chainHead: z.strictObject({ lastId: z.number(), lastHash: z.string() }),
      generatedAt: z.string(),
    }),
  }),
};
