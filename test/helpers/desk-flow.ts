import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { Output } from '../../shared/contract';
import { decryptSecret } from '../../src-main/core/secrets';
import type { Session } from '../../src-main/ipc/sessions';
import { inTx } from '../../src-main/services/env';
import { queueSms } from '../../src-main/services/outbox.service';
import { nationalCode, setUpBranch, type TestApp } from './app';

/** An app with its branch set up (setUpBranch): the sessions and the branch most tests work with. */
export type Desk = { app: TestApp } & Awaited<ReturnType<typeof setUpBranch>>;

/** setUpBranch, kept together with its app (a setUp for useTestApp). */
export async function branchDesk(app: TestApp): Promise<Desk> {
  return { app, ...(await setUpBranch(app)) };
}

/** What a registration needs: the app, the clerk who registers, and the branch. */
export type Counter = Pick<Desk, 'app' | 'clerk' | 'branchId'>;

/** A foreign national's document holder, as a supervisor issues the identifier (identifiers:issue). */
export const FOREIGN_HOLDER = {
  firstNameFa: 'احمد',
  lastNameFa: 'رحیمی',
  firstNameLatin: 'Ahmad',
  lastNameLatin: 'Rahimi',
  fatherName: 'محمود',
  nationality: 'AF',
  documentType: 'passport',
  documentNumber: 'P1234567',
  birthDate: '1990-03-21',
};

/** What a registration may change; everything else is the clerk's usual form. */
export interface RegisterOptions {
  /** 09121234567 unless given; null registers without a mobile. */
  mobile?: string | null;
  /** 1234567890 unless given. */
  insuranceNumber?: string;
  /** The document the clerk saw: the citizen's national card, or the holder's passport P1234567. */
  idDocument?: { type: string; number: string };
  /** The first group open for registration unless given. */
  insuranceGroupId?: number;
  firstName?: string;
  lastName?: string;
}

/** The accounts:register input of the clerk's form (the current terms, accepted) for a citizen or a foreign national. */
export async function registrationInput(
  { app, clerk, branchId }: Counter,
  who: { nationalCode: string } | { foreignId: string },
  opts: RegisterOptions = {},
): Promise<Record<string, unknown>> {
  const groups = await app.ok(clerk, 'reference:groups', {});
  const terms = await app.ok(clerk, 'settings:terms', {});
  const { mobile = '09121234567', insuranceNumber = '1234567890', idDocument, insuranceGroupId, ...names } = opts;
  const citizen = 'nationalCode' in who;
  return {
    ...(citizen ? { kind: 'citizen', nationalCode: who.nationalCode } : { kind: 'foreign', foreignId: who.foreignId }),
    termsAccepted: true,
    termsVersion: terms.version,
    idDocument: idDocument ?? (citizen ? { type: 'national_card', number: who.nationalCode } : { type: 'passport', number: FOREIGN_HOLDER.documentNumber }),
    branchId,
    insuranceGroupId: insuranceGroupId ?? groups.find((g) => g.registrationOpen)!.id,
    insuranceNumber,
    ...(mobile === null ? {} : { mobile }),
    ...names,
  };
}

export type Registered = Output<'accounts:register'> & { code: string };

/** Registers a citizen (the national code completed from `first9`) through the router, as the clerk. */
export async function registerCitizen(counter: Counter, first9: string, opts: RegisterOptions = {}): Promise<Registered> {
  const code = nationalCode(first9);
  const reg = await counter.app.ok(counter.clerk, 'accounts:register', await registrationInput(counter, { nationalCode: code }, opts));
  return { ...reg, code };
}

/** Registers a foreign national by an issued identifier through the router, as the clerk. */
export async function registerForeign(counter: Counter, foreignId: string, opts: RegisterOptions = {}): Promise<Output<'accounts:register'>> {
  return counter.app.ok(counter.clerk, 'accounts:register', await registrationInput(counter, { foreignId }, opts));
}

/** A desk with one registered citizen (first9 001234567 unless given) and a kiosk session. */
export type CitizenDesk = Desk & { accountId: number; code: string; kiosk: Session };

