import type { SendResult, SmsAdapter, SmsMessage } from '../../src-main/sms/adapter';

/** A gateway whose answers the test releases one by one (or all at once). */
export function heldGateway() {
  const waiting: Array<{ m: SmsMessage; answer: (r: SendResult) => void }> = [];
  const calls: SmsMessage[] = [];
  let outstanding = 0;
  let most = 0;
  const adapter: SmsAdapter = {
    name: 'kannel',
    send(m) {
      calls.push(m);
      most = Math.max(most, ++outstanding);
      return new Promise<SendResult>((resolve) =>
        waiting.push({
          m,
          answer: (r) => {
            outstanding--;
            resolve(r);
          },
        }),
      );
    },
    close: () => Promise.resolve(),
  };
  const ok = (i: number): SendResult => ({ ok: true, providerMessageId: `gw-${i}` });
  return {
    adapter,
    calls,
    waiting,
    most: () => most,
    /** Answers the held send at `index` (default: the oldest), accepted. */
    release(index = 0): void {
      waiting.splice(index, 1)[0]!.answer(ok(calls.length));
    },
    releaseAll(): void {
      while (waiting.length) waiting.shift()!.answer(ok(calls.length));
    },
  };
}

export type HeldGateway = ReturnType<typeof heldGateway>;
