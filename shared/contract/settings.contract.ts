import { z } from 'zod';
import { DEFAULT_TERMS_TEXT_FA } from '../i18n/fa-desk';
import { multilineText, plainText } from '../schemas/text';
import { channel } from './define';

export const DEFAULT_TERMS_TEXT = DEFAULT_TERMS_TEXT_FA;

const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/**
 * A host that can exist: a name of labels (1–63 letters, digits or inner hyphens), a dotted-quad
 * IPv4 address (a name of digits only must be one: «1.2.3» and «999.999.999.999» are not), or an
 * IPv6 address, bare or in brackets (as a URL parser reads it).
 */
function isHost(h: string): boolean {
  if (h.includes(':')) {
    const bare = h.startsWith('[') && h.endsWith(']') ? h.slice(1, -1) : h;
    return /^[0-9A-Fa-f:.]+$/.test(bare) && URL.canParse(`http://[${bare}]/`);
  }
  const labels = h.split('.');
  if (labels.every((l) => /^[0-9]+$/.test(l))) return labels.length === 4 && labels.every((l) => l.length <= 3 && Number(l) <= 255);
  return labels.every((l) => LABEL.test(l));
}

/** A host name or an IP address (IPv6 in brackets or bare). */
export const HostSchema = z.string().trim().min(1).max(253).refine(isHost, { message: 'INVALID_FORMAT' });
const PortSchema = z.number().int().min(1).max(65535);
/** A numeric sender (short code or number, up to 20 digits) or an alphanumeric one (GSM: up to 11). */
const SenderSchema = z
  .string()
  .trim()
  .refine((s) => /^\+?[0-9]{1,20}$/.test(s) || /^[A-Za-z0-9][A-Za-z0-9 .-]{0,10}$/.test(s), { message: 'INVALID_FORMAT' });
/** How the destination is written: `989121234567` (international) or `09121234567` (national). */
const NumberFormatSchema = z.enum(['international', 'national']);
/** SMS parts one message may take (UCS-2: 70 characters alone, 67 per part when concatenated). */
const MaxPartsSchema = z.number().int().min(1).max(10);
const SecondsSchema = z.number().int().min(1).max(120);

/** BR-4: an SMSC over SMPP 3.4. The password is not here: `sms:set-password` stores it sealed. */
export const SmppSettingsSchema = z.strictObject({
  host: HostSchema,
  port: PortSchema,
  /** SMPP 3.4 allows 15 characters. */
  systemId: z.string().trim().min(1).max(15).regex(/^[\x21-\x7E]+$/),
  systemType: z.string().trim().max(12).regex(/^[\x21-\x7E]*$/),
  sourceAddress: SenderSchema,
  numberFormat: NumberFormatSchema,
  maxParts: MaxPartsSchema,
  connectTimeoutSeconds: SecondsSchema,
  submitTimeoutSeconds: SecondsSchema,
  /** enquire_link keep-alive period. */
  enquireLinkSeconds: z.number().int().min(10).max(600),
  /** Binds as transceiver and asks for delivery receipts. */
  deliveryReports: z.boolean(),
});
export type SmppSettings = z.infer<typeof SmppSettingsSchema>;

/** BR-4: Kannel's HTTP sendsms (smsbox). `maxParts` must equal the sendsms-user's `max-messages`. */
export const KannelSettingsSchema = z.strictObject({
  host: HostSchema,
  port: PortSchema,
  username: z.string().trim().min(1).max(64).regex(/^[\x21-\x7E]+$/),
  from: SenderSchema,
  numberFormat: NumberFormatSchema,
  maxParts: MaxPartsSchema,
  timeoutSeconds: SecondsSchema,
  /** Asks for delivery reports at a loopback endpoint of this app (only when Kannel runs on this machine). */
  deliveryReports: z.boolean(),
});
export type KannelSettings = z.infer<typeof KannelSettingsSchema>;

