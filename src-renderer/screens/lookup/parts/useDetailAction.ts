import { useQueryClient } from '@tanstack/react-query';
import type { Channel, Output } from '../../../../shared/contract';
import { useAction } from '../../../api/hooks';
import type { AccountDetail } from './types';

type DetailChannel = { [C in Channel]: Output<C> extends AccountDetail ? C : never }[Channel];

/**
 * An account-page write whose answer is the new account detail: the page takes it as is (one
 * audited view fewer than a refetch), and search results are refreshed.
 */
export function useDetailAction<C extends DetailChannel>(channel: C, accountId: number) {
  const qc = useQueryClient();
  const action = useAction(channel, { invalidates: ['accounts:search', 'outbox:list'] });
  const store = (detail: AccountDetail) => qc.setQueryData(['accounts:get', { accountId }], detail);
  return { action, store };
}
