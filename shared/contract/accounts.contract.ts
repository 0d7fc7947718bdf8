import { z } from 'zod';
import { WARNING_CODES } from '../errors';
import {
  ForeignIdSchema,
  InsuranceNumberSchema,
  MobileSchema,
  NationalCodeSchema,
  OptionalEmailSchema,
  OptionalMobileSchema,
  PasswordInputSchema,
  StaffUsernameSchema,
  UsernameSchema,
} from '../schemas/fields';
import { plainText } from '../schemas/text';
import { normalizeNameForSearch, normalizePersianText } from '../text/persian';
import { documentFitsHolder, IdDocumentSchema, IdSchema, OkSchema, ReasonSchema } from './common';
import { channel } from './define';

const OptionalNameSchema = plainText()
  .max(80)
  .nullish()
  .transform((s) => (s && s.trim() ? normalizePersianText(s) : null));

const RegistrationCommon = {
  /** REG-2: the clerk confirms that the applicant read and accepted the terms of this version. */
  termsAccepted: z.literal(true, 'TERMS_NOT_ACCEPTED'),
  termsVersion: plainText().min(1).max(20),
  idDocument: IdDocumentSchema,
  branchId: IdSchema,
  insuranceGroupId: IdSchema,
  insuranceNumber: InsuranceNumberSchema,
  mobile: OptionalMobileSchema,
  email: OptionalEmailSchema,
  firstName: OptionalNameSchema,
  lastName: OptionalNameSchema,
};

/** REG-3, REG-7: a citizen by national code, or a foreign national by issued identifier. */
export const RegisterInputSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('citizen'), nationalCode: NationalCodeSchema, ...RegistrationCommon }),
    z.strictObject({ kind: z.literal('foreign'), foreignId: ForeignIdSchema, ...RegistrationCommon }),
  ])
  // BR-3: a national card shown is the applicant's own (documentFitsHolder), said beside its number.
  .superRefine((v, ctx) => {
    const holder = v.kind === 'citizen' ? { kind: v.kind, username: v.nationalCode } : { kind: v.kind, username: v.foreignId };
    if (!documentFitsHolder(v.idDocument, holder)) ctx.addIssue({ code: 'custom', path: ['idDocument', 'number'], message: 'DOCUMENT_NOT_HOLDERS' });
  });
export type RegisterInput = z.infer<typeof RegisterInputSchema>;

export const RegisterResultSchema = z.strictObject({
  accountId: z.number(),
  username: z.string(),
  messageCode: z.literal('REGISTRATION_COMPLETED'),
  /** REG-11's sentence. */
  message: z.string(),
  warnings: z.array(z.enum(WARNING_CODES)),
  initialPasswordExpiresAt: z.string(),
  branchName: z.string(),
  registeredAt: z.string(),
  /** The holder's name as registered: typed, or for a foreign national the identifier's (issue 12 item 8). */
  fullName: z.string().nullable(),
});

/**
 * REG-5 early: what the register form may know of a username before the whole form is filled —
 * only when and where it was registered, no other personal data.
 */
export const DuplicateCheckSchema = z.discriminatedUnion('state', [
  z.strictObject({ state: z.literal('free') }),
  z.strictObject({ state: z.literal('registered'), registeredAt: z.string(), branchName: z.string() }),
  /** Live at another branch in the last copy of headquarters' registry (REGISTERED_ELSEWHERE). */
  z.strictObject({ state: z.literal('elsewhere'), registeredAt: z.string(), branchName: z.string() }),
]);

export const SmsStateSchema = z.enum(['queued', 'sending', 'sent', 'failed', 'cancelled', 'expired']);
export const ResetStateSchema = z.enum(['pending', 'sent', 'used', 'superseded', 'expired', 'undelivered']);

export const ResetSummarySchema = z.strictObject({
  id: z.number(),
  trackingCode: z.string(),
  channel: z.enum(['counter', 'self']),
  state: ResetStateSchema,
  smsState: SmsStateSchema.nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  validUntil: z.string().nullable(),
  requestedBy: z.string().nullable(),
});

/**
 * The search box's text: 2–60 characters, and at least two left once it is normalised as a name
 * is — a query of only ZWNJ, kashida or harakat would otherwise be the empty prefix, every
 * account (outside probe, 2026-12-07). Digits, a mobile and «+98 …» normalise to themselves.
 */
export const SearchQuerySchema = plainText()
  .trim()
  .min(2)
  .max(60)
  .refine((q) => normalizeNameForSearch(q).replace(/ /g, '').length >= 2, { message: 'SEARCH_TOO_SHORT' });

export const AccountSummarySchema = z.strictObject({
  id: z.number(),
  username: z.string(),
  kind: z.enum(['citizen', 'foreign']),
  status: z.enum(['active', 'disabled', 'voided']),
  fullName: z.string().nullable(),
  branchName: z.string(),
  insuranceNumber: z.string(),
  mobileMasked: z.string().nullable(),
  registeredAt: z.string(),
});

