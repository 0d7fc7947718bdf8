import { z } from 'zod';
import { parseHqKeyText } from '../journal/link';
import { JOURNAL_REFUSAL_CODES } from '../journal/refusals';
import { multilineText, pastedText } from '../schemas/text';
import { channel } from './define';

/**
 * Issue 9: the live link to headquarters. `https://host[:port][/prefix]`, or plain http only to
 * 127.0.0.1 (headquarters started with `--insecure-loopback`, for training and tests).
 */
const HQ_URL = /^(?:https:\/\/(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\[[0-9A-Fa-f:.]{2,45}\])|http:\/\/127\.0\.0\.1)(?::[0-9]{1,5})?(?:\/[A-Za-z0-9._~\-/]*)?$/;
const PEM_CERT = /^-----BEGIN CERTIFICATE-----\r?\n[A-Za-z0-9+/=\r\n]+-----END CERTIFICATE-----\s*$/;

export const HqLinkSettingsInputSchema = z.strictObject({
  url: pastedText()
    .min(1, { message: 'REQUIRED', abort: true })
    .max(300, 'HQ_URL_FORMAT')
    .regex(HQ_URL, 'HQ_URL_FORMAT')
    // The pattern allows any five digits after the colon: the port must be one a URL can have.
    .refine((u) => URL.canParse(u) && new URL(u).port !== '0', 'HQ_URL_FORMAT'),
  /** The certificate authority the link trusts, and nothing else (pinned). */
  caPem: multilineText().trim().min(1, { message: 'REQUIRED', abort: true }).max(16_000, 'HQ_CA_FORMAT').regex(PEM_CERT, 'HQ_CA_FORMAT'),
  /** Headquarters' public key as `npm run hq -- keygen` prints it: `hq-key/1;key=…` (LINK-PROTOCOL.md). */
  hqKeyText: pastedText()
    .min(1, { message: 'REQUIRED', abort: true })
    .max(200, 'HQ_KEY_FORMAT')
    .refine((t) => parseHqKeyText(t).ok, 'HQ_KEY_FORMAT'),
});
export type HqLinkSettingsInput = z.infer<typeof HqLinkSettingsInputSchema>;

export const HqLinkSettingsViewSchema = z.strictObject({
  configured: z.boolean(),
  url: z.string(),
  caPem: z.string(),
  hqKeyText: z.string(),
  /** The pinned certificate's subject and end of validity, to check it is the right one. */
  caSubject: z.string().nullable(),
  caValidTo: z.string().nullable(),
  /** The headquarters key's fingerprint (the station slip's rule), read aloud with headquarters. */
  hqKeyFingerprint: z.string().nullable(),
});
export type HqLinkSettingsView = z.infer<typeof HqLinkSettingsViewSchema>;

/**
 * Why the link stopped (a red alarm for the supervisor; no retry until one resumes it): a refusal
 * by headquarters, or what the branch found in its answer — an acknowledgement whose headquarters
 * signature does not verify (`ACK_BAD_SIGNATURE`), one for another batch (`ACK_MISMATCH`), or
 * headquarters expecting a sequence this station has no batch for (`HQ_AHEAD`: e.g. a restored
 * backup behind what headquarters already holds).
 */
export const HQ_LINK_STOP_CODES = [...JOURNAL_REFUSAL_CODES, 'ACK_BAD_SIGNATURE', 'ACK_MISMATCH', 'HQ_AHEAD'] as const;
export type HqLinkStopCode = (typeof HQ_LINK_STOP_CODES)[number];

/** Why the link is offline: no connection, a TLS failure (wrong CA, wrong name), no answer in time, headquarters answered 5xx or nonsense. */
export const HqOfflineReasonSchema = z.enum(['network', 'tls', 'timeout', 'server']);
export type HqOfflineReason = z.infer<typeof HqOfflineReasonSchema>;

export const HqLinkStateSchema = z.enum(['not-configured', 'unknown', 'online', 'offline', 'stopped']);
export type HqLinkState = z.infer<typeof HqLinkStateSchema>;

export const HqLinkStatusSchema = z.strictObject({
  state: HqLinkStateSchema,
  offlineReason: HqOfflineReasonSchema.nullable(),
  /** The technical cause (an error code such as DEPTH_ZERO_SELF_SIGNED_CERT, or an HTTP status); never data. */
  offlineDetail: z.string().nullable(),
  stop: z
    .strictObject({ code: z.enum(HQ_LINK_STOP_CODES), detail: z.string(), batchId: z.string().nullable(), at: z.string() })
    .nullable(),
  lastSeq: z.number().int().nonnegative(),
  ackedSeq: z.number().int().nonnegative(),
  behindEntries: z.number().int().nonnegative(),
  behindHours: z.number().nonnegative(),
  lastContactAt: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
});
export type HqLinkStatus = z.infer<typeof HqLinkStatusSchema>;

export const hqLinkContract = {
  /** Issue 9: Settings → Headquarters: the URL, the pinned CA and headquarters' public key. */
  'hq:link-settings': channel({ role: 'supervisor', input: z.strictObject({}), output: HqLinkSettingsViewSchema }),
  /** Issue 9: saves them (checked, audited); the link tries again at once with them. */
  'hq:link-settings-save': channel({ role: 'supervisor', input: HqLinkSettingsInputSchema, output: HqLinkSettingsViewSchema }),
  /** Issue 9: after the cause of a stop is fixed, the supervisor starts the link again (audited). */
  'hq:link-resume': channel({ role: 'supervisor', input: z.strictObject({}), output: HqLinkStatusSchema }),
};
