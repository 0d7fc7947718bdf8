/** Headquarters' registry as a test makes it: a key pair, signed pages, a registry file, the key pinned at a branch. */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { formatHqKeyText, REGISTRY_FILE_FORMAT, REGISTRY_FORMAT, registryDeltaText, type RegistryEntry, type RegistryPage } from '../../shared/journal';
import type { Session } from '../../src-main/ipc/sessions';
import type { TestApp } from './app';
import { makeTestCert, type TestCert } from './tls';

export interface HqKey {
  privateKey: KeyObject;
  /** `hq-key/1;key=…`, as `hq keygen` prints it and Settings → Headquarters pins it. */
  text: string;
}

export function hqKey(): HqKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey, text: formatHqKeyText(publicKey.export({ format: 'der', type: 'spki' }).toString('base64')) };
}

let ca: TestCert | undefined;

/**
 * The supervisor pins headquarters' key in Settings → Headquarters (with a URL and a CA made by
 * openssl: the form asks for all three; nothing listens at the default URL).
 */
export async function pinHqKey(app: TestApp, supervisor: Session, key: HqKey, link: { url: string; caPem: string } | null = null): Promise<void> {
  ca ??= makeTestCert();
  await app.ok(supervisor, 'hq:link-settings-save', { url: link?.url ?? 'https://127.0.0.1:9', caPem: link?.caPem ?? ca.certPem, hqKeyText: key.text });
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
