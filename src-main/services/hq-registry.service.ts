import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { AppError } from '../../shared/errors';
import { branchLabelFa } from '../../shared/i18n/fa-messages';
import { RegistryDeltaSchema, RegistryFileSchema, type RegistryDelta, type RegistryPage } from '../../shared/journal';
import {
  findRegistryRecord,
  lockRegistryState,
  readRegistryState,
  upsertRegistryRecords,
  writeRegistryState,
  type RegistryRecord,
  type RegistryState,
} from '../db/hq-registry.repo';
import { findBranchByCode } from '../db/reference.repo';
import type { Q, WriteTx } from '../db/types';
import { audit, inTx, SYSTEM_ACTOR, type Actor, type ServiceEnv } from './env';
import { readHqLinkConfig } from './hq-link-settings.service';

/**
 * A registry file is at most this big; a bigger one is refused unread. Pages are bounded (50,000
 * entries) but their number is not, so the bound is on usernames: a page of `hq registry-export`
 * takes about 147 bytes a username (measured on 10,000 entries: each delta is JSON inside JSON,
 * signature included), so 480 MiB holds about 3.4 million — over three times the million the
 * import was measured with (about a minute). The file is parsed as one string, which V8 caps at
 * 2^29 − 24 characters (just under 512 MiB): the bound stays below that, so a file within it can
 * always be read (the earlier 512 MiB could not).
 */
export const MAX_REGISTRY_FILE_BYTES = 480 * 1024 * 1024;

/** Headquarters' public key pinned in Settings → Headquarters: nothing from headquarters is trusted without it. */
export async function pinnedHqKey(q: Q): Promise<KeyObject> {
  const config = await readHqLinkConfig(q);
  if (!config) throw new AppError('HQ_KEY_NOT_SET');
  return createPublicKey({ key: config.hqKeyDer, format: 'der', type: 'spki' });
}

/** A page whose signature holds; its content is parsed later, page by page (`parsePage`). */
function checkSignature(key: KeyObject, page: RegistryPage, n: number): void {
  let good = false;
  try {
    good = verify(null, Buffer.from(page.delta, 'utf8'), key, Buffer.from(page.signature, 'base64'));
  } catch {
    good = false;
  }
  if (!good) throw new AppError('REGISTRY_BAD_SIGNATURE', { page: n });
}

/**
 * A page's delta against the protocol's schema. Only called once the page's signature has been
 * verified over these exact bytes with headquarters' key, so they are headquarters' own: the
 * canonical-form re-serialisation of parseRegistryDeltaText (one byte form for what both sides
 * hash) would prove nothing more here, and it is the larger part of the cost on a million entries.
 */
function parsePage(page: RegistryPage, n: number): RegistryDelta {
  let raw: unknown;
  try {
    raw = JSON.parse(page.delta);
  } catch {
    throw new AppError('REGISTRY_INVALID', { page: n });
  }
  const parsed = RegistryDeltaSchema.safeParse(raw);
  if (!parsed.success) throw new AppError('REGISTRY_INVALID', { page: n });
  return parsed.data;
}

const toRecords = (d: RegistryDelta): RegistryRecord[] =>
  d.entries.map((e) => ({ username: e.username, branchCode: e.branch, stationNumber: e.station, registeredAt: e.registeredAt, active: e.active, version: e.version }));

export interface RegistryApplied {
  /** The version the copy is at now, and what it was. */
  version: number;
  previousVersion: number;
  /** Pages and entries read (an entry already in the copy at that version changes nothing). */
  pages: number;
  entries: number;
  publishedAt: string | null;
  /** The last page says headquarters has more after it (ask again from `version`). */
  hasMore: boolean;
}

/**
 * Applies verified pages in the caller's transaction. Pages chain: the first starts at or before
 * the copy's version (0 for a whole registry), each next one where the previous ended; a row is
 * replaced only by a newer version, so an overlap or a repeat changes nothing. A page that starts
 * past the copy's version would leave a hole: refused.
 */
async function applyPages(
  tx: WriteTx,
  pages: readonly RegistryPage[],
  firstPageNumber: number,
  source: 'link' | 'file',
  now: Date,
): Promise<RegistryApplied> {
  const state = await lockRegistryState(tx);
  let next: RegistryState = { ...state };
  let entries = 0;
  let chainAt: number | null = null;
  let hasMore = false;
  for (const [i, page] of pages.entries()) {
    const n = firstPageNumber + i;
    const d = parsePage(page, n);
    if (chainAt === null ? d.fromVersion > state.version : d.fromVersion !== chainAt) {
      throw new AppError('REGISTRY_GAP', { from: d.fromVersion, version: chainAt ?? state.version, page: n });
    }
    chainAt = d.toVersion;
    hasMore = d.hasMore;
    await upsertRegistryRecords(tx, toRecords(d));
    entries += d.entries.length;
    if (d.toVersion >= next.version) next = { version: d.toVersion, publishedAt: d.publishedAt, receivedAt: now.toISOString(), source };
  }
  await writeRegistryState(tx, next);
  return { version: next.version, previousVersion: state.version, pages: pages.length, entries, publishedAt: next.publishedAt, hasMore };
}

