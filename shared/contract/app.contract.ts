import { z } from 'zod';
import { BackupStatusSchema } from './backups.contract';
import { channel } from './define';
import { HqLinkStatusSchema } from './hq-link.contract';

export const GatewayStateSchema = z.enum(['online', 'offline', 'unknown']);

export const AppStatusSchema = z.strictObject({
  version: z.string(),
  mode: z.enum(['electron', 'browser']),
  database: z.strictObject({ ready: z.boolean(), engine: z.enum(['sqlite', 'postgresql']) }),
  sms: z.strictObject({
    adapter: z.enum(['file', 'smpp', 'kannel', 'none']),
    state: GatewayStateSchema,
    queued: z.number().int().nonnegative(),
  }),
  trainingMode: z.boolean(),
  setupDone: z.boolean(),
  /** Backups: the age of the last good backup, red after 24 h or when the folder is unreachable. */
  backup: BackupStatusSchema,
  /** Issue 9: the live link to headquarters: online / offline / stopped (alarm), how far behind. */
  hq: HqLinkStatusSchema,
  /** Issue 11 item 3: the row work an upgrade left for after the start, still going (N%). */
  upgrade: z.strictObject({ pending: z.boolean(), percent: z.number().int().min(0).max(100) }),
  sessionKind: z.enum(['staff', 'kiosk']),
  /**
   * Which snapshot this is: `boot` names the process that made it, `seq` counts the snapshots it
   * began (every read for this one came after its start). The page gets status two ways (its own
   * calls, main's pushes) with no order between them; of one process's snapshots it keeps the
   * later-begun one, and every change main pushes starts a new one.
   */
  snapshot: z.strictObject({ boot: z.string().min(1).max(64), seq: z.number().int().positive() }),
});
export type AppStatus = z.infer<typeof AppStatusSchema>;

/**
 * What the citizen's kiosk may know of the app: whether it is the training copy and whether an
 * upgrade is still going — never the gateway, database, queue, backups or the headquarters link.
 */
export const KioskStatusSchema = AppStatusSchema.pick({ version: true, mode: true, trainingMode: true, upgrade: true, snapshot: true });
export type KioskStatus = z.infer<typeof KioskStatusSchema>;

/** The kiosk's part of a status (KioskStatusSchema's keys only). */
export function kioskStatusOf({ version, mode, trainingMode, upgrade, snapshot }: Omit<AppStatus, 'sessionKind'>): KioskStatus {
  return { version, mode, trainingMode, upgrade, snapshot };
}

export const appContract = {
  /** The status bar: version, mode, database and SMS gateway state (BR-4 shows online/offline). */
  'app:status': channel({ role: 'public', only: 'staff', input: z.strictObject({}), output: AppStatusSchema }),
  /** The kiosk's own: its session is valid, and what of the app it shows (KioskStatusSchema). */
  'portal:status': channel({ role: 'kiosk', input: z.strictObject({}), output: KioskStatusSchema }),
};
