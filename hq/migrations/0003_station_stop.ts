/**
 * A station whose audit anchors went back (AUDIT_ANCHOR_BACKWARDS: its branch's audit chain was cut
 * and rewritten) stops there: its batches are refused until someone at headquarters has looked into
 * it and runs `resume-station`. One row per stop, kept after it is resumed (who looked, when).
 */
export const name = '0003_station_stop';

export const up = `
CREATE TABLE hq_station_stops (
  id bigserial PRIMARY KEY,
  branch char(4) NOT NULL,
  station smallint NOT NULL,
  batch_id text NOT NULL,
  detail text NOT NULL,
  stopped_at timestamptz NOT NULL DEFAULT now(),
  resumed_at timestamptz
);
CREATE UNIQUE INDEX hq_station_stops_open ON hq_station_stops (branch, station) WHERE resumed_at IS NULL;
`;
