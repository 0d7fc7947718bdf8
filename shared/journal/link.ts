/**
 * The live link between a branch and headquarters (issue 9, LINK-PROTOCOL.md): the shapes on the
 * wire, the registry's signed pages and file, the headquarters key's text, and what is signed.
 * Signing and verifying happen in the callers (node:crypto); this file only fixes shapes and bytes.
 */
import { z } from 'zod';
import { parseCanonical } from './batch';
import { canonicalJson } from './canonical-json';
import { BranchCode, StationNumber, Username, UtcTime } from './primitives.schema';
import { JOURNAL_REFUSAL_CODES, type JournalRefusalCode } from './refusals';
import { ed25519KeyRefusal } from './station-slip';

/** Live batches are cut small, so one is quick to send and to apply. */
export const LIVE_BATCH_MAX_ENTRIES = 1000;
/** A POST body larger than this is answered 413 (OVERSIZED) and the connection closed. */
export const LINK_MAX_REQUEST_BYTES = 20 * 1024 * 1024;
/** A registry request signed more than this far from headquarters' clock is STALE_REQUEST. */
export const REGISTRY_REQUEST_MAX_SKEW_MS = 5 * 60 * 1000;
export const REGISTRY_PAGE_DEFAULT_LIMIT = 10_000;
export const REGISTRY_PAGE_MAX_LIMIT = 50_000;

export const LINK_PATHS = { batches: '/v1/batches', registry: '/v1/registry' } as const;
export const REGISTRY_HEADERS = { station: 'x-desk-station', time: 'x-desk-time', signature: 'x-desk-signature' } as const;

/** One line of base64 (a signature, a key); at most `max` characters. */
const Base64 = (max: number) => z.string().max(max).regex(/^[A-Za-z0-9+/]+={0,2}$/);
const SIGNATURE = Base64(200);

// ---------------------------------------------------------------------------------------------
// POST /v1/batches

/** The request: the manifest's exact signed text, the station's signature over it, the body text. */
export const BatchPostSchema = z
  .object({
    manifest: z.string().max(16 * 1024),
    signature: z.string().max(1024),
    body: z.string().max(LINK_MAX_REQUEST_BYTES),
  })
  .strict();
export type BatchPost = z.infer<typeof BatchPostSchema>;

export const LinkRefusalSchema = z
  .object({
    code: z.enum(JOURNAL_REFUSAL_CODES),
    detail: z.string().max(4000),
    expected: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
  })
  .strict();

/** 200: accepted now or before (`already`), with the ack text and headquarters' signature over it. */
export const BatchAckedSchema = z
  .object({ status: z.enum(['accepted', 'already']), ack: z.string().max(4096), ackSignature: SIGNATURE })
  .strict();
/** 409 (a refusal of the batch), 400 (MALFORMED request), 413 (OVERSIZED request). */
export const BatchRefusedSchema = z.object({ status: z.literal('refused'), refusal: LinkRefusalSchema }).strict();
export const BatchPostResponseSchema = z.union([BatchAckedSchema, BatchRefusedSchema]);
export type BatchPostResponse = z.infer<typeof BatchPostResponseSchema>;
/** 503: headquarters' database is down; the branch retries later. */
export const UnavailableSchema = z.object({ status: z.literal('unavailable') }).strict();

/**
 * The refusals after which the branch stops its link and raises the red alarm (no retry until a
 * supervisor resumes): everything but SEQUENCE_GAP, which is answered by resending from
 * `expected`. OVERSIZED stops too: resending the same batch could never succeed.
 */
export const LINK_REFUSAL_STOPS: readonly JournalRefusalCode[] = JOURNAL_REFUSAL_CODES.filter((c) => c !== 'SEQUENCE_GAP');

// ---------------------------------------------------------------------------------------------
// GET /v1/registry

export const REGISTRY_FORMAT = 'hq-registry/1';
export const REGISTRY_FILE_FORMAT = 'hq-registry-file/1';
export const REGISTRY_REFUSAL_CODES = ['UNKNOWN_STATION', 'BAD_SIGNATURE', 'STALE_REQUEST'] as const;
export type RegistryRefusalCode = (typeof REGISTRY_REFUSAL_CODES)[number];
/** 401 to a registry request. */
export const RegistryRefusedSchema = z
  .object({ status: z.literal('refused'), refusal: z.object({ code: z.enum(REGISTRY_REFUSAL_CODES), detail: z.string().max(4000) }).strict() })
  .strict();

