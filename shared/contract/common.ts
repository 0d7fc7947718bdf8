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
 * BR-3: whether a document shown at the counter can be this person's. A national card names its
 * holder by national code, so it is a citizen's own only when its number is that code; a foreign
 * national has none. Other documents carry numbers nothing here can be compared with.
 */
export function documentFitsHolder(doc: IdDocument, holder: { kind: 'citizen' | 'foreign'; username: string }): boolean {
  return doc.type !== 'national_card' || (holder.kind === 'citizen' && doc.number === holder.username);
}

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
