import { z } from 'zod';
import { plainText } from '../schemas/text';
import { toAsciiDigits } from '../text/digits';

/** The identity document the clerk saw (REG-6: who entered what, on what evidence). */
export const ID_DOCUMENT_TYPES = [
  'national_card',
  'birth_certificate',
  'passport',
  'residence_permit',
  'amayesh_card',
  'refugee_card',
  'census_slip',
] as const;
export const IdDocumentTypeSchema = z.enum(ID_DOCUMENT_TYPES);

/** Document numbers: upper-case, no spaces or dashes, Latin digits. */
export const DocumentNumberSchema = z
  .string()
  .transform((s) => toAsciiDigits(s).replace(/[\s\-_/.]/g, '').toUpperCase())
  .pipe(z.string().regex(/^[A-Z0-9]{3,30}$/, 'DOCUMENT_NUMBER_FORMAT'));

export const IdDocumentSchema = z.strictObject({
  type: IdDocumentTypeSchema,
  number: DocumentNumberSchema,
});
export type IdDocument = z.infer<typeof IdDocumentSchema>;

/**
 * The largest row id on both engines: PostgreSQL's `increments()` columns are `integer` (int4), and
 * a larger number reaching a query is the database's error, not a refusal. Every number a channel
 * accepts stays within it (test/unit/contract-number-bounds.test.ts).
 */
export const MAX_ROW_ID = 2_147_483_647;
export const IdSchema = z.number().int().positive().max(MAX_ROW_ID, 'NUMBER_RANGE');
/** A list's page number (0 = the first). */
export const PageSchema = z.number().int().min(0).max(MAX_ROW_ID, 'NUMBER_RANGE').default(0);
export const ReasonSchema = plainText().trim().min(3, 'REASON_REQUIRED').max(200);
export const IsoTimeSchema = z.string();

export const OkSchema = z.strictObject({ done: z.literal(true) });