const Version = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** One username as headquarters knows it: the branch that registered it first, and whether it is live there. */
export const RegistryEntrySchema = z
  .object({
    username: Username,
    branch: BranchCode,
    station: StationNumber,
    registeredAt: UtcTime,
    active: z.boolean(),
    version: Version.min(1),
  })
  .strict();
export type RegistryEntry = z.infer<typeof RegistryEntrySchema>;

/** One page of changes: every entry with fromVersion < version <= toVersion, in version order. */
export const RegistryDeltaSchema = z
  .object({
    format: z.literal(REGISTRY_FORMAT),
    fromVersion: Version,
    toVersion: Version,
    hasMore: z.boolean(),
    publishedAt: UtcTime,
    entries: z.array(RegistryEntrySchema).max(REGISTRY_PAGE_MAX_LIMIT),
  })
  .strict()
  .refine((d) => d.toVersion >= d.fromVersion, { message: 'toVersion is before fromVersion', path: ['toVersion'] })
  .refine((d) => d.entries.every((e, i) => e.version > (i === 0 ? d.fromVersion : (d.entries[i - 1] as RegistryEntry).version) && e.version <= d.toVersion), {
    message: 'entries are not in version order within fromVersion < version <= toVersion',
    path: ['entries'],
  });
export type RegistryDelta = z.infer<typeof RegistryDeltaSchema>;

/** The exact text that headquarters signs and the branch verifies. */
export const registryDeltaText = (d: RegistryDelta): string => canonicalJson(d);
/** A delta's text → the delta, or why not (never throws; the text must be canonical). */
export const parseRegistryDeltaText = (text: string) => parseCanonical(RegistryDeltaSchema, text);

/** What GET /v1/registry answers, and one page of a registry file. */
export const RegistryPageSchema = z.object({ delta: z.string(), signature: SIGNATURE }).strict();
export type RegistryPage = z.infer<typeof RegistryPageSchema>;

/** `registry-export` writes this for a branch with no line. */
export const RegistryFileSchema = z.object({ format: z.literal(REGISTRY_FILE_FORMAT), pages: z.array(RegistryPageSchema) }).strict();
export type RegistryFile = z.infer<typeof RegistryFileSchema>;

/** The bytes a station signs for a registry request (`limit` is not signed). */
export function registryRequestSigningText(since: number, time: string): string {
  return `GET ${LINK_PATHS.registry}?since=${since}\n${time}`;
}

/** The `x-desk-station` value: `<branch>-<2-digit station>`. */
export const stationHeaderValue = (branch: string, station: number): string => `${branch}-${String(station).padStart(2, '0')}`;

export function parseStationHeader(value: string): { branch: string; station: number } | null {
  const m = /^([0-9]{4})-([0-9]{2})$/.exec(value);
  if (!m || m[2] === '00') return null;
  return { branch: m[1] as string, station: Number(m[2]) };
}

// ---------------------------------------------------------------------------------------------
// The headquarters key

export const HQ_KEY_FORMAT = 'hq-key/1';
const HQ_KEY = /^hq-key\/1;key=([A-Za-z0-9+/=]+)$/;

/** `hq-key/1;key=<base64 SPKI DER>`: what `hq keygen` prints and a branch pins. */
export const formatHqKeyText = (derBase64: string): string => `${HQ_KEY_FORMAT};key=${derBase64}`;

/** The headquarters key in pasted text (surrounding spaces and line breaks ignored), or why not. */
export function parseHqKeyText(text: string): { ok: true; keyDerBase64: string } | { ok: false; problem: string } {
  const m = HQ_KEY.exec(text.trim());
  if (!m) return { ok: false, problem: `not a headquarters key (expected ${HQ_KEY_FORMAT};key=…)` };
  const key = m[1] as string;
  const refused = ed25519KeyRefusal(key);
  if (refused) return { ok: false, problem: refused };
  return { ok: true, keyDerBase64: key };
}
