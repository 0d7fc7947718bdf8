import type { z } from 'zod';
import { accountsContract } from './accounts.contract';
import { adminContract } from './admin.contract';
import { AppStatusSchema, appContract } from './app.contract';
import type { ChannelDef, EventDef } from './define';
import { identifiersContract } from './identifiers.contract';
import { portalContract } from './portal.contract';
import { referenceContract } from './reference.contract';
import { reportsContract } from './reports.contract';
import { settingsContract } from './settings.contract';
import { smsContract } from './sms.contract';
import { staffContract } from './staff.contract';
import { stationsContract } from './stations.contract';

/** The one list of calls that cross the process boundary. Nothing else does. */
export const contract = {
  ...appContract,
  ...settingsContract,
  ...staffContract,
  ...stationsContract,
  ...referenceContract,
  ...identifiersContract,
  ...accountsContract,
  ...portalContract,
  ...adminContract,
  ...reportsContract,
  ...smsContract,
} satisfies Record<string, ChannelDef>;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type Input<C extends Channel> = z.input<Contract[C]['input']>;
export type ParsedInput<C extends Channel> = z.output<Contract[C]['input']>;
export type Output<C extends Channel> = z.output<Contract[C]['output']>;

/** Events main pushes to the renderer (allow-listed in the preload, like the channels). */
export const events = {
  'app:status-changed': { payload: AppStatusSchema },
} satisfies Record<string, EventDef>;
export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]['payload']>;

export const CHANNELS = Object.keys(contract) as Channel[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

export function isChannel(name: string): name is Channel {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

export type { Role, SessionKind, ChannelDef } from './define';
