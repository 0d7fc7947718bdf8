/**
 * Headquarters' central tables (PostgreSQL only). A station is known by the key on its slip;
 * each accepted batch is kept with its manifest, signature and acknowledgement (so a repeat gets
 * the same answer and `verify` can re-check everything); every entry is kept (the full history of
 * states); accounts and identifiers hold the newest state with their branch and station of origin.
 */
export const name = '0001_central';

export const up = `
CREATE TABLE hq_stations (
  branch char(4) NOT NULL CHECK (branch ~ '^[0-9]{4}$'),
  station smallint NOT NULL CHECK (station BETWEEN 1 AND 99),
  public_key text NOT NULL,
  fingerprint char(36) NOT NULL,
  registered_at timestamptz NOT NULL DEFAULT now(),
  last_seq bigint NOT NULL DEFAULT 0,
  last_manifest_sha256 char(64),
  last_audit_id bigint,
  last_audit_hash char(64),
  last_ingested_at timestamptz,
  PRIMARY KEY (branch, station)
);

CREATE TABLE hq_batches (
  branch char(4) NOT NULL,
  station smallint NOT NULL,
  first_seq bigint NOT NULL,
  last_seq bigint NOT NULL,
  batch_id text NOT NULL UNIQUE,
  entry_count integer NOT NULL,
  manifest_text text NOT NULL,
  manifest_sha256 char(64) NOT NULL,
  body_sha256 char(64) NOT NULL,
  prev_manifest_sha256 char(64),
  signature text NOT NULL,
  ack_text text NOT NULL,
  ingested_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (branch, station, first_seq),
  FOREIGN KEY (branch, station) REFERENCES hq_stations (branch, station)
);

CREATE TABLE hq_entries (
  branch char(4) NOT NULL,
  station smallint NOT NULL,
  seq bigint NOT NULL,
  kind text NOT NULL,
  record_type text NOT NULL,
  record_id text NOT NULL,
  state jsonb NOT NULL,
  at text NOT NULL,
  actor text NOT NULL,
  audit_id bigint,
  audit_hash char(64),
  PRIMARY KEY (branch, station, seq)
);
CREATE INDEX hq_entries_record ON hq_entries (record_type, record_id);

CREATE TABLE hq_accounts (
  username varchar(12) NOT NULL,
  branch char(4) NOT NULL,
  origin_station smallint NOT NULL,
  created_kind text,
  first_seen_kind text NOT NULL,
  first_seen_at text NOT NULL,
  first_seen_station smallint NOT NULL,
  registered_at text,
  registered_by text,
  status text NOT NULL,
  state jsonb NOT NULL,
  last_at text NOT NULL,
  last_station smallint NOT NULL,
  last_seq bigint NOT NULL,
  PRIMARY KEY (username, branch)
);

CREATE TABLE hq_identifiers (
  identifier char(12) NOT NULL,
  branch char(4) NOT NULL,
  origin_station smallint NOT NULL,
  created_kind text,
  first_seen_kind text NOT NULL,
  first_seen_at text NOT NULL,
  first_seen_station smallint NOT NULL,
  issued_at text,
  issued_by text,
  issuers smallint[] NOT NULL DEFAULT '{}',
  issue_count integer NOT NULL DEFAULT 0,
  status text NOT NULL,
  state jsonb NOT NULL,
  last_at text NOT NULL,
  last_station smallint NOT NULL,
  last_seq bigint NOT NULL,
  PRIMARY KEY (identifier, branch)
);

CREATE TABLE hq_refusals (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  branch char(4),
  station smallint,
  batch_id text,
  code text NOT NULL,
  detail text NOT NULL,
  expected bigint
);
CREATE INDEX hq_refusals_code ON hq_refusals (code);
`;
