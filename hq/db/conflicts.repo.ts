import type { HqClient } from './connection';

export type ConflictType = 'ACCOUNT_AT_TWO_BRANCHES' | 'IDENTIFIER_TWO_ISSUERS' | 'UNKNOWN_RECORD_CHANGED' | 'AUDIT_ANCHOR_BACKWARDS';

/** One line of the conflicts report: what, about which record, and the one or two sides of it. */
export interface ConflictLine {
  type: ConflictType;
  subject: string;
  branchA: string;
  stationA: number | null;
  atA: string | null;
  actorA: string | null;
  branchB: string | null;
  stationB: number | null;
  atB: string | null;
  actorB: string | null;
  detail: string;
}

interface Row {
  type: ConflictType;
  subject: string;
  branch_a: string;
  station_a: number | null;
  at_a: string | null;
  actor_a: string | null;
  branch_b: string | null;
  station_b: number | null;
  at_b: string | null;
  actor_b: string | null;
  detail: string;
}

const rowToLine = (r: Row): ConflictLine => ({
  type: r.type,
  subject: r.subject,
  branchA: r.branch_a,
  stationA: r.station_a,
  atA: r.at_a,
  actorA: r.actor_a,
  branchB: r.branch_b,
  stationB: r.station_b,
  atB: r.at_b,
  actorB: r.actor_b,
  detail: r.detail,
});

/**
 * CONFLICTS: one national code or identifier live at two branches (one line per pair of branches);
 * an identifier issued by more than one station (must never happen; the branch journals an
 * identifier freed by a void as issued again, so repeats from one station are no alarm); a record
 * whose state changed at headquarters without a registration, issue or snapshot of it; and the
 * audit anchors that went back (from the refusals).
 */
export async function listConflicts(client: HqClient): Promise<ConflictLine[]> {
  const r = await client.query<Row>(`
    SELECT 'ACCOUNT_AT_TWO_BRANCHES' AS type, a.username AS subject,
      a.branch AS branch_a, a.origin_station AS station_a, a.registered_at AS at_a, a.registered_by AS actor_a,
      b.branch AS branch_b, b.origin_station AS station_b, b.registered_at AS at_b, b.registered_by AS actor_b,
      'registered at both branches and not voided at either' AS detail
    FROM hq_accounts a JOIN hq_accounts b ON b.username = a.username AND b.branch > a.branch
    WHERE a.status <> 'voided' AND b.status <> 'voided'
    UNION ALL
    SELECT 'IDENTIFIER_TWO_ISSUERS', a.identifier, a.branch, a.origin_station, a.issued_at, a.issued_by,
      b.branch, b.origin_station, b.issued_at, b.issued_by, 'the same identifier number comes from two branches'
    FROM hq_identifiers a JOIN hq_identifiers b ON b.identifier = a.identifier AND b.branch > a.branch
    UNION ALL
    SELECT 'IDENTIFIER_TWO_ISSUERS', identifier, branch, origin_station, issued_at, issued_by, NULL, NULL, NULL, NULL,
      'issued by stations ' || array_to_string(issuers, ', ') || ' of one branch'
    FROM hq_identifiers WHERE cardinality(issuers) > 1
    UNION ALL
    SELECT 'UNKNOWN_RECORD_CHANGED', username, branch, first_seen_station, first_seen_at, NULL, NULL, NULL, NULL, NULL,
      'account first seen as ' || first_seen_kind || '; headquarters has no registration or snapshot of it'
    FROM hq_accounts WHERE created_kind IS NULL
    UNION ALL
    SELECT 'UNKNOWN_RECORD_CHANGED', identifier, branch, first_seen_station, first_seen_at, NULL, NULL, NULL, NULL, NULL,
      'identifier first seen as ' || first_seen_kind || '; headquarters has no issue or snapshot of it'
    FROM hq_identifiers WHERE created_kind IS NULL
    UNION ALL
    SELECT 'AUDIT_ANCHOR_BACKWARDS', batch_id, branch, station, stopped_at::text, NULL, NULL, NULL, NULL, NULL,
      detail || CASE WHEN resumed_at IS NULL THEN '; the station is stopped' ELSE '; resumed ' || resumed_at::text END
    FROM hq_station_stops
    ORDER BY 1, 2, 3`);
  return r.rows.map(rowToLine);
}
