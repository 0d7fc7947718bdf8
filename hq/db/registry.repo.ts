/**
 * Headquarters' registry (hq migration 0002): which branch holds each username, versioned so
 * branches pull only what changed. Writers take one advisory lock for the rest of their
 * transaction, so versions are handed out and committed in order: a reader never sees version
 * n+1 before n.
 */
import type { RegistryEntry } from '../../shared/journal';
import type { HqClient } from './connection';

/** Any constant: the advisory lock that orders registry writers. */
const REGISTRY_LOCK = 724_002;

/**
 * REGISTRY: re-derives the rows of `usernames` (those an ingest just touched) from hq_accounts,
 * set-based, in the caller's transaction. A username's row stays with the branch that holds it
 * while it is live there; a branch where it is live takes over a voided row; a new username goes
 * to the branch that registered it first. Each changed row takes the next version. Returns how
 * many rows changed.
 */
export async function updateRegistry(client: HqClient, usernames: readonly string[]): Promise<number> {
  if (usernames.length === 0) return 0;
  await client.query('SELECT pg_advisory_xact_lock($1)', [REGISTRY_LOCK]);
  const r = await client.query(
    `WITH touched AS (SELECT DISTINCT unnest($1::text[]) AS username),
    top AS (SELECT coalesce(max(version), 0) AS v FROM hq_registry),
    cand AS (
      SELECT DISTINCT ON (a.username) a.username, a.branch, a.origin_station AS station,
        coalesce(a.registered_at, a.first_seen_at) AS registered_at, a.status <> 'voided' AS active,
        r.username IS NOT NULL
          AND r.branch = a.branch AND r.station = a.origin_station
          AND r.registered_at = coalesce(a.registered_at, a.first_seen_at) AND r.active = (a.status <> 'voided') AS same
      FROM touched t JOIN hq_accounts a ON a.username = t.username LEFT JOIN hq_registry r ON r.username = t.username
      ORDER BY a.username, (a.status <> 'voided') DESC, (a.branch = r.branch) DESC NULLS LAST,
        coalesce(a.registered_at, a.first_seen_at)::timestamptz, a.branch
    )
    INSERT INTO hq_registry AS r (username, branch, station, registered_at, active, version)
    SELECT username, branch, station, registered_at, active, top.v + row_number() OVER (ORDER BY username)
    FROM cand, top WHERE NOT same
    ON CONFLICT (username) DO UPDATE SET branch = excluded.branch, station = excluded.station,
      registered_at = excluded.registered_at, active = excluded.active, version = excluded.version`,
    [usernames],
  );
  return r.rowCount ?? 0;
}

/** The newest version (0 when the registry is empty). */
export async function registryVersion(client: HqClient): Promise<number> {
  const r = await client.query<{ v: string }>('SELECT coalesce(max(version), 0) AS v FROM hq_registry');
  return Number(r.rows[0]?.v ?? 0);
}

interface DbRegistry {
  username: string;
  branch: string;
  station: number;
  registered_at: string;
  active: boolean;
  version: string;
}

/** Up to `limit` rows with version > `since`, in version order, whether more follow, and the
 * version the page brings a branch to (its last row's, from one snapshot: a row committed while
 * the page was read is never skipped). */
export async function registryPage(client: HqClient, since: number, limit: number): Promise<{ entries: RegistryEntry[]; hasMore: boolean; toVersion: number }> {
  const rows = await client.query<DbRegistry>(
    'SELECT username, branch, station, registered_at, active, version FROM hq_registry WHERE version > $1 ORDER BY version LIMIT $2',
    [since, limit + 1],
  );
  const hasMore = rows.rows.length > limit;
  const entries = rows.rows.slice(0, limit).map((r) => ({
    username: r.username,
    branch: r.branch,
    station: r.station,
    registeredAt: r.registered_at,
    active: r.active,
    version: Number(r.version),
  }));
  return { entries, hasMore, toVersion: entries.at(-1)?.version ?? since };
}
