import { z } from 'zod';
import { plainText } from '../schemas/text';
import { BirthDateSchema, CountryCodeSchema, ForeignIdSchema, LatinNameSchema, PersonNameSchema } from '../schemas/fields';
import { DocumentNumberSchema, IdSchema, PageSchema, ReasonSchema } from './common';
import { channel } from './define';

/** Travel or residence documents a foreign national presents for an identifier (REG-4). */
export const FOREIGN_DOCUMENT_TYPES = ['passport', 'residence_permit', 'amayesh_card', 'refugee_card', 'census_slip'] as const;
export const ForeignDocumentTypeSchema = z.enum(FOREIGN_DOCUMENT_TYPES);

export const IssueIdentifierInputSchema = z.strictObject({
  firstNameFa: PersonNameSchema,
  lastNameFa: PersonNameSchema,
  firstNameLatin: LatinNameSchema,
  lastNameLatin: LatinNameSchema,
  fatherName: PersonNameSchema,
  nationality: CountryCodeSchema,
  documentType: ForeignDocumentTypeSchema,
  documentNumber: DocumentNumberSchema,
  birthDate: BirthDateSchema,
});

export const ForeignIdentifierSchema = z.strictObject({
  id: z.number(),
  identifier: z.string(),
  firstNameFa: z.string(),
  lastNameFa: z.string(),
  firstNameLatin: z.string(),
  lastNameLatin: z.string(),
  fatherName: z.string(),
  nationality: z.string(),
  documentType: ForeignDocumentTypeSchema,
  documentNumber: z.string(),
  birthDate: z.string(),
  status: z.enum(['issued', 'registered', 'revoked']),
  issuedAt: z.string(),
  /** The issuer's display name (the slip shows a person, not a login). */
  issuedBy: z.string(),
  revokedAt: z.string().nullable(),
  revokeReason: z.string().nullable(),
});
export type ForeignIdentifier = z.infer<typeof ForeignIdentifierSchema>;

export const identifiersContract = {
  /** BR-2, REG-4: a supervisor issues a foreign-national identifier from this station's sequence. */
  'identifiers:issue': channel({ role: 'supervisor', input: IssueIdentifierInputSchema, output: ForeignIdentifierSchema }),
  /** BR-2: a supervisor revokes an identifier (with a reason); the document may then get another. */
  'identifiers:revoke': channel({
    role: 'supervisor',
    input: z.strictObject({ identifier: ForeignIdSchema, reason: ReasonSchema }),
    output: ForeignIdentifierSchema,
  }),
  /** Lookup by identifier (staff: a clerk checks it before registering a foreign national). */
  'identifiers:get': channel({
    role: 'staff',
    input: z.strictObject({ identifier: ForeignIdSchema }),
    output: ForeignIdentifierSchema,
  }),
  /** The supervisor's list, newest first, optionally by name or document number. */
  'identifiers:list': channel({
    role: 'supervisor',
    input: z.strictObject({ query: plainText().max(60).optional(), page: PageSchema }),
    output: z.strictObject({ items: z.array(ForeignIdentifierSchema), total: z.number() }),
  }),
};

export { IdSchema };