export async function citizenDesk(app: TestApp, opts: RegisterOptions & { first9?: string } = {}): Promise<CitizenDesk> {
  const { first9 = '001234567', ...registration } = opts;
  const desk = await branchDesk(app);
  const { accountId, code } = await registerCitizen(desk, first9, registration);
  return { ...desk, accountId, code, kiosk: app.kioskSession() };
}

/**
 * A registered citizen with a counter reset queued: the reset, its message, and the password
 * waiting in the message's row (opened with keys/outbox.key, as the dispatcher would).
 */
export async function queueCounterReset(counter: Counter, first9 = '001234567') {
  const { app, clerk } = counter;
  const { accountId, code } = await registerCitizen(counter, first9);
  const r = await app.ok(clerk, 'resets:at-counter', { accountId, idDocument: { type: 'national_card', number: code } });
  const smsId = (await app.ctx.db('password_resets').where({ id: r.resetId }).first<{ sms_id: number }>())!.sms_id;
  const sealed = (await readOutboxRow(app, smsId))!.secret_enc!;
  const password = decryptSecret(readFileSync(path.join(app.dataDir, 'keys', 'outbox.key')), sealed);
  return { accountId, code, resetId: r.resetId, trackingCode: r.trackingCode, smsId, password };
}

export interface OutboxRow {
  id: number;
  reference: string;
  status: string;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  body_template: string;
  secret_enc: string | null;
  sent_at: string | null;
  provider_message_id: string | null;
}

export const readOutboxRow = (app: TestApp, id: number) => app.ctx.db('sms_outbox').where({ id }).first<OutboxRow>();

/**
 * `n` notices (no secret, no account: each its own person) queued in one transaction, due now and
 * for an hour, to 0912`firstMobile`, 0912`firstMobile + 1`, …; their ids in order.
 */
export async function queueNotices(app: TestApp, n: number, firstMobile: number): Promise<number[]> {
  const env = app.ctx.env;
  return inTx(env, async (tx) => {
    const ids: number[] = [];
    for (let i = 0; i < n; i++) {
      ids.push(await queueSms(tx, env, { purpose: 'test', to: `0912${firstMobile + i}`, template: `notice ${i}`, expiresAt: new Date(app.clock.now().getTime() + 3600_000) }));
    }
    return ids;
  });
}

/** Moves the clock to when every queued message is due again. */
export async function advanceUntilDue(app: TestApp): Promise<void> {
  const rows = (await app.ctx.db('sms_outbox').where({ status: 'queued' }).pluck('next_attempt_at')) as string[];
  const latest = Math.max(...rows.map((r) => new Date(r).getTime()));
  if (latest > app.clock.now().getTime()) app.clock.set(new Date(latest));
}

/**
 * BR-1 BR-3 REC-2 REC-5 LOG-2 LOG-5 on a fresh app, through the router and checked at every step:
 * setup → register → counter reset → SMS → kiosk login → forced change → permissions.
 */
export async function runCounterFlow(app: TestApp): Promise<void> {
  const desk = await branchDesk(app);
  const reg = await registerCitizen(desk, '001234567');
  expect(reg.message).toBe('ثبت نام با موفقیت انجام شد');
  const reset = await app.ok(desk.clerk, 'resets:at-counter', { accountId: reg.accountId, idDocument: { type: 'national_card', number: reg.code } });
  expect(reset.trackingCode).toMatch(/^\d{8}$/);
  expect(JSON.stringify(reset)).not.toMatch(/رمز/);
  await app.ctx.dispatcher.runOnce();
  const [sms] = app.sentSms();
  const { tracking, password } = parseResetSms(sms!.text);
  expect(tracking).toBe(reset.trackingCode);
  const kiosk = app.kioskSession();
  const me = await app.ok(kiosk, 'portal:login', { username: reg.code, password });
  expect(me.mustChangePassword).toBe(true);
  const after = await app.ok(kiosk, 'portal:change-password', { current: password, next: 'Sun-Rise-1405', repeat: 'Sun-Rise-1405' });
  expect(after.permissions).toEqual(['issue_payment_slip', 'receive_payment_receipt']);
  const detail = await app.ok(desk.clerk, 'accounts:get', { accountId: reg.accountId });
  expect(detail.mustChangePassword).toBe(false);
  expect(detail.resets[0]).toMatchObject({ trackingCode: reset.trackingCode, state: 'used', smsState: 'sent' });
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
