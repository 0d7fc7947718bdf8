import { createPublicKey } from 'node:crypto';
import type { HqLinkSettingsInput, HqLinkSettingsView } from '../../shared/contract/hq-link.contract';
import { AppError } from '../../shared/errors';
import { groupFingerprint, parseHqKeyText, stationFingerprintDigits } from '../../shared/journal';
import { parseCaPem, type HqEndpoint } from '../core/hq-client';
import { sha256 } from '../core/station-key';
import { cachedSettings, readSettings, writeSetting } from '../db/settings.repo';
import type { Q } from '../db/types';
import { audit, inTx, type Actor, type ServiceEnv } from './env';

/** The settings table's key for Settings → Headquarters (not a general setting: saved only through here, checked). */
const KEY = 'hq.link';

/** What the link (and the registry pull) needs: where headquarters is, whom to trust, whose signatures to accept. */
export interface HqLinkConfig extends HqEndpoint {
  hqKeyText: string;
  /** Headquarters' Ed25519 public key, SPKI DER: it signs every acknowledgement and registry page. */
  hqKeyDer: Buffer;
}

/** `hq-key/1;key=<base64 SPKI DER>` → the DER of an Ed25519 public key, or null. */
function hqKeyDerOf(text: string): Buffer | null {
  const parsed = parseHqKeyText(text);
  if (!parsed.ok) return null;
  const der = Buffer.from(parsed.keyDerBase64, 'base64');
  try {
    return createPublicKey({ key: der, format: 'der', type: 'spki' }).asymmetricKeyType === 'ed25519' ? der : null;
  } catch {
    return null;
  }
}

interface Stored {
  url: string;
  caPem: string;
  hqKeyText: string;
}

function isStored(v: unknown): v is Stored {
  const o = v as Partial<Stored> | null;
  return !!o && typeof o.url === 'string' && typeof o.caPem === 'string' && typeof o.hqKeyText === 'string';
}

/** The link's settings of each cached copy of the settings table (no key parse per pass). */
const configs = new WeakMap<object, HqLinkConfig | null>();

function configOf(settings: Readonly<Record<string, unknown>>): HqLinkConfig | null {
  let config = configs.get(settings);
  if (config === undefined) {
    const stored = settings[KEY];
    const hqKeyDer = isStored(stored) ? hqKeyDerOf(stored.hqKeyText) : null;
    config = isStored(stored) && hqKeyDer ? { url: stored.url, caPem: stored.caPem, hqKeyText: stored.hqKeyText, hqKeyDer } : null;
    configs.set(settings, config);
  }
  return config;
}

/** Issue 9: the headquarters link's settings, or null while a supervisor has not set them. */
export async function readHqLinkConfig(q: Q): Promise<HqLinkConfig | null> {
  return configOf(await readSettings(q));
}

/**
 * Issue 9: whether a link is configured, from main's fresh copy of the settings only (undefined
 * when it holds none: the copy is dropped on every settings write and lives 5 s) — never a read.
 */
export function hqLinkConfiguredNow(q: Q): boolean | undefined {
  const settings = cachedSettings(q);
  return settings && configOf(settings) !== null;
}

const fingerprintOf = (der: Buffer) => groupFingerprint(stationFingerprintDigits(sha256(der)));

/** Settings → Headquarters as the supervisor sees it, with what to check by eye or by phone. */
export async function hqLinkSettingsView(q: Q): Promise<HqLinkSettingsView> {
  const c = await readHqLinkConfig(q);
  if (!c) return { configured: false, url: '', caPem: '', hqKeyText: '', caSubject: null, caValidTo: null, hqKeyFingerprint: null };
  const ca = parseCaPem(c.caPem);
  return {
    configured: true,
    url: c.url,
    caPem: c.caPem,
    hqKeyText: c.hqKeyText,
    caSubject: ca?.subject.replace(/\n/g, ', ') ?? null,
    caValidTo: ca ? new Date(ca.validTo).toISOString() : null,
    hqKeyFingerprint: fingerprintOf(c.hqKeyDer),
  };
}

/**
 * Issue 9: a supervisor sets where headquarters is, the one certificate authority the link trusts
 * (pinned) and headquarters' public key (every acknowledgement must verify with it). The shapes
 * are checked by the contract; here the certificate must parse and the key must be Ed25519.
 * Audited with the fingerprints, never the texts.
 */
export async function saveHqLinkSettings(env: ServiceEnv, actor: Actor, input: HqLinkSettingsInput): Promise<HqLinkSettingsView> {
  const ca = parseCaPem(input.caPem);
  if (!ca) throw new AppError('HQ_CA_INVALID');
  const der = hqKeyDerOf(input.hqKeyText);
  if (!der) throw new AppError('HQ_KEY_INVALID');
  const stored: Stored = { url: input.url.replace(/\/$/, ''), caPem: `${input.caPem.trim()}\n`, hqKeyText: input.hqKeyText.trim() };
  await inTx(env, async (tx) => {
    await writeSetting(tx, KEY, stored, env.clock.now().toISOString());
    await audit(tx, env, actor, {
      action: 'hq.link-settings',
      details: { url: stored.url, caSha256: ca.fingerprint256, hqKeyFingerprint: fingerprintOf(der) },
    });
  });
  return hqLinkSettingsView(env.db);
}