/** The pages of a registry file (`hq registry-export`), or REGISTRY_INVALID; never throws anything else. */
function readRegistryFile(text: string): RegistryPage[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new AppError('REGISTRY_INVALID', { page: 0 });
  }
  const file = RegistryFileSchema.safeParse(raw);
  if (!file.success || file.data.pages.length === 0) throw new AppError('REGISTRY_INVALID', { page: 0 });
  return file.data.pages;
}

/**
 * Issue 9, a branch with no line: headquarters' registry file, brought on a USB stick. Every
 * page's signature is checked with the pinned headquarters key before anything is written, then
 * all pages are parsed, chained and applied in ONE transaction: a bad page anywhere applies
 * nothing (and is audited as refused).
 */
export async function importRegistryFile(env: ServiceEnv, actor: Actor, text: string): Promise<RegistryApplied> {
  if (Buffer.byteLength(text, 'utf8') > MAX_REGISTRY_FILE_BYTES) throw new AppError('REGISTRY_TOO_LARGE');
  try {
    const key = await pinnedHqKey(env.db);
    const pages = readRegistryFile(text);
    pages.forEach((p, i) => checkSignature(key, p, i + 1));
    return await inTx(env, async (tx) => {
      const r = await applyPages(tx, pages, 1, 'file', env.clock.now());
      await audit(tx, env, actor, {
        action: 'registry.imported',
        subjectType: 'registry',
        subjectId: String(r.version),
        details: { from: r.previousVersion, version: r.version, pages: r.pages, entries: r.entries },
      });
      return r;
    });
  } catch (e) {
    if (e instanceof AppError && e.code !== 'HQ_KEY_NOT_SET') await auditRefusal(env, actor, 'file', e);
    throw e;
  }
}

/**
 * Issue 9, over the link: one page headquarters answered to GET /v1/registry?since=<copy's
 * version>, verified and applied in its own transaction (pages of a long catch-up are kept as
 * they come; a bad page applies nothing of itself and stops the pull).
 */
export async function applyRegistryPage(env: ServiceEnv, page: RegistryPage): Promise<RegistryApplied> {
  try {
    const key = await pinnedHqKey(env.db);
    checkSignature(key, page, 1);
    return await inTx(env, async (tx) => {
      const r = await applyPages(tx, [page], 1, 'link', env.clock.now());
      if (r.version !== r.previousVersion) {
        await audit(tx, env, SYSTEM_ACTOR, {
          action: 'registry.pulled',
          subjectType: 'registry',
          subjectId: String(r.version),
          details: { from: r.previousVersion, version: r.version, entries: r.entries },
        });
      }
      return r;
    });
  } catch (e) {
    if (e instanceof AppError && e.code !== 'HQ_KEY_NOT_SET') await auditRefusal(env, SYSTEM_ACTOR, 'link', e);
    throw e;
  }
}

/** A refused registry (tampered, foreign, broken chain) is recorded: it may be an attack. */
async function auditRefusal(env: ServiceEnv, actor: Actor, source: 'link' | 'file', e: AppError): Promise<void> {
  await inTx(env, (tx) =>
    audit(tx, env, actor, { action: 'registry.refused', subjectType: 'registry', subjectId: source, details: { code: e.code, ...(e.details ?? {}) } }),
  );
}

export interface RegistryStatus extends RegistryState {
  /** Hours since headquarters published what the copy holds (null: no copy yet). */
  ageHours: number | null;
}

/** Where the branch's copy stands: what the ستاد screen shows, and the register screen when it is old. */
export async function registryStatus(env: ServiceEnv): Promise<RegistryStatus> {
  const s = await readRegistryState(env.db);
  const asOf = s.publishedAt ?? s.receivedAt;
  const ageHours = asOf ? Math.max(0, Math.round(((env.clock.now().getTime() - new Date(asOf).getTime()) / 3600_000) * 10) / 10) : null;
  return { ...s, ageHours };
}

/**
 * REG-5 across branches: the username's live registration at ANOTHER branch in the copy, as the
 * refusal's details (the branch's name from the branch list when it is known), or null.
 */
export async function registeredElsewhere(q: Q, ownBranchCode: string, username: string): Promise<{ branchCode: string; branch: string } | null> {
  const r = await liveElsewhere(q, ownBranchCode, username);
  return r ? { branchCode: r.branchCode, branch: await branchLabel(q, r.branchCode) } : null;
}

/** The copy's record of a username live at a branch other than `ownBranchCode`, or null. */
export async function liveElsewhere(q: Q, ownBranchCode: string | null, username: string): Promise<RegistryRecord | null> {
  const r = await findRegistryRecord(q, username);
  return r && r.active && r.branchCode !== ownBranchCode ? r : null;
}

/** A username headquarters knows at all (any branch, live or voided): an identifier number that was used. */
export async function knownToHq(q: Q, username: string): Promise<{ branchCode: string; branch: string } | null> {
  const r = await findRegistryRecord(q, username);
  return r ? { branchCode: r.branchCode, branch: await branchLabel(q, r.branchCode) } : null;
}

/** A branch as refusals name it: its name from the branch list with its code, or the code alone. */
export async function branchLabel(q: Q, code: string): Promise<string> {
  return branchLabelFa(code, (await findBranchByCode(q, code))?.name ?? null);
}
