import { queueTestSms, setGatewayPassword } from '../../services/sms-gateway.service';
import type { Handler } from '../router';
import { staffOf, type HandlerDeps } from './deps';

type SmsChannels = 'sms:test' | 'sms:set-password';

/** `onGatewayChanged` rebuilds the adapter, as after settings:update. */
export function smsHandlers(d: HandlerDeps, onGatewayChanged: () => Promise<void>): { [C in SmsChannels]: Handler<C> } {
  return {
    'sms:test': async (input, ctx) => {
      const message = await queueTestSms(d.env, staffOf(ctx), input.to);
      d.dispatcher.kick();
      return message;
    },
    'sms:set-password': async (input, ctx) => {
      const set = await setGatewayPassword(d.env, staffOf(ctx), input.gateway, input.password);
      await onGatewayChanged();
      return set;
    },
  };
}
