import type { HqClient } from '../db/connection';
import { resumeStation } from '../db/stations.repo';
import { CommandStop, type Io } from './io';

/**
 * RESUME-STATION: a station stopped because its audit anchors went back (AUDIT_ANCHOR_BACKWARDS)
 * may send batches again — once someone at headquarters has looked into why. The stop stays on
 * record with when it was resumed.
 */
export async function resumeStationCommand(client: HqClient, branchText: string, stationText: string, io: Io): Promise<void> {
  if (!/^\d{4}$/.test(branchText) || !/^\d{1,2}$/.test(stationText)) throw new CommandStop('usage: resume-station BRANCH STATION (e.g. resume-station 1011 3)', 2);
  const station = Number(stationText);
  const label = `branch ${branchText} station ${String(station).padStart(2, '0')}`;
  const ended = await resumeStation(client, branchText, station);
  if (!ended) throw new CommandStop(`${label} is not stopped: nothing to resume`, 2);
  io.out(`${label.replace(/station 0?(\d+)$/, 'station $1')} resumed (stopped since batch ${ended.batchId} at ${ended.stoppedAt}: ${ended.detail})\n`);
}