/** An absolute path (POSIX, `D:\...` or `\\server\share` on Windows), or empty for "not set". */
const BackupFolderSchema = z
  .string()
  .trim()
  .max(1000)
  .refine((s) => s === '' || (/^(?:\/|[A-Za-z]:[\\/]|\\\\)/.test(s) && !/[\0\n\r]/.test(s)), { message: 'INVALID_FORMAT' });

/** Whether a gateway password is stored; the password itself never leaves main. */
export const GatewayPasswordSetSchema = z.strictObject({ smpp: z.boolean(), kannel: z.boolean() });

/** Everything a supervisor can tune; defaults are the design's. */
export const SettingsSchema = z.strictObject({
  /** REG-2: the terms the applicant accepts, and their version (recorded with each registration). */
  termsVersion: plainText().min(1).max(20),
  termsText: multilineText().min(20).max(20000),
  idleLockMinutes: z.number().int().min(1).max(240),
  resetCooldownSeconds: z.number().int().min(0).max(86400),
  resetDailyCap: z.number().int().min(1).max(100),
  resetPasswordLifeHours: z.number().int().min(1).max(168),
  resetSmsDeadlineHours: z.number().int().min(1).max(168),
  initialPasswordLifeDays: z.number().int().min(1).max(365),
  /** A clerk's reset within this many hours after a mobile change needs a supervisor. */
  mobileChangeGuardHours: z.number().int().min(0).max(720),
  smsAdapter: z.enum(['file', 'smpp', 'kannel', 'none']),
  smpp: SmppSettingsSchema,
  kannel: KannelSettingsSchema,
  /** Read-only here: set by `sms:set-password` together with the sealed password. */
  gatewayPasswordSet: GatewayPasswordSetSchema,
  /** Backups: an absolute folder outside this PC (second disk, USB, network share); empty = no backups. */
  backupFolder: BackupFolderSchema,
  backupIntervalHours: z.number().int().min(1).max(168),
  backupKeep: z.number().int().min(1).max(365),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  termsVersion: '1',
  termsText: DEFAULT_TERMS_TEXT,
  idleLockMinutes: 10,
  resetCooldownSeconds: 120,
  resetDailyCap: 5,
  resetPasswordLifeHours: 24,
  resetSmsDeadlineHours: 24,
  initialPasswordLifeDays: 14,
  mobileChangeGuardHours: 24,
  smsAdapter: 'none',
  smpp: {
    host: '127.0.0.1',
    port: 2775,
    systemId: 'branchdesk',
    systemType: '',
    sourceAddress: 'BranchDesk',
    numberFormat: 'international',
    maxParts: 4,
    connectTimeoutSeconds: 10,
    submitTimeoutSeconds: 15,
    enquireLinkSeconds: 30,
    deliveryReports: false,
  },
  kannel: {
    host: '127.0.0.1',
    port: 13013,
    username: 'branchdesk',
    from: 'BranchDesk',
    numberFormat: 'national',
    maxParts: 4,
    timeoutSeconds: 15,
    deliveryReports: false,
  },
  gatewayPasswordSet: { smpp: false, kannel: false },
  backupFolder: '',
  backupIntervalHours: 6,
  backupKeep: 14,
};

/** What a supervisor may change: everything but the password flags (those follow `sms:set-password`). */
export const SettingsUpdateSchema = SettingsSchema.omit({ gatewayPasswordSet: true }).partial().strict();

export const settingsContract = {
  /** Supervisors read every setting. */
  'settings:get': channel({ role: 'supervisor', input: z.strictObject({}), output: SettingsSchema }),
  /** Supervisors change settings; each change is audited. */
  'settings:update': channel({ role: 'supervisor', input: SettingsUpdateSchema, output: SettingsSchema }),
  /** REG-2: the current terms text for the registration screen. */
  'settings:terms': channel({
    role: 'staff',
    input: z.strictObject({}),
    output: z.strictObject({ version: z.string(), text: z.string() }),
  }),
};
