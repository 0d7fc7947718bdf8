/** Headquarters' registry as a test makes it: a key pair, signed pages, a registry file, the key pinned at a branch. */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { formatHqKeyText, REGISTRY_FILE_FORMAT, REGISTRY_FORMAT, registryDeltaText, type RegistryEntry, type RegistryPage } from '../../shared/journal';
import { writeTransaction } from '../../src-main/db/connection';
import { writeSetting } from '../../src-main/db/settings.repo';
import type { TestApp } from './app';

export interface HqKey {
  privateKey: KeyObject;
  /** `hq-key/1;key=…`, as `hq keygen` prints it and Settings → Headquarters pins it. */
  text: string;
}

export function hqKey(): HqKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey, text: formatHqKeyText(publicKey.export({ format: 'der', type: 'spki' }).toString('base64')) };
}

/** The `hq` settings row (LINK-PROTOCOL.md) as the supervisor's Settings → Headquarters form writes it. */
export async function pinHqKey(app: TestApp, key: HqKey | string): Promise<void> {
  const publicKey = typeof key === 'string' ? key : key.text;
  await writeTransaction(app.ctx.db, (tx) => writeSetting(tx, 'hq', { url: '', caCert: '', publicKey }, app.clock.now().toISOString()));
}

/** A registry entry: a username registered live at `branch` (station 1) unless told otherwise. */
export function entry(username: string, branch: string, version: number, over: Partial<RegistryEntry> = {}): RegistryEntry {
  return { username, branch, station: 1, registeredAt: '2026-11-20T08:00:00.000Z', active: true, version, ...over };
}

/** One signed page; versions default to just around its entries. */
export function registryPage(
  key: HqKey,
  entries: RegistryEntry[],
  over: { fromVersion?: number; toVersion?: number; hasMore?: boolean; publishedAt?: string } = {},
): RegistryPage {
  const fromVersion = over.fromVersion ?? 0;
  const toVersion = over.toVersion ?? Math.max(fromVersion, ...entries.map((e) => e.version));
  const delta = registryDeltaText({
    format: REGISTRY_FORMAT,
    fromVersion,
    toVersion,
    hasMore: over.hasMore ?? false,
    publishedAt: over.publishedAt ?? '2026-11-25T06:00:00.000Z',
    entries,
  });
  return { delta, signature: sign(null, Buffer.from(delta), key.privateKey).toString('base64') };
}

/** A registry file as `hq registry-export` writes it. */
export const registryFileText = (pages: RegistryPage[]): string => JSON.stringify({ format: REGISTRY_FILE_FORMAT, pages });
