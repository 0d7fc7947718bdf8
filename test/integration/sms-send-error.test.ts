import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../shared/contract/settings.contract';
import { SMS_SEND_ERROR_KINDS, smsSendErrorKind, type SmsSendErrorKind } from '../../shared/sms/send-error';
import { outbox } from '../../src-renderer/i18n/fa/outbox';
import { noGateway, type SendResult, type SmsAdapter } from '../../src-main/sms/adapter';
import { kannelAdapter } from '../../src-main/sms/kannel-adapter';
import { smppAdapter } from '../../src-main/sms/smpp-adapter';
import { closedPort } from '../e2e/helpers/ports';
import { smppSettingsFor, startSmppPeer, type SmppPeer } from '../helpers/smpp-peer';

/**
 * Issue 12 item 4: the outbox tells staff in Persian why a message did not go. The reason is read
 * from the adapters' technical text, so each reason is proven on a real failure of a real adapter
 * (a closed port, a refusing test SMSC), not on strings copied into the test.
 */
const CREDS = { systemId: 'desk01', password: 'secret1' };
const MESSAGE = { reference: '6f1c2a3e-0000-4000-8000-000000000001', to: '989121234567', text: 'آزمایش درگاه' };

describe('why an SMS did not go, from the gateway adapter’s own failure', () => {
  const open: Array<SmsAdapter | SmppPeer> = [];
  afterEach(async () => {
    while (open.length) {
      const o = open.pop()!;
      await ('send' in o ? o.close() : o.stop());
    }
  });
  const failure = (r: SendResult): string => {
    if (r.ok) throw new Error('the send went through');
    return r.error;
  };
  async function peer(answer = 0, delayMs = 0): Promise<SmppPeer> {
    const p = await startSmppPeer(CREDS);
    p.answer = () => answer;
    p.delayMs = delayMs;
    open.push(p);
    return p;
  }
  function smpp(settings: ReturnType<typeof smppSettingsFor> | typeof DEFAULT_SETTINGS.smpp, password = CREDS.password): SmsAdapter {
    const a = smppAdapter(settings as typeof DEFAULT_SETTINGS.smpp, password);
    open.push(a);
    return a;
  }
  const kindOf = async (a: SmsAdapter, text = MESSAGE.text): Promise<[SmsSendErrorKind, string]> => {
    const error = failure(await a.send({ ...MESSAGE, text }));
    return [smsSendErrorKind(error), error];
  };

  it('a gateway nobody listens on (SMPP and Kannel) is "cannot reach the gateway"', async () => {
    const port = await closedPort();
    const [kind, error] = await kindOf(smpp({ ...DEFAULT_SETTINGS.smpp, port, connectTimeoutSeconds: 5 }));
    expect(error).toContain('ECONNREFUSED');
    expect(kind).toBe('unreachable');
    const kannel = kannelAdapter({ ...DEFAULT_SETTINGS.kannel, port, timeoutSeconds: 5 }, 'pw');
    open.push(kannel);
    expect(await kindOf(kannel)).toEqual(['unreachable', expect.stringContaining('unreachable')]);
  });

  it('a bind refused for this branch’s credentials is "refused the login"', async () => {
    const p = await peer();
    expect((await kindOf(smpp(smppSettingsFor(p), 'wrong')))[0]).toBe('login');
  });

  it('the SMSC refusing the number, throttling, or not answering in time each say so', async () => {
    expect((await kindOf(smpp(smppSettingsFor(await peer(0x0b)))))[0]).toBe('number'); // ESME_RINVDSTADR
    expect((await kindOf(smpp(smppSettingsFor(await peer(0x58)))))[0]).toBe('busy'); // ESME_RTHROTTLED
    expect((await kindOf(smpp(smppSettingsFor(await peer(0x66)))))[0]).toBe('refused'); // ESME_RX_R_APPN
    expect((await kindOf(smpp(smppSettingsFor(await peer(0, 2500), { submitTimeoutSeconds: 1 }))))[0]).toBe('timeout');
  });

  it('a text longer than the gateway takes, and no gateway at all, are told apart', async () => {
    const p = await peer();
    expect((await kindOf(smpp(smppSettingsFor(p, { maxParts: 1 })), 'ب'.repeat(200)))[0]).toBe('too-long');
    expect((await kindOf(noGateway))[0]).toBe('not-configured');
    expect(smsSendErrorKind('something nobody foresaw')).toBe('other');
  });

  it('every reason has a Persian label in the catalogue', () => {
    for (const kind of SMS_SEND_ERROR_KINDS) expect(outbox.errorKinds[kind], kind).toMatch(/^[\u0600-\u06FF\u200C\s()،؛]+$/);
  });
});
