import { z } from 'zod';
import { SEALED_NAMES, type KeyStore, type SealedName } from '../core/secrets';

/**
 * What a backup says about itself, encrypted inside the file: when, by which version, from which
 * schema, the SHA-256 of the database bytes, how many accounts and where the audit chain stood.
 */
export const ManifestSchema = z.strictObject({
  format: z.literal(1),
  createdAt: z.string(),
  appVersion: z.string(),
  engine: z.enum(['sqlite', 'postgresql']),
  /** The last migration the database had applied. */
  schema: z.string(),
  migrations: z.array(z.string()),
  accounts: z.number().int().nonnegative(),
  audit: z.strictObject({ lastId: z.number().int().nonnegative(), head: z.string() }),
  database: z.strictObject({ bytes: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
  keys: z.strictObject({ bytes: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
});
export type Manifest = z.infer<typeof ManifestSchema>;

/**
 * The keys a restored database cannot live without travel inside the encrypted body: the audit
 * key (or the chain can never be verified again) and the outbox key, with the station's sealed
 * blobs. The backup key itself does not: a restore re-derives it from the passphrase.
 */
const KeysSchema = z.strictObject({
  keys: z.strictObject({ audit: z.string(), outbox: z.string() }),
  sealed: z.partialRecord(z.enum(SEALED_NAMES), z.string()),
});
export type KeyBundle = z.infer<typeof KeysSchema>;

const CARRIED: SealedName[] = SEALED_NAMES.filter((n) => n !== 'backup-key');

export function bundleKeys(keys: KeyStore): Buffer {
  const sealed: Partial<Record<SealedName, string>> = {};
  for (const name of CARRIED) {
    const blob = keys.readSealed(name);
    if (blob) sealed[name] = blob.toString('base64');
  }
  const bundle: KeyBundle = {
    keys: { audit: keys.key('audit').toString('base64'), outbox: keys.key('outbox').toString('base64') },
    sealed,
  };
  return Buffer.from(JSON.stringify(bundle), 'utf8');
}

export function parseKeyBundle(bytes: Buffer): KeyBundle | null {
  try {
    const r = KeysSchema.safeParse(JSON.parse(bytes.toString('utf8')));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}
