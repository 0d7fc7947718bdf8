import { z } from 'zod';
import { KannelSettingsSchema, SettingsSchema, SmppSettingsSchema, type Settings } from '../../../shared/contract/settings.contract';
import { typedNumber } from '../../lib/forms';
import { fa } from '../../lib/format';

export type Adapter = Settings['smsAdapter'];
export type Gateway = 'smpp' | 'kannel';
export const ADAPTERS = SettingsSchema.shape.smsAdapter.options;

export function isGateway(a: Adapter): a is Gateway {
  return a === 'smpp' || a === 'kannel';
}

/** The contract's parameter schemas, with their numbers as typed (Persian, Arabic or Latin digits). */
const SmppForm = SmppSettingsSchema.extend({
  port: typedNumber(SmppSettingsSchema.shape.port),
  maxParts: typedNumber(SmppSettingsSchema.shape.maxParts),
  connectTimeoutSeconds: typedNumber(SmppSettingsSchema.shape.connectTimeoutSeconds),
  submitTimeoutSeconds: typedNumber(SmppSettingsSchema.shape.submitTimeoutSeconds),
  enquireLinkSeconds: typedNumber(SmppSettingsSchema.shape.enquireLinkSeconds),
});
const KannelForm = KannelSettingsSchema.extend({
  port: typedNumber(KannelSettingsSchema.shape.port),
  maxParts: typedNumber(KannelSettingsSchema.shape.maxParts),
  timeoutSeconds: typedNumber(KannelSettingsSchema.shape.timeoutSeconds),
});

/**
 * Only the chosen gateway's parameters are checked (and sent): a half-filled SMPP block must not
 * stop a switch to Kannel. `z.object` drops the other gateway's block from the output.
 */
export const GatewayFormSchema = z.discriminatedUnion('smsAdapter', [
  z.object({ smsAdapter: z.literal('smpp'), smpp: SmppForm }),
  z.object({ smsAdapter: z.literal('kannel'), kannel: KannelForm }),
  z.object({ smsAdapter: z.literal('none') }),
  z.object({ smsAdapter: z.literal('file') }),
]);
export type GatewayFormOutput = z.output<typeof GatewayFormSchema>;

/** Numbers are edited as text (Persian digits on screen); the rest as the contract has them. */
type AsTyped<T> = { [K in keyof T]: T[K] extends number ? string : T[K] };
export interface GatewayFormValues {
  smsAdapter: Adapter;
  smpp: AsTyped<Settings['smpp']>;
  kannel: AsTyped<Settings['kannel']>;
}

/** Each gateway's fields in the order a supervisor copies them from the operator's sheet. */
export const GATEWAY_FIELDS = {
  smpp: Object.keys(SmppSettingsSchema.shape) as Array<keyof Settings['smpp']>,
  kannel: Object.keys(KannelSettingsSchema.shape) as Array<keyof Settings['kannel']>,
};
/** The contract's schema of one parameter (for its kind and its limits). */
export function paramSchema(gateway: Gateway, name: string): z.ZodType {
  const shape: Record<string, z.ZodType> = gateway === 'smpp' ? SmppSettingsSchema.shape : KannelSettingsSchema.shape;
  return shape[name]!;
}

function asTyped<T extends object>(params: T): AsTyped<T> {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === 'number' ? fa(v) : v])) as AsTyped<T>;
}

export function toGatewayForm(s: Settings): GatewayFormValues {
  return { smsAdapter: s.smsAdapter, smpp: asTyped(s.smpp), kannel: asTyped(s.kannel) };
}

/**
 * What goes to settings:update: the adapter if it changed, and the chosen gateway's parameters (a
 * whole block, as the contract takes them) if any of them changed — so the audit entry names
 * exactly what changed.
 */
export function gatewayPatch(values: GatewayFormOutput, dirty: { smsAdapter?: boolean; smpp?: object; kannel?: object }): Partial<Settings> {
  const changed = (block: object | undefined) => Object.values(block ?? {}).some(Boolean);
  const patch: Partial<Settings> = {};
  if (dirty.smsAdapter) patch.smsAdapter = values.smsAdapter;
  if (values.smsAdapter === 'smpp' && changed(dirty.smpp)) patch.smpp = values.smpp;
  if (values.smsAdapter === 'kannel' && changed(dirty.kannel)) patch.kannel = values.kannel;
  return patch;
}
