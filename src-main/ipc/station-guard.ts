import type { Channel } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { ServiceEnv } from '../services/env';
import { isSetupDone } from '../services/setup.service';
import { thisStation } from '../services/station-identity.service';
import type { Handler, Handlers } from './router';

/** What a counter without its own station may still do: set up, join, and say so. */
const WITHOUT_STATION: ReadonlySet<Channel> = new Set<Channel>([
  'app:status',
  'portal:status',
  'setup:state',
  'setup:run',
  'setup:join',
  'reference:branches',
  'staff:login',
  'staff:logout',
  'staff:me',
]);

/**
 * Every other channel needs this machine's station: a counter that has not joined (or whose
 * station was retired) would write entries signed with keys that are not the branch's, and
 * issue from no station. The station is cached, so a ready counter pays nothing per call.
 */
export function requireStation(env: ServiceEnv, handlers: Handlers): Handlers {
  const guarded: Record<string, Handler<Channel>> = {};
  for (const [channel, handler] of Object.entries(handlers) as Array<[Channel, Handler<Channel>]>) {
    guarded[channel] = WITHOUT_STATION.has(channel)
      ? handler
      : async (input, ctx) => {
          if (!(await thisStation(env))) throw new AppError((await isSetupDone(env.db)) ? 'STATION_REQUIRED' : 'SETUP_REQUIRED');
          return handler(input, ctx);
        };
  }
  return guarded as Handlers;
}
