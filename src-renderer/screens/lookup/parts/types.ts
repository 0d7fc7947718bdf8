import type { z } from 'zod';
import type { AccountDetailSchema } from '../../../../shared/contract/accounts.contract';

export type AccountDetail = z.infer<typeof AccountDetailSchema>;

/** The dialogs of the account page; one is open at a time. */
export type AccountDialog = 'reset' | 'mobile' | 'email' | 'unlock' | 'disable' | 'void';

/** What the counter has seen most: a national card. The clerk changes it when it is not. */
export const DEFAULT_ID_DOCUMENT = { type: 'national_card', number: '' } as const;