export const AccountDetailSchema = AccountSummarySchema.extend({
  branchCode: z.string(),
  insuranceGroup: z.string(),
  email: z.string().nullable(),
  mustChangePassword: z.boolean(),
  initialPasswordExpiresAt: z.string().nullable(),
  passwordRevoked: z.boolean(),
  lockedForSeconds: z.number(),
  permissions: z.array(z.string()),
  registeredBy: z.string(),
  termsVersion: z.string(),
  mobileChangedAt: z.string().nullable(),
  /** A clerk's reset before this time needs a supervisor (a recent mobile change). */
  resetNeedsApprovalUntil: z.string().nullable(),
  voidReason: z.string().nullable(),
  resets: z.array(ResetSummarySchema),
  pendingMobileChange: z.strictObject({ id: z.number(), newMobileMasked: z.string(), expiresAt: z.string() }).nullable(),
}).strict();

export const SupervisorApprovalSchema = z.strictObject({ username: StaffUsernameSchema, password: PasswordInputSchema });

export const accountsContract = {
  /** BR-1, REG-1..11: a clerk registers a citizen or a foreign national. */
  'accounts:register': channel({ role: 'staff', input: RegisterInputSchema, output: RegisterResultSchema }),
  /** REG-5 as soon as the code is valid: read-only, audited like a lookup. */
  'accounts:check-duplicate': channel({
    role: 'staff',
    input: z.strictObject({ username: UsernameSchema }),
    output: DuplicateCheckSchema,
  }),
  /** One search box: national code, identifier, mobile, insurance number or name (each indexed). */
  'accounts:search': channel({
    role: 'staff',
    input: z.strictObject({ query: SearchQuerySchema }),
    output: z.strictObject({
      kind: z.string(),
      items: z.array(AccountSummarySchema),
      /**
       * Issue 11 item 3: set on a name search while the surname keys of accounts from before an
       * upgrade are still being filled (a surname alone may not find them yet): never silent.
       */
      notice: z.enum(['SURNAME_SEARCH_UPDATING']).nullable(),
    }),
  }),
  /** The account page; every lookup is audited. */
  'accounts:get': channel({ role: 'staff', input: z.strictObject({ accountId: IdSchema }), output: AccountDetailSchema }),
  /** A clerk unlocks a portal account for the person present (login lockout). */
  'accounts:unlock': channel({
    role: 'staff',
    input: z.strictObject({ accountId: IdSchema, idDocument: IdDocumentSchema }),
    output: AccountDetailSchema,
  }),
  /** A supervisor disables or re-enables a portal account. */
  'accounts:set-disabled': channel({
    role: 'supervisor',
    input: z.strictObject({ accountId: IdSchema, disabled: z.boolean(), reason: ReasonSchema }),
    output: AccountDetailSchema,
  }),
  /** A supervisor voids a registration made in error; the username becomes free again. */
  'accounts:void': channel({
    role: 'supervisor',
    input: z.strictObject({ accountId: IdSchema, reason: ReasonSchema }),
    output: AccountDetailSchema,
  }),
  /** REG-10: the e-mail channel; audited with the document seen. */
  'accounts:update-email': channel({
    role: 'staff',
    input: z.strictObject({ accountId: IdSchema, email: OptionalEmailSchema, idDocument: IdDocumentSchema }),
    output: AccountDetailSchema,
  }),
  /** A new mobile: a one-time code goes to the new number (and a notice to the old one). */
  'accounts:request-mobile-change': channel({
    role: 'staff',
    input: z.strictObject({ accountId: IdSchema, mobile: MobileSchema, idDocument: IdDocumentSchema }),
    output: z.strictObject({ verificationId: z.number(), expiresAt: z.string(), newMobileMasked: z.string() }),
  }),
  /** The person types the code from the new number's SMS at the counter. */
  'accounts:confirm-mobile-change': channel({
    role: 'staff',
    input: z.strictObject({ verificationId: IdSchema, code: plainText().trim().min(4).max(12) }),
    output: AccountDetailSchema,
  }),
  /** With the gateway offline, a supervisor approves the change with their own password. */
  'accounts:approve-mobile-change': channel({
    role: 'staff',
    input: z.strictObject({ verificationId: IdSchema, approval: SupervisorApprovalSchema }),
    output: AccountDetailSchema,
  }),
  /** A pending mobile change withdrawn at the counter: its code dies, its waiting SMS is not sent; audited. */
  'accounts:cancel-mobile-change': channel({
    role: 'staff',
    input: z.strictObject({ verificationId: IdSchema }),
    output: AccountDetailSchema,
  }),
  /** REC-*, BR-3: a reset for the person at the counter; the clerk never sees the password. */
  'resets:at-counter': channel({
    role: 'staff',
    input: z.strictObject({ accountId: IdSchema, idDocument: IdDocumentSchema, approval: SupervisorApprovalSchema.optional() }),
    output: z.strictObject({
      resetId: z.number(),
      trackingCode: z.string(),
      mobileMasked: z.string(),
      smsState: SmsStateSchema,
      createdAt: z.string(),
    }),
  }),
};

export { OkSchema };
