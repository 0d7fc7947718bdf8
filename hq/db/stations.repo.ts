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

export interface StationStop {
  batchId: string;
  detail: string;
  stoppedAt: string;
}

/** The station's open stop (its audit anchors went back), or null. */
export async function openStop(client: HqClient, branch: string, station: number): Promise<StationStop | null> {
  const r = await client.query<{ batch_id: string; detail: string; stopped_at: string }>(
    'SELECT batch_id, detail, stopped_at::text FROM hq_station_stops WHERE branch = $1 AND station = $2 AND resumed_at IS NULL',
    [branch, station],
  );
  const row = r.rows[0];
  return row ? { batchId: row.batch_id, detail: row.detail, stoppedAt: row.stopped_at } : null;
}

/** Stops the station at this batch (nothing changes when it is stopped already). */
export async function stopStation(client: HqClient, branch: string, station: number, batchId: string, detail: string): Promise<void> {
  await client.query(
    `INSERT INTO hq_station_stops (branch, station, batch_id, detail) VALUES ($1, $2, $3, $4)
     ON CONFLICT (branch, station) WHERE resumed_at IS NULL DO NOTHING`,
    [branch, station, batchId, detail],
  );
}

/** Ends the station's open stop; the stop it ended, or null when it was not stopped. */
export async function resumeStation(client: HqClient, branch: string, station: number): Promise<StationStop | null> {
  const r = await client.query<{ batch_id: string; detail: string; stopped_at: string }>(
    `UPDATE hq_station_stops SET resumed_at = now() WHERE branch = $1 AND station = $2 AND resumed_at IS NULL
     RETURNING batch_id, detail, stopped_at::text`,
    [branch, station],
  );
  const row = r.rows[0];
  return row ? { batchId: row.batch_id, detail: row.detail, stoppedAt: row.stopped_at } : null;
}
