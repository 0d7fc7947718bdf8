import type { z } from 'zod';
import { contract, type Output } from '../../../shared/contract';

export const issueSchema = contract['identifiers:issue'].input;
export type IssueFormValues = z.input<typeof issueSchema>;
export type ForeignIdentifier = Output<'identifiers:issue'>;
