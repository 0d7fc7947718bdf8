/**
 * GET /v1/registry?since=VERSION[&limit=N] (LINK-PROTOCOL.md): the registry's changes after
 * `since`, one page signed with headquarters' key. Only a registered station may read it: it
 * signs the path and the time with its key (x-desk-* headers), and a time more than five
 * minutes off is refused, so a captured request is soon useless.
 */
import type http from 'node:http';
import {
  REGISTRY_FORMAT,
  REGISTRY_HEADERS,
  REGISTRY_PAGE_DEFAULT_LIMIT,
  REGISTRY_PAGE_MAX_LIMIT,
  REGISTRY_REQUEST_MAX_SKEW_MS,
  type RegistryDelta,
  type RegistryPage,
  type RegistryRefusalCode,
  parseStationHeader,
  registryDeltaText,
  registryRequestSigningText,
} from '../../shared/journal';
import { UtcTime } from '../../shared/journal/primitives.schema';
import { type HqClient, type HqPool, withPooled } from '../db/connection';
import { registryPage } from '../db/registry.repo';
import { findStation } from '../db/stations.repo';
import { checkSignature } from '../ingest/check-batch';
import { BatchRefused } from '../ingest/refusal';
import type { RouteAnswer } from './batches.route';
import type { Gate } from './gate';
import { type HqKey, signText } from './hq-key';

export interface RegistryRouteContext {
  pool: HqPool;
  key: HqKey;
  gate: Gate;
  now: () => Date;
}

const VERSION = /^(0|[1-9][0-9]{0,15})$/;

const refused = (code: RegistryRefusalCode, detail: string): RouteAnswer => ({ status: 401, body: { status: 'refused', refusal: { code, detail } } });

/** `since` and `limit` from the query, or why not. */
function parseQuery(search: URLSearchParams): { since: number; limit: number } | string {
  const since = search.get('since');
  if (since === null || !VERSION.test(since) || !Number.isSafeInteger(Number(since))) return 'since must be a version number (0 or more)';
  const limitText = search.get('limit');
  if (limitText === null) return { since: Number(since), limit: REGISTRY_PAGE_DEFAULT_LIMIT };
  const limit = Number(limitText);
  if (!VERSION.test(limitText) || limit < 1 || limit > REGISTRY_PAGE_MAX_LIMIT) return `limit must be 1–${REGISTRY_PAGE_MAX_LIMIT}`;
  return { since: Number(since), limit };
}

const header = (req: http.IncomingMessage, name: string): string => {
  const v = req.headers[name];
  return typeof v === 'string' ? v : '';
};

/** Null when the request is signed by a registered station at about now; else the 401. */
async function authenticate(client: HqClient, req: http.IncomingMessage, since: number, now: Date): Promise<RouteAnswer | null> {
  const who = parseStationHeader(header(req, REGISTRY_HEADERS.station));
  if (!who) return refused('UNKNOWN_STATION', `${REGISTRY_HEADERS.station} must be <branch>-<2-digit station>`);
  const time = header(req, REGISTRY_HEADERS.time);
  if (!UtcTime.safeParse(time).success) return refused('STALE_REQUEST', `${REGISTRY_HEADERS.time} must be an ISO UTC time`);
  const station = await findStation(client, who.branch, who.station);
  if (!station) return refused('UNKNOWN_STATION', `station ${who.station} of branch ${who.branch} is not registered`);
  try {
    checkSignature(Buffer.from(registryRequestSigningText(since, time), 'utf8'), header(req, REGISTRY_HEADERS.signature), station.publicKey);
  } catch (e) {
    if (!(e instanceof BatchRefused)) throw e;
    return refused('BAD_SIGNATURE', "the request's signature does not verify with the key registered for this station");
  }
  if (Math.abs(Date.parse(time) - now.getTime()) > REGISTRY_REQUEST_MAX_SKEW_MS) {
    return refused('STALE_REQUEST', `the request was signed at ${time}; headquarters' time is ${now.toISOString()} (more than 5 minutes apart)`);
  }
  return null;
}

/** One signed page of the registry: entries with fromVersion < version <= toVersion. */
export async function signedRegistryPage(
  client: HqClient,
  key: HqKey,
  since: number,
  limit: number,
  now: Date,
): Promise<{ page: RegistryPage; delta: RegistryDelta }> {
  const page = await registryPage(client, since, limit);
  const delta: RegistryDelta = {
    format: REGISTRY_FORMAT,
    fromVersion: since,
    toVersion: page.toVersion,
    hasMore: page.hasMore,
    publishedAt: now.toISOString(),
    entries: page.entries,
  };
  const text = registryDeltaText(delta);
  return { page: { delta: text, signature: signText(key, text) }, delta };
}

export async function getRegistry(ctx: RegistryRouteContext, req: http.IncomingMessage, search: URLSearchParams): Promise<RouteAnswer> {
  const query = parseQuery(search);
  if (typeof query === 'string') return { status: 400, body: { status: 'refused', refusal: { code: 'MALFORMED', detail: query } } };
  return ctx.gate.run(() =>
    withPooled(ctx.pool, async (client) => {
      const now = ctx.now();
      const denied = await authenticate(client, req, query.since, now);
      if (denied) return denied;
      return { status: 200, body: (await signedRegistryPage(client, ctx.key, query.since, query.limit, now)).page };
    }),
  );
}
