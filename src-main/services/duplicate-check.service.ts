import type { Output } from '../../shared/contract';
import { findAccountByUsername } from '../db/accounts.repo';
import { audit, inTx, type Actor, type ServiceEnv } from './env';
import { branchLabel, liveElsewhere } from './hq-registry.service';
import { thisStation } from './station-identity.service';

/**
 * REG-5 early: whether a national code or identifier already has a live account — here, or at
 * another branch in the last copy of headquarters' registry (what registration would refuse as
 * REGISTERED_ELSEWHERE) — told to the clerk while the form is still being filled, when and at
 * which branch only. A read of a person's record, so it is audited like a lookup, in the read's
 * own transaction.
 */
export async function checkDuplicate(env: ServiceEnv, actor: Actor, username: string): Promise<Output<'accounts:check-duplicate'>> {
  const here = await thisStation(env);
  return inTx(env, async (tx) => {
    const kind = username.length === 10 ? 'nationalCode' : 'foreignId';
    const a = await findAccountByUsername(tx, username);
    if (a) {
      await audit(tx, env, actor, { action: 'account.duplicate-check', subjectType: 'account', subjectId: a.id, details: { kind, found: true } });
      return { state: 'registered', registeredAt: a.registeredAt, branchName: a.branchName };
    }
    const r = await liveElsewhere(tx, here?.branch.code ?? null, username);
    if (r) {
      await audit(tx, env, actor, { action: 'account.duplicate-check', details: { kind, found: true, branchCode: r.branchCode } });
      return { state: 'elsewhere', registeredAt: r.registeredAt, branchName: await branchLabel(tx, r.branchCode) };
    }
    await audit(tx, env, actor, { action: 'account.duplicate-check', details: { kind, found: false } });
    return { state: 'free' };
  });
}
