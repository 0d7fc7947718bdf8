import { z } from 'zod';
import { multilineText, plainText } from '../schemas/text';
import { IdSchema } from './common';
import { channel } from './define';

/** Issue 10 item 9: the one limit of the branch CSV, in characters; the bridge's body limit is derived from it. */
export const BRANCH_CSV_MAX_CHARS = 200_000;

export const BranchSchema = z.strictObject({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  province: z.string().nullable(),
  isSample: z.boolean(),
});
export const InsuranceGroupSchema = z.strictObject({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  registrationOpen: z.boolean(),
  isSample: z.boolean(),
});

export const referenceContract = {
  /** REG-8: branches by name, for the searchable list (also used by first-run setup). */
  'reference:branches': channel({
    role: 'public',
    only: 'staff',
    input: z.strictObject({ query: plainText().max(60) }),
    output: z.array(BranchSchema),
  }),
  /** REG-1: insurance groups and whether registration is open for each. */
  'reference:groups': channel({ role: 'staff', input: z.strictObject({}), output: z.array(InsuranceGroupSchema) }),
  /** REG-1: a supervisor opens or closes registration for a group. */
  'reference:set-group-open': channel({
    role: 'supervisor',
    input: z.strictObject({ groupId: IdSchema, open: z.boolean() }),
    output: InsuranceGroupSchema,
  }),
  /** The real branch list from CSV (`code,name[,province]`); all lines good or nothing written. */
  'reference:import-branches': channel({
    role: 'supervisor',
    input: z.strictObject({ csv: multilineText().min(1).max(BRANCH_CSV_MAX_CHARS, 'BRANCH_CSV_TOO_LARGE') }),
    output: z.strictObject({
      imported: z.number(),
      errors: z.array(z.strictObject({ line: z.number(), code: z.string(), message: z.string() })),
    }),
  }),
};
