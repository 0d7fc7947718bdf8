import type { Session } from '../../src-main/ipc/sessions';
import { nationalCode, type TestApp } from './app';

/** Registers a citizen through the router (clerk session), in the first open insurance group. */
export async function registerCitizen(
  app: TestApp,
  clerk: Session,
  branchId: number,
  first9: string,
  opts: { mobile?: string | null; insuranceNumber?: string } = {},
): Promise<{ accountId: number; code: string }> {
  const groups = await app.ok(clerk, 'reference:groups', {});
  const open = groups.find((g) => g.registrationOpen)!;
  const terms = await app.ok(clerk, 'settings:terms', {});
  const code = nationalCode(first9);
  const reg = await app.ok(clerk, 'accounts:register', {
    kind: 'citizen',
    nationalCode: code,
    termsAccepted: true,
    termsVersion: terms.version,
    idDocument: { type: 'national_card', number: code },
    branchId,
    insuranceGroupId: open.id,
    insuranceNumber: opts.insuranceNumber ?? '1234567890',
    ...(opts.mobile === null ? {} : { mobile: opts.mobile ?? '09121234567' }),
  });
  return { accountId: reg.accountId, code };
}

/** The tracking code and the password of a REC-2 reset text. */
export function parseResetSms(text: string): { tracking: string; password: string } {
  const m = /کد رهگیری (\d{8}) رمز (\d{8}) تخصیص داده شد\.$/.exec(text);
  if (!m) throw new Error(`not a reset SMS: ${text}`);
  return { tracking: m[1]!, password: m[2]! };
}

/** Row counts of every table of the schema (knex's own and SQLite's excepted). */
export async function rowCounts(app: TestApp): Promise<Record<string, number>> {
  const tables = (await app.ctx.db('sqlite_master')
    .where({ type: 'table' })
    .whereNot('name', 'like', 'sqlite_%')
    .whereNot('name', 'like', 'knex_%')
    .orderBy('name')
    .pluck('name')) as string[];
  const counts: Record<string, number> = {};
  for (const t of tables) {
    const [{ n }] = (await app.ctx.db(t).count({ n: '*' })) as [{ n: number }];
    counts[t] = Number(n);
  }
  return counts;
}
