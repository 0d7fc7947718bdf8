import * as central from './0001_central';
import * as registry from './0002_registry';
import * as stationStop from './0003_station_stop';

/** Headquarters' migrations, in order; append only. Each is one SQL script run in a transaction. */
export const HQ_MIGRATIONS: readonly { name: string; up: string }[] = [central, registry, stationStop];
