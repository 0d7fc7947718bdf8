import { z } from 'zod';
import { IsoDateSchema } from '../schemas/fields';
import { channel } from './define';

export const ReportRowSchema = z.strictObject({ actor: z.string(), action: z.string(), count: z.number() });

/** A station by its number at its branch (what identifiers and printed slips show). */
export const ReportStationSchema = z.strictObject({ branchCode: z.string(), stationNumber: z.number() });
export const ReportStationRowSchema = ReportStationSchema.extend({ registrations: z.number(), identifiers: z.number() });

export const reportsContract = {
  /** The home screen: today's registrations, resets and identifiers at this branch (Tehran day). */
  'reports:today': channel({
    role: 'staff',
    input: z.strictObject({}),
    output: z.strictObject({ registrations: z.number(), resets: z.number(), identifiers: z.number(), day: z.string() }),
  }),
  /** The supervisor's daily report: per clerk and action for one day, the issuing station (this
   * machine's; null before it has one), registrations and identifiers per station, the chain head. */
  'reports:daily': channel({
    role: 'supervisor',
    input: z.strictObject({ day: IsoDateSchema }),
    output: z.strictObject({
      day: z.string(),
      station: ReportStationSchema.nullable(),
      rows: z.array(ReportRowSchema),
      stations: z.array(ReportStationRowSchema),
      chainHead: z.strictObject({ lastId: z.number(), lastHash: z.string() }),
      generatedAt: z.string(),
    }),
  }),
};
