import type { UseQueryResult } from '@tanstack/react-query';
import type { Output } from '../../../shared/contract';
import type { CallError } from '../../api/hooks';
import { useCall } from '../../api/hooks';
import { useDebounced } from '../../lib/use-debounced';
import { liveCheck, type ApplicantKind, type LiveCheck } from './live-check';

/** How long the code must stay unchanged before main is asked whether it is registered. */
export const DUPLICATE_CHECK_DELAY_MS = 300;

export type HolderQuery = UseQueryResult<Output<'identifiers:get'>, CallError>;

/**
 * What the code field says: the live check-digit verdict, then (once valid and settled) whether
 * it is already registered (REG-5) and, for an identifier, whether it can be used (REG-4). Only a
 * code that passed all of them is `ok` — a tick never stands beside a refusal.
 */
export type CodeVerdict =
  | Exclude<LiveCheck, { state: 'ok' }>
  | { state: 'checking' }
  | { state: 'duplicate'; registeredAt: string; branchName: string; elsewhere: boolean }
  | { state: 'unusable' }
  | { state: 'ok'; value: string };

export function useCodeVerdict(kind: ApplicantKind, raw: string | undefined): { verdict: CodeVerdict; holder: HolderQuery | null } {
  const live = liveCheck(kind, raw);
  const valid = live.state === 'ok' ? live.value : null;
  const settled = useDebounced(valid, DUPLICATE_CHECK_DELAY_MS);
  const duplicate = useCall('accounts:check-duplicate', { username: settled ?? '' }, { enabled: settled !== null && settled === valid });
  const holder = useCall('identifiers:get', { identifier: valid ?? '' }, { enabled: kind === 'foreign' && valid !== null });
  if (live.state !== 'ok') return { verdict: live, holder: null };
  const shownHolder = kind === 'foreign' ? holder : null;
  if (settled !== valid || duplicate.isPending) return { verdict: { state: 'checking' }, holder: shownHolder };
  if (duplicate.data && duplicate.data.state !== 'free') {
    // No holder line: the refusal names date and branch only (here, or another branch in headquarters' registry).
    const { registeredAt, branchName } = duplicate.data;
    return { verdict: { state: 'duplicate', registeredAt, branchName, elsewhere: duplicate.data.state === 'elsewhere' }, holder: null };
  }
  if (kind === 'foreign') {
    if (holder.isPending) return { verdict: { state: 'checking' }, holder };
    if (holder.error || holder.data.status !== 'issued') return { verdict: { state: 'unusable' }, holder };
  }
  return { verdict: live, holder: shownHolder };
}
