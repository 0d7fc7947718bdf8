import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { insertAccount } from '../../src-main/db/accounts.repo';
import type { Db } from '../../src-main/db/connection';
import { findStaffById, updateStaff } from '../../src-main/db/staff.repo';
import type { Q, WriteTx } from '../../src-main/db/types';

const ROOT = path.resolve(__dirname, '../../src-main');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
  );
}

describe('writes only inside a transaction, by type (issue 10 item 1, STYLE.md next steps 2)', () => {
  it('a bare connection or an unbranded transaction is not a write handle; a write handle still reads', () => {
    expectTypeOf<Db>().not.toExtend<WriteTx>();
    expectTypeOf<Parameters<typeof insertAccount>[0]>().toEqualTypeOf<WriteTx>();
    expectTypeOf<Parameters<typeof updateStaff>[0]>().toEqualTypeOf<WriteTx>();
    expectTypeOf<WriteTx>().toExtend<Q>();
    expectTypeOf<Parameters<typeof findStaffById>[0]>().toEqualTypeOf<Q>();
    // A stray write on the connection does not compile (checked by `npm run typecheck`):
    const stray = (db: Db) =>
      // @ts-expect-error updateStaff needs the WriteTx that only inTx/writeTransaction gives.
      updateStaff(db, 1, { mustChangePassword: true });
    expect(typeof stray).toBe('function');
  });

  it('the write handle is minted in one place only: db/connection.ts writeTransaction', () => {
    const minting = sources(ROOT).filter((f) => /as (unknown as )?WriteTx\b|<WriteTx>/.test(readFileSync(f, 'utf8')));
    expect(minting.map((f) => path.relative(ROOT, f))).toEqual(['db/connection.ts']);
  });
});
