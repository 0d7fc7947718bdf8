import { branchStations, retireStation } from '../../services/stations.service';
import type { Handler } from '../router';
import { staffOf, type HandlerDeps } from './deps';

type StationChannels = 'stations:list' | 'stations:retire';

export function stationsHandlers(d: HandlerDeps): { [C in StationChannels]: Handler<C> } {
  return {
    'stations:list': () => branchStations(d.env),
    'stations:retire': (input, ctx) => retireStation(d.env, staffOf(ctx), input.stationId, input.reason),
  };
}
