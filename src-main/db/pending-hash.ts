import { LOCKED_HEAD_SQL, rememberLockedHead } from './audit.repo';
import { engineOf, type WriteTx } from './types';

/**
 * What a password hash column holds between its row's INSERT and `writePendingHash` in the same
 * transaction (issue 11 item 4: a registration or a counter reset writes its row while argon2id
 * runs, and only the hash after it). Not an argon2 string, so nothing verifies against it, and no
 * committed row holds it: a hash that fails rolls the whole transaction back.
 */
export const PASSWORD_HASH_PENDING = '!pending';

/**
 * The hash of a row inserted with `PASSWORD_HASH_PENDING` in this transaction (a new account, a
 * new reset). PostgreSQL: the same statement takes the audit head's lock for the audit entry that
 * follows (`lockHead` then sends nothing): after the hash, one round trip fewer to the server.
 */
export async function writePendingHash(q: WriteTx, table: 'accounts' | 'password_resets', id: number, hash: string): Promise<void> {
  if (engineOf(q) === 'postgresql') {
    const { rows } = (await q.raw(
      `with h as (${LOCKED_HEAD_SQL})
       update ?? as t set password_hash = ? from h where t.id = ? and t.password_hash = ? returning h.last_id, h.last_hash`,
      [table, hash, id, PASSWORD_HASH_PENDING],
    )) as { rows: Array<{ last_id: unknown; last_hash: string }> };
    if (rows.length !== 1) throw new Error(`${table} ${id} has no pending password hash`);
    rememberLockedHead(q, rows[0]);
    return;
  }
  const n = await q(table).where({ id, password_hash: PASSWORD_HASH_PENDING }).update({ password_hash: hash });
  if (n !== 1) throw new Error(`${table} ${id} has no pending password hash`);
}
