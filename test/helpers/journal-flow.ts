import { expect } from 'vitest';
import type { Db } from '../../src-main/db/connection';
import { rowToJournal, type JournalDbRow, type JournalRow } from '../../src-main/db/journal.repo';
import { CLERK_PASSWORD, SUPERVISOR, TEMPORARY_PASSWORD, nationalCode, type TestApp } from './app';
import { branchDesk, FOREIGN_HOLDER, parseResetSms, registerCitizen, registerForeign } from './desk-flow';

/** Every journal entry, station by station, in order. */
export const journalRows = async (db: Db): Promise<JournalRow[]> =>
  (await db('journal').orderBy(['station_id', 'seq']).select<JournalDbRow[]>('*')).map(rowToJournal);

/**
 * Every change a branch makes, through the router as clerks, supervisors and citizens do:
 * setup, registration (citizen and foreign), counter reset and its SMS, kiosk login with the SMS
 * password, the forced change, self-service recovery, mobile change with the code, e-mail,
 * unlock, disable/enable, void (freeing the identifier), identifier issue and revoke. Returns
 * every secret that went by (passwords, hashes, tracking codes, SMS texts, one-time codes).
 */
export async function runJournaledFlow(app: TestApp): Promise<{ secrets: string[]; citizen: string; foreignId: string }> {
  const desk = await branchDesk(app);
  const { clerk, supervisor } = desk;
  const secrets: string[] = [SUPERVISOR.password, CLERK_PASSWORD, TEMPORARY_PASSWORD];
  const reg = await registerCitizen(desk, '001234567');
  const doc = { type: 'national_card', number: reg.code };
  const reset = await app.ok(clerk, 'resets:at-counter', { accountId: reg.accountId, idDocument: doc });
  secrets.push(reset.trackingCode);
  await app.ctx.dispatcher.runOnce();
  const { password } = parseResetSms(app.sentSms()[0]!.text);
  secrets.push(password);
  const kiosk = app.kioskSession();
  await app.ok(kiosk, 'portal:login', { username: reg.code, password });
  const chosen = 'Sun-Rise-1405';
  secrets.push(chosen);
  await app.ok(kiosk, 'portal:change-password', { current: password, next: chosen, repeat: chosen });
  // Self-service recovery at the kiosk (REC-1): a new tracking code and password by SMS.
  app.clock.advance(10 * 60_000);
  const kiosk2 = app.kioskSession();
  await app.ok(kiosk2, 'portal:captcha', {});
  await app.ok(kiosk2, 'portal:recover', { username: reg.code, mobile: '09121234567', captcha: kiosk2.captcha!.answer });
  // The mobile change: a one-time code to the new number, typed at the counter.
  const change = await app.ok(clerk, 'accounts:request-mobile-change', { accountId: reg.accountId, mobile: '09351112233', idDocument: doc });
  await app.ctx.dispatcher.runOnce();
  const codeSms = app.sentSms().find((m) => m.to === '09351112233')!;
  const oneTime = /(\d{6})/.exec(codeSms.text)![1]!;
  secrets.push(oneTime);
  await app.ok(clerk, 'accounts:confirm-mobile-change', { verificationId: change.verificationId, code: oneTime });
  await app.ok(clerk, 'accounts:update-email', { accountId: reg.accountId, email: 'citizen@example.ir', idDocument: doc });
  await app.ok(clerk, 'accounts:unlock', { accountId: reg.accountId, idDocument: doc });
  await app.ok(supervisor, 'accounts:set-disabled', { accountId: reg.accountId, disabled: true, reason: 'درخواست بیمه‌شده' });
  await app.ok(supervisor, 'accounts:set-disabled', { accountId: reg.accountId, disabled: false, reason: 'درخواست بیمه‌شده' });
  // A foreign national: identifier issued, used by a registration, freed by a void; a second revoked.
  const ident = await app.ok(supervisor, 'identifiers:issue', FOREIGN_HOLDER);
  const foreign = await registerForeign(desk, ident.identifier);
  await app.ok(supervisor, 'accounts:void', { accountId: foreign.accountId, reason: 'ثبت اشتباه' });
  const other = await app.ok(supervisor, 'identifiers:issue', { ...FOREIGN_HOLDER, documentNumber: 'P7654321' });
  await app.ok(supervisor, 'identifiers:revoke', { identifier: other.identifier, reason: 'صدور اشتباه' });
  await registerCitizen(desk, '001234568', { mobile: null });
  await app.ctx.dispatcher.runOnce();
  for (const m of app.sentSms()) secrets.push(m.text, ...(m.text.match(/\d{6,8}/g) ?? []));
  for (const r of await app.ctx.db('password_resets').select('tracking_code', 'password_hash')) secrets.push(r.tracking_code as string, r.password_hash as string);
  for (const t of ['accounts', 'staff']) for (const r of await app.ctx.db(t).select('password_hash')) secrets.push(r.password_hash as string);
  for (const r of await app.ctx.db('mobile_verifications').select('code_hash')) secrets.push(r.code_hash as string);
  expect(nationalCode('001234567')).toBe(reg.code);
  return { secrets: [...new Set(secrets)], citizen: reg.code, foreignId: ident.identifier };
}

/** The journal of each station is 1, 2, 3, … with no gap, and the station's counter is past its end. */
export async function expectContiguous(db: Db): Promise<void> {
  const rows = await journalRows(db);
  const byStation = new Map<number, number[]>();
  for (const r of rows) byStation.set(r.stationId, [...(byStation.get(r.stationId) ?? []), r.seq]);
  for (const [stationId, seqs] of byStation) {
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    const st = await db('stations').where({ id: stationId }).first<{ journal_next_seq: number }>();
    expect(Number(st!.journal_next_seq)).toBe(seqs.length + 1);
  }
}

/**
 * Appends `n` valid account entries to a station's journal straight into the table (as if a busy
 * branch had registered that many), moving the station's counter on: for big-journal tests.
 */
export async function appendSyntheticEntries(db: Db, stationId: number, n: number, at = '2026-11-25T07:00:00.000Z'): Promise<void> {
  const st = await db('stations as s').join('branches as b', 'b.id', 's.branch_id').where('s.id', stationId).first<{ journal_next_seq: number; station_number: number; code: string }>();
  let seq = Number(st!.journal_next_seq);
  for (let left = n; left > 0; ) {
    const rows = Array.from({ length: Math.min(500, left) }, () => {
      const username = String(1_000_000_000 + seq).slice(0, 10);
      const s = seq++;
      return {
        station_id: stationId,
        seq: s,
        branch_code: st!.code,
        station_number: Number(st!.station_number),
        kind: 'account.registered',
        record_type: 'account',
        record_id: username,
        state: JSON.stringify({ status: 'active', username, kind: 'citizen', branchCode: st!.code }),
        at,
        actor: 'reza.clerk',
        audit_id: null,
        audit_hash: null,
      };
    });
    await db('journal').insert(rows);
    left -= rows.length;
  }
  await db('stations').where({ id: stationId }).update({ journal_next_seq: seq });
}
