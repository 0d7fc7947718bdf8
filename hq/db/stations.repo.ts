import type { HqClient } from './connection';

export interface StationRow {
  branch: string;
  station: number;
  publicKey: string;
  fingerprint: string;
  lastSeq: number;
  lastManifestSha256: string | null;
  lastAuditId: number | null;
  lastAuditHash: string | null;
}

interface DbStation {
  branch: string;
  station: number;
  public_key: string;
  fingerprint: string;
  last_seq: string;
  last_manifest_sha256: string | null;
  last_audit_id: string | null;
  last_audit_hash: string | null;
}

const rowToStation = (r: DbStation): StationRow => ({
  branch: r.branch,
  station: r.station,
  publicKey: r.public_key,
  fingerprint: r.fingerprint,
  lastSeq: Number(r.last_seq),
  lastManifestSha256: r.last_manifest_sha256,
  lastAuditId: r.last_audit_id === null ? null : Number(r.last_audit_id),
  lastAuditHash: r.last_audit_hash,
});

/** Inserts the station's key; false when the station was already registered (nothing changed). */
export async function insertStation(
  client: HqClient,
  s: { branch: string; station: number; publicKey: string; fingerprint: string },
): Promise<boolean> {
  const r = await client.query(
    `INSERT INTO hq_stations (branch, station, public_key, fingerprint) VALUES ($1, $2, $3, $4)
     ON CONFLICT (branch, station) DO NOTHING`,
    [s.branch, s.station, s.publicKey, s.fingerprint],
  );
  return r.rowCount === 1;
}

export async function findStation(client: HqClient, branch: string, station: number): Promise<StationRow | null> {
  const r = await client.query<DbStation>('SELECT * FROM hq_stations WHERE branch = $1 AND station = $2', [branch, station]);
  return r.rows[0] ? rowToStation(r.rows[0]) : null;
}

/** The station's row, locked until the transaction ends: one station's batches apply one at a
 * time and in order, whichever ingester runs them. */
export async function lockStation(client: HqClient, branch: string, station: number): Promise<StationRow | null> {
  const r = await client.query<DbStation>('SELECT * FROM hq_stations WHERE branch = $1 AND station = $2 FOR UPDATE', [branch, station]);
  return r.rows[0] ? rowToStation(r.rows[0]) : null;
}

export async function advanceStation(
  client: HqClient,
  s: { branch: string; station: number; lastSeq: number; manifestSha256: string; auditId: number | null; auditHash: string | null },
): Promise<void> {
  await client.query(
    `UPDATE hq_stations SET last_seq = $3, last_manifest_sha256 = $4, last_audit_id = $5, last_audit_hash = $6,
       last_ingested_at = now() WHERE branch = $1 AND station = $2`,
    [s.branch, s.station, s.lastSeq, s.manifestSha256, s.auditId, s.auditHash],
  );
}

export async function listStations(client: HqClient): Promise<StationRow[]> {
  const r = await client.query<DbStation>('SELECT * FROM hq_stations ORDER BY branch, station');
  return r.rows.map(rowToStation);
}
