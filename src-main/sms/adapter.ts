/** One SMS as a gateway sees it; `reference` is stable across retries so a gateway can drop repeats. */
export interface SmsMessage {
  reference: string;
  to: string;
  text: string;
}

/**
 * `link` says what the failure tells about the gateway itself: `down` (unreachable, or refusing
 * this branch's credentials) shows offline in the status bar, `up` (it answered, but refused this
 * one message or asked us to slow down) shows online, `unchanged` (refused before reaching the
 * gateway) leaves the state as it is. Without it: transient → down, permanent → up.
 */
export type SendResult =
  | { ok: true; providerMessageId: string | null }
  | { ok: false; permanent: boolean; error: string; link?: 'up' | 'down' | 'unchanged' };

export interface SmsAdapter {
  readonly name: 'file' | 'smpp' | 'kannel' | 'none';
  send(message: SmsMessage): Promise<SendResult>;
  close(): Promise<void>;
  /** Link changes seen outside a send (an SMPP bind made or lost); adapters without a link omit it. */
  onLinkState?(fn: (up: boolean) => void): void;
}

/** What a gateway reported about a message it took earlier. */
export interface DeliveryReport {
  /** Our message reference when the gateway gives it back (Kannel's dlr-url) or the adapter remembers it. */
  reference: string | null;
  providerMessageId: string | null;
  state: 'delivered' | 'failed' | 'buffered' | 'accepted' | 'unknown';
  /** The gateway's own words (an SMPP `stat:` value, Kannel's type and reply), never the text. */
  detail: string;
}

/** Hooks the composition root gives a gateway adapter. */
export interface GatewayHooks {
  onDeliveryReport?(report: DeliveryReport): void;
}

/** No gateway configured: every message waits in the outbox (BR-4), and the state shows offline. */
export const noGateway: SmsAdapter = {
  name: 'none',
  send: () => Promise.resolve({ ok: false, permanent: false, error: 'no SMS gateway is configured' }),
  close: () => Promise.resolve(),
};
