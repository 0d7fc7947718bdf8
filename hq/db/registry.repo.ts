/**
 * Headquarters' registry (hq migration 0002): which branch holds each username, versioned so
 * branches pull only what changed. Writers take one advisory lock for the rest of their
 * transaction, so versions are handed out and committed in order: a reader never sees version
 * n+1 before n.
 */
import type { RegistryEntry } from '../../shared/journal';
import type { FoldedRows } from './apply.repo';
import type { HqClient } from './connection';

/** Any constant: the advisory lock that orders registry writers. */
const REGISTRY_LOCK = 724_002;

/**
 * REGISTRY: what one batch of `branch` did to its accounts (`rows`: the fold's rows, read again
 * in the caller's transaction), applied set-based in one statement that reads only the registry
 * rows of those usernames (and, for a void, the other branches' rows of that username):
 * - a username headquarters never saw goes to this branch;
 * - a row this branch holds follows it (a registration again gives the new station and time);
 * - a registration here takes over a row voided at another branch; a live row elsewhere stays
 *   (the first branch wins);
 * - a void here hands the row to a branch where the username is still live (registered there
 *   first), else the row stays here, inactive.
 * From a folded row: its station is the station of origin, its time the registration's (or the
 * first sighting's when the batch holds no registration of it), live unless voided, created when
 * the batch registers it (or holds its snapshot).
 * Each changed row takes the next version. Returns how many rows changed.
 */
export async function updateRegistry(client: HqClient, branch: string, rows: FoldedRows | null): Promise<number> {
  if (rows === null) return 0;
  await client.query('SELECT pg_advisory_xact_lock($1)', [REGISTRY_LOCK]);
  const b = `$${rows.params.length + 1}`;
  const r = await client.query(
    `WITH m AS (
      SELECT p.username, p.origin_station AS station, coalesce(p.registered_at, p.first_seen_at) AS "registeredAt",
        p.status <> 'voided' AS active, p.created_kind IS NOT NULL AS created,
        r.username IS NOT NULL AS known, r.branch::text AS r_branch, r.station AS r_station,
        r.registered_at AS r_registered_at, r.active AS r_active
      FROM (${rows.select}) AS p
      LEFT JOIN hq_registry r ON r.username = p.username
    ),
    cand AS (
      SELECT username, ${b}::text AS branch, station, "registeredAt" AS registered_at, active, known, r_branch, r_station, r_registered_at, r_active FROM m WHERE NOT known
      UNION ALL
      SELECT username, ${b}, CASE WHEN created THEN station ELSE r_station END,
        CASE WHEN created THEN "registeredAt" ELSE r_registered_at END, true, known, r_branch, r_station, r_registered_at, r_active
      FROM m WHERE known AND r_branch = ${b} AND active
      UNION ALL
      SELECT username, ${b}, station, "registeredAt", true, known, r_branch, r_station, r_registered_at, r_active FROM m WHERE known AND r_branch <> ${b} AND NOT r_active AND active AND created
      UNION ALL
      SELECT m.username, coalesce(o.branch, ${b}), coalesce(o.station, m.r_station), coalesce(o.registered_at, m.r_registered_at),
        o.branch IS NOT NULL, m.known, m.r_branch, m.r_station, m.r_registered_at, m.r_active
      FROM m LEFT JOIN LATERAL (
        SELECT a.branch::text, a.origin_station AS station, coalesce(a.registered_at, a.first_seen_at) AS registered_at
        FROM hq_accounts a WHERE a.username = m.username AND a.branch <> ${b} AND a.status <> 'voided'
        ORDER BY coalesce(a.registered_at, a.first_seen_at)::timestamptz, a.branch LIMIT 1
      ) o ON true
      WHERE known AND r_branch = ${b} AND NOT active
    ),
    changed AS (
      SELECT username, branch, station, registered_at, active FROM cand
      WHERE NOT (known AND r_branch = branch AND r_station = station AND r_registered_at = registered_at AND r_active = active)
    ),
    top AS (SELECT coalesce(max(version), 0) AS v FROM hq_registry)
    INSERT INTO hq_registry AS r (username, branch, station, registered_at, active, version)
    SELECT username, branch, station, registered_at, active, top.v + row_number() OVER (ORDER BY username)
    FROM changed, top
    ON CONFLICT (username) DO UPDATE SET branch = excluded.branch, station = excluded.station,
      registered_at = excluded.registered_at, active = excluded.active, version = excluded.version`,
    [...rows.params, branch],
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
