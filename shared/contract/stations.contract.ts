import { z } from 'zod';
import { IdSchema, ReasonSchema } from './common';
import { channel } from './define';

export const StationSummarySchema = z.strictObject({
  id: z.number(),
  stationNumber: z.number(),
  registeredAt: z.string(),
  claimedAt: z.string().nullable(),
  retiredAt: z.string().nullable(),
  retireReason: z.string().nullable(),
  issued: z.number(),
  thisMachine: z.boolean(),
});
export type StationSummary = z.infer<typeof StationSummarySchema>;

export const stationsContract = {
  /** The branch's stations (one per counter), retired ones included: their numbers are never reused. */
  'stations:list': channel({ role: 'supervisor', input: z.strictObject({}), output: z.array(StationSummarySchema) }),
  /** A supervisor retires another counter's station, with a reason: it issues nothing more, its number stays taken. */
  'stations:retire': channel({
    role: 'supervisor',
    input: z.strictObject({ stationId: IdSchema, reason: ReasonSchema }),
    output: StationSummarySchema,
  }),
};
