import { createHash } from 'node:crypto';
import { findAccountById, searchAccounts, type AccountSearchKind } from '../../../src-main/db/accounts.repo';
import { searchAccountsByShape } from '../../../src-main/services/accounts.service';
import type { Actor } from '../../../src-main/services/env';
import { hashPassword, verifyPassword } from '../../../src-main/services/passwords';
import type { TestApp } from '../../helpers/app';
import { accountNo, nameSlots, slotOf } from './accounts-sql';
import { seeded } from '../../helpers/seeded';
import { figure, mean, p95, timed, type Figure } from './results';

/**
 * Issue 11 rows 1 and 6 and the README's figures, on the upgraded database:
 * - name prefix search through the service the search box calls (searchAccountsByShape: one
 *   read, its audit entry group-committed by the app's queue), p95 per round, for «رضا», «محمدی»,
 *   a two-letter prefix and a first name;
 * - an exact lookup by national code through the same service, p95;
 * - lookups by each shape in the repository and one argon2id hash/verify, as the README quotes them.
 * Baselines, measured in the same round: a primary-key read of an account (repository), and one SHA-256.
 */

type Engine = 'sqlite' | 'postgresql';

export const NAME_TERMS = [
  { label: '«رضا»', typed: 'رضا' },
  { label: '«محمدی»', typed: 'محمدی' },
  { label: 'two letters «مح»', typed: 'مح' },
  { label: 'a first name «فاطمه»', typed: 'فاطمه' },
] as const;

export interface LookupSizes {
  rounds: number;
  /** Searches per name term per round. */
  searches: number;
  /** Exact lookups (and primary-key reads) per round. */
  lookups: number;
  hashes: number;
}

async function samples(count: number, fn: (k: number) => Promise<unknown>): Promise<number[]> {
  for (let k = 0; k < Math.min(5, count); k++) await fn(k); // warm-up
  const out: number[] = [];
  for (let k = 0; k < count; k++) out.push(await timed(() => fn(k)));
  return out;
}

export async function lookupRows(app: TestApp, engine: Engine, accounts: number, size: LookupSizes, log: (s: string) => void): Promise<Figure[]> {
  const db = app.ctx.db;
  const env = app.ctx.env;
  const first = Number((await db('accounts').min({ id: 'id' }).first<{ id: number }>())!.id);
  const clerk = (await db('staff').where({ username: 'reza.clerk' }).first<{ id: number }>('id'))!;
  const actor: Actor = { type: 'staff', id: Number(clerk.id), name: 'reza.clerk' };
  const rnd = seeded(7);
  const any = () => Math.floor(rnd() * accounts);
  const slots = nameSlots();
  const r = {
    pkP95: [] as number[],
    pkMean: [] as number[],
    search: NAME_TERMS.map(() => [] as number[]),
    exact: [] as number[],
    repo: new Map<string, number[]>(),
    sha: [] as number[],
    hash: [] as number[],
    verify: [] as number[],
  };
  const repoKinds: Array<[string, AccountSearchKind, (i: number) => string]> = [
    ['national code', 'username', (i) => accountNo(i).code],
    ['insurance number', 'insuranceNumber', (i) => accountNo(i).insuranceNumber],
    ['mobile', 'mobile', (i) => accountNo(i - (i % 10 === 9 ? 1 : 0)).mobile!],
    ['name prefix (full name)', 'name', (i) => slots[slotOf(i)]!.name_search],
  ];
  const hashOf = await hashPassword('Bench-Verify-1405');
  for (let round = 0; round < size.rounds; round++) {
    const pk = await samples(size.lookups, () => findAccountById(db, first + any()));
    r.pkP95.push(p95(pk));
    r.pkMean.push(mean(pk) * 1000);
    for (const [t, term] of NAME_TERMS.entries()) {
      const found: number[] = [];
      r.search[t]!.push(p95(await samples(size.searches, async () => found.push((await searchAccountsByShape(env, actor, term.typed)).items.length))));
      if (Math.min(...found) === 0) throw new Error(`name search ${term.typed} found nothing`);
    }
    r.exact.push(
      p95(
        await samples(size.lookups, async () => {
          const res = await searchAccountsByShape(env, actor, accountNo(any()).code);
          if (res.kind !== 'nationalCode' || res.items.length !== 1) throw new Error(`exact lookup found ${res.items.length} (${res.kind})`);
        }),
      ),
    );
    for (const [label, kind, value] of repoKinds) {
      const us = mean(await samples(size.lookups, async () => {
        if ((await searchAccounts(db, kind, value(any()), 50)).length === 0) throw new Error(`repository lookup by ${label} found nothing`);
      })) * 1000;
      r.repo.set(label, [...(r.repo.get(label) ?? []), us]);
    }
    r.sha.push(mean(await samples(2000, async (k) => createHash('sha256').update(`password-${k}`).digest('hex'))));
    r.hash.push(mean(await samples(size.hashes, (k) => hashPassword(`password-${k}`))));
    r.verify.push(mean(await samples(size.hashes, () => verifyPassword(hashOf, 'Bench-Verify-1405'))));
    log(`  round ${round + 1}: search p95 ${r.search.map((s) => s.at(-1)!.toFixed(1)).join('/')} ms, exact ${r.exact.at(-1)!.toFixed(2)} ms, key ${r.pkP95.at(-1)!.toFixed(2)} ms`);
  }
  const pkBase = { what: 'primary-key read p95', unit: 'ms', rounds: r.pkP95 };
  const figures: Figure[] = NAME_TERMS.map((term, t) =>
    figure({ bench: 'desk', row: `name search ${term.label} p95 (service + audit)`, engine, unit: 'ms', rounds: r.search[t]! }, pkBase, { text: '≤ 30 ms', on: 'median', at: 30, better: 'lower' }),
  );
  figures.push(figure({ bench: 'desk', row: 'exact lookup by national code p95 (service + audit)', engine, unit: 'ms', rounds: r.exact }, pkBase, { text: '≤ 1.5 ms', on: 'median', at: 1.5, better: 'lower' }));
  const pkMean = { what: 'primary-key read', unit: 'µs', rounds: r.pkMean };
  for (const [label, us] of r.repo) figures.push(figure({ bench: 'desk', row: `README: lookup by ${label} (repository, mean)`, engine, unit: 'µs', rounds: us }, pkMean));
  const sha = { what: 'one SHA-256', unit: 'ms', rounds: r.sha };
  figures.push(figure({ bench: 'desk', row: 'README: one argon2id hash (m=19 MiB, t=2, p=1)', engine, unit: 'ms', rounds: r.hash }, sha));
  figures.push(figure({ bench: 'desk', row: 'README: one argon2id verify', engine, unit: 'ms', rounds: r.verify }, sha));
  return figures;
}
