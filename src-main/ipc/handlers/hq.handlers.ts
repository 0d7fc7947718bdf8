import type { hqContract } from '../../../shared/contract/hq.contract';
import { importAck, journalStatus } from '../../services/journal-ack.service';
import { exportJobState, startExportJob } from '../../services/journal-export-job';
import { stationSlip } from '../../services/station-slip.service';
import type { Handler } from '../router';
import { staffOf, type HandlerDeps } from './deps';

type HqChannels = keyof typeof hqContract;

/** Issue 8: the «ستاد» screen and the station slip in settings. */
export function hqHandlers(d: HandlerDeps): { [C in HqChannels]: Handler<C> } {
  return {
    'hq:station-slip': () => stationSlip(d.env),
    'hq:status': () => journalStatus(d.env),
    'hq:export-start': (input, ctx) => startExportJob(d.env, staffOf(ctx), input.folder),
    'hq:export-progress': () => exportJobState(d.env),
    'hq:import-ack': async (input, ctx) => ({ ...(await importAck(d.env, staffOf(ctx), input.text)), status: await journalStatus(d.env) }),
  };
}
