import { checkDuplicate } from '../../services/duplicate-check.service';
import { registerAccount } from '../../services/registration.service';
import {
  searchAccountsByShape,
  setAccountDisabled,
  unlockPortalAccount,
  viewAccount,
  voidRegistration,
} from '../../services/accounts.service';
import { approveMobileChange, cancelMobileChange, confirmMobileChange, requestMobileChange, updateEmail } from '../../services/contact.service';
import { resetPasswordAtCounter } from '../../services/resets.service';
import type { Handler } from '../router';
import { staffOf, type HandlerDeps } from './deps';

type AccountChannels =
  | 'accounts:register'
  | 'accounts:check-duplicate'
  | 'accounts:search'
  | 'accounts:get'
  | 'accounts:unlock'
  | 'accounts:set-disabled'
  | 'accounts:void'
  | 'accounts:update-email'
  | 'accounts:request-mobile-change'
  | 'accounts:confirm-mobile-change'
  | 'accounts:approve-mobile-change'
  | 'accounts:cancel-mobile-change'
  | 'resets:at-counter';

export function accountsHandlers(d: HandlerDeps): { [C in AccountChannels]: Handler<C> } {
  return {
    'accounts:register': (input, ctx) => registerAccount(d.env, staffOf(ctx), input),
    'accounts:check-duplicate': (input, ctx) => checkDuplicate(d.env, staffOf(ctx), input.username),
    'accounts:search': (input, ctx) => searchAccountsByShape(d.env, staffOf(ctx), input.query),
    'accounts:get': (input, ctx) => viewAccount(d.env, staffOf(ctx), input.accountId),
    'accounts:unlock': (input, ctx) => unlockPortalAccount(d.env, staffOf(ctx), input.accountId, input.idDocument),
    'accounts:set-disabled': (input, ctx) => setAccountDisabled(d.env, staffOf(ctx), input.accountId, input.disabled, input.reason),
    'accounts:void': (input, ctx) => voidRegistration(d.env, staffOf(ctx), input.accountId, input.reason),
    'accounts:update-email': (input, ctx) => updateEmail(d.env, staffOf(ctx), input.accountId, input.email, input.idDocument),
    'accounts:request-mobile-change': (input, ctx) => requestMobileChange(d.env, staffOf(ctx), input),
    'accounts:confirm-mobile-change': (input, ctx) => confirmMobileChange(d.env, staffOf(ctx), input.verificationId, input.code),
    'accounts:approve-mobile-change': (input, ctx) =>
      // Only when the gateway is known to be down: while unknown, the SMS code may still arrive.
      approveMobileChange(d.env, staffOf(ctx), input.verificationId, input.approval, d.dispatcher.state() !== 'offline'),
    'accounts:cancel-mobile-change': (input, ctx) => cancelMobileChange(d.env, staffOf(ctx), input.verificationId),
    'resets:at-counter': (input, ctx) => resetPasswordAtCounter(d.env, staffOf(ctx), input),
  };
}
