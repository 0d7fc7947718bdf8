import { Chip, type ChipProps } from '@mui/material';
import type { z } from 'zod';
import type { AccountSummarySchema, ResetStateSchema, SmsStateSchema } from '../../../../shared/contract/accounts.contract';
import { fa } from '../../../i18n/fa';

type AccountStatus = z.infer<typeof AccountSummarySchema>['status'];
export type SmsState = z.infer<typeof SmsStateSchema>;
type ResetState = z.infer<typeof ResetStateSchema>;

const STATUS_COLOR: Record<AccountStatus, ChipProps['color']> = { active: 'success', disabled: 'warning', voided: 'error' };
const SMS_COLOR: Record<SmsState, ChipProps['color']> = {
  queued: 'info',
  sending: 'info',
  sent: 'success',
  failed: 'error',
  cancelled: 'default',
  expired: 'warning',
};
const RESET_COLOR: Record<ResetState, ChipProps['color']> = {
  pending: 'info',
  sent: 'success',
  used: 'default',
  superseded: 'default',
  expired: 'default',
  undelivered: 'error',
};

/** SMS states still in motion: the screens refetch while one is shown. */
export const LIVE_SMS_STATES: readonly SmsState[] = ['queued', 'sending'];

export function AccountStatusChip({ status, testId = 'account-status' }: { status: AccountStatus; testId?: string }) {
  return <Chip size="small" color={STATUS_COLOR[status]} label={fa.lookup.status[status]} data-testid={testId} data-state={status} />;
}

export function SmsStateChip({ state, testId }: { state: SmsState | null; testId?: string }) {
  if (!state) return <>{fa.lookup.sms.none}</>;
  return <Chip size="small" variant="outlined" color={SMS_COLOR[state]} label={fa.lookup.sms[state]} data-testid={testId ?? 'sms-state'} data-state={state} />;
}

export function ResetStateChip({ state }: { state: ResetState }) {
  return <Chip size="small" color={RESET_COLOR[state]} label={fa.lookup.resets.states[state]} data-testid="reset-state" data-state={state} />;
}
