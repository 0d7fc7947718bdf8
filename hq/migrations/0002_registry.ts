/**
 * Headquarters' registry (issue 9 item 3): one row per username registered at any branch — the
 * branch that registered it first (a voided row gives way to a branch where it is live), and
 * whether it is live there. `version` is a global, gap-free counter: every change of a row takes
 * the next number, in the same transaction as the ingest that caused it, so a branch pulls the
 * rows with version > the one it holds. Existing installs are filled from hq_accounts, set-based.
 */
export const name = '0002_registry';

export const up = `
CREATE TABLE hq_registry (
  username varchar(12) PRIMARY KEY,
  branch char(4) NOT NULL,
  station smallint NOT NULL,
  registered_at text NOT NULL,
  active boolean NOT NULL,
  version bigint NOT NULL UNIQUE CHECK (version >= 1)
);

INSERT INTO hq_registry (username, branch, station, registered_at, active, version)
SELECT username, branch, station, registered_at, active, row_number() OVER (ORDER BY username)
FROM (
  SELECT DISTINCT ON (username) username, branch, origin_station AS station,
    coalesce(registered_at, first_seen_at) AS registered_at, status <> 'voided' AS active
  FROM hq_accounts
  ORDER BY username, (status <> 'voided') DESC, coalesce(registered_at, first_seen_at)::timestamptz, branch
) first_live;
`;
