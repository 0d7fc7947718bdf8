import type { Output } from '../../shared/contract';
import { findAccountByUsername } from '../db/accounts.repo';
import { audit, inTx, type Actor, type ServiceEnv } from './env';

/**
 * REG-5 early: whether a national code or identifier already has a live account, told to the
 * clerk while the form is still being filled — when and at which branch only. A read of a
 * person's record, so it is audited like a lookup, in the read's own transaction.
 */
export async function checkDuplicate(env: ServiceEnv, actor: Actor, username: string): Promise<Output<'accounts:check-duplicate'>> {
  return inTx(env, async (tx) => {
    const a = await findAccountByUsername(tx, username);
    await audit(tx, env, actor, {
      action: 'account.duplicate-check',
      ...(a ? { subjectType: 'account', subjectId: a.id } : {}),
      details: { kind: username.length === 10 ? 'nationalCode' : 'foreignId', found: a !== undefined },
    });
    return a ? { state: 'registered', registeredAt: a.registeredAt, branchName: a.branchName } : { state: 'free' };
  });
}
