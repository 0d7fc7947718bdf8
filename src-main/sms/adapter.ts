/** One SMS as a gateway sees it; `reference` is stable across retries so a gateway can drop repeats. */
export interface SmsMessage {
  reference: string;
  to: string;
  text: string;
}

export type SendResult =
  | { ok: true; providerMessageId: string | null }
  | { ok: false; permanent: boolean; error: string };

export interface SmsAdapter {
  readonly name: 'file' | 'smpp' | 'kannel' | 'none';
  send(message: SmsMessage): Promise<SendResult>;
  close(): Promise<void>;
}

/** No gateway configured: every message waits in the outbox (BR-4), and the state shows offline. */
export const noGateway: SmsAdapter = {
  name: 'none',
  send: () => Promise.resolve({ ok: false, permanent: false, error: 'no SMS gateway is configured' }),
  close: () => Promise.resolve(),
};
