import { documentFitsHolder, type IdDocument } from '../../shared/contract/common';
import { AppError } from '../../shared/errors';

/**
 * BR-3 at the counter: the person is present with their documents, and a national card shown for
 * an account must be its holder's own (documentFitsHolder). Refused before anything is written.
 */
export function requireHoldersDocument(account: { kind: 'citizen' | 'foreign'; username: string }, doc: IdDocument): void {
  if (!documentFitsHolder(doc, account)) throw new AppError('DOCUMENT_NOT_HOLDERS');
}
