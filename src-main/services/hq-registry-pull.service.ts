import { isAppError } from '../../shared/errors';
import { LINK_PATHS, REGISTRY_HEADERS, RegistryPageSchema, registryRequestSigningText, stationHeaderValue } from '../../shared/journal';
import type { HqClient } from '../core/hq-client';
import { logger } from '../core/log';
import { signWithStationKey } from '../core/station-key';
import { readRegistryState } from '../db/hq-registry.repo';
import type { ServiceEnv } from './env';
import { applyRegistryPage } from './hq-registry.service';
import type { Station } from './journal-export.service';

const log = logger('hq-registry');

/** Entries asked for per page, and the most pages one pull takes before it yields to the push. */
const PAGE_LIMIT = 10_000;
const MAX_PAGES_PER_PULL = 200;
/** A page of PAGE_LIMIT entries is about 1.5 MB; the answer is cut off well above that. */
const MAX_PAGE_BYTES = 16 * 1024 * 1024;

export type PullOutcome = { kind: 'done'; version: number; pages: number } | { kind: 'unreachable' | 'refused' | 'bad-page'; detail: string };

/**
 * Issue 9: the registry down the link — GET /v1/registry?since=<the copy's version>, signed with
 * the station key (LINK-PROTOCOL.md), page after page while headquarters has more. Each page is
 * verified with the pinned headquarters key and applied in its own transaction; a page that does
 * not verify or chain applies nothing and ends the pull (audited by the apply). The link calls
 * this after each pass that reached headquarters, so the copy follows every acknowledged push.
 */
export async function pullRegistry(env: ServiceEnv, client: HqClient, station: Station): Promise<PullOutcome> {
  let pages = 0;
  for (;;) {
    const since = (await readRegistryState(env.db)).version;
    // Headquarters compares this time with its own clock (5 minutes), so it is the machine's time.
    const time = new Date().toISOString();
    const signature = signWithStationKey(env.keys, Buffer.from(registryRequestSigningText(since, time), 'utf8'));
    const res = await client.request({
      method: 'GET',
      path: `${LINK_PATHS.registry}?since=${since}&limit=${PAGE_LIMIT}`,
      headers: { [REGISTRY_HEADERS.station]: stationHeaderValue(station.branch, station.number), [REGISTRY_HEADERS.time]: time, [REGISTRY_HEADERS.signature]: signature },
      maxResponseBytes: MAX_PAGE_BYTES,
    });
    if (!res.ok) return { kind: 'unreachable', detail: res.reason };
    if (res.status !== 200) {
      log.warn(`registry pull answered HTTP ${res.status}`);
      return { kind: 'refused', detail: `HTTP ${res.status}: ${res.text.slice(0, 200)}` };
    }
    const page = RegistryPageSchema.safeParse(res.json);
    try {
      if (!page.success) return { kind: 'bad-page', detail: 'not a registry page' };
      const applied = await applyRegistryPage(env, page.data);
      pages++;
      if (!applied.hasMore || pages >= MAX_PAGES_PER_PULL || applied.version === since) return { kind: 'done', version: applied.version, pages };
    } catch (e) {
      if (!isAppError(e)) throw e;
      log.error(`registry page from headquarters refused (${e.code})`);
      return { kind: 'bad-page', detail: e.code };
    }
  }
}
