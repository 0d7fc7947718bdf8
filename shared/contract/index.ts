import type { z } from 'zod';
import { accountsContract } from './accounts.contract';
import { adminContract } from './admin.contract';
import { AppStatusSchema, appContract } from './app.contract';
import { backupsContract } from './backups.contract';
import type { ChannelDef, EventDef, SessionKind } from './define';
import { hqContract } from './hq.contract';
import { hqLinkContract } from './hq-link.contract';
import { identifiersContract } from './identifiers.contract';
import { portalContract } from './portal.contract';
import { referenceContract } from './reference.contract';
import { registryContract } from './registry.contract';
import { reportsContract } from './reports.contract';
import { settingsContract } from './settings.contract';
import { smsContract } from './sms.contract';
import { staffContract } from './staff.contract';
import { stationsContract } from './stations.contract';
import { IdleDeadlineSchema } from './session-limits';

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
  ...hqContract,
  ...hqLinkContract,
  ...registryContract,
  ...backupsContract,
} satisfies Record<string, ChannelDef>;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type Input<C extends Channel> = z.input<Contract[C]['input']>;
export type ParsedInput<C extends Channel> = z.output<Contract[C]['input']>;
export type Output<C extends Channel> = z.output<Contract[C]['output']>;

/** Events main pushes to the renderer (allow-listed in the preload, like the channels). */
export const events = {
  'app:status-changed': { payload: AppStatusSchema, only: 'staff' },
  'session:idle': { payload: IdleDeadlineSchema },
} satisfies Record<string, EventDef>;
export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]['payload']>;

export const CHANNELS = Object.keys(contract) as Channel[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

/**
 * An event's payload checked against its schema: main parses before it sends (a payload outside
 * the contract is not sent), the renderer parses what it receives (one that fails is dropped).
 * Null when the payload does not fit.
 */
export function parseEvent<E extends EventName>(event: E, payload: unknown): EventPayload<E> | null {
  if (!Object.prototype.hasOwnProperty.call(events, event)) return null;
  const r = events[event].payload.safeParse(payload);
  return r.success ? (r.data as EventPayload<E>) : null;
}

/** Whether pages of this session kind receive this event at all (the kiosk gets no staff status). */
export function eventReaches(event: EventName, kind: SessionKind): boolean {
  const only = (events[event] as EventDef).only;
  return only === undefined || only === kind;
}

export function isChannel(name: string): name is Channel {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

export type { Role, SessionKind, ChannelDef } from './define';
