import { describe, expect, it } from 'vitest';
import { nationalCode, useAppStarter } from '../helpers/app';
import { citizenDesk, FOREIGN_HOLDER, registerForeign, registrationInput, rowCounts, type CitizenDesk } from '../helpers/desk-flow';

/**
 * BR-3: the person at the counter is present "with their documents". A national card names its
 * holder by national code, so the card the clerk types must be this citizen's own — an outside
 * probe (2026-12-06) registered one citizen with another's card number, and reset a password and
 * unlocked an account with the card «0000000000». Other documents (passport, birth certificate, …)
 * carry numbers the desk has nothing to compare with; they are recorded as seen.
 */
const start = useAppStarter();
const OTHERS = nationalCode('009876543');
const errorOf = (r: { ok: boolean; error?: { code: string; issues?: Array<{ path: Array<string | number>; code: string }> } }) => (r.ok ? 'ok' : r.error!.code);

describe('a national card must be the person’s own', () => {
  it('registration: a citizen with another national code on the card, or a foreign national with a national card, is refused beside the number; nothing is written', async () => {
    const d: CitizenDesk = await citizenDesk(await start());
    const before = await rowCounts(d.app);
    const mine = nationalCode('004445556');
    const input = await registrationInput(d, { nationalCode: mine }, { idDocument: { type: 'national_card', number: OTHERS } });
    const r = await d.app.call(d.clerk, 'accounts:register', input);
    expect(errorOf(r)).toBe('VALIDATION');
    expect(r.ok ? [] : r.error.issues).toContainEqual(expect.objectContaining({ path: ['idDocument', 'number'], code: 'DOCUMENT_NOT_HOLDERS' }));
    // Persian digits and spaces typed from the card are the same number: accepted.
    const typed = mine.replace(/\d/g, (c) => '۰۱۲۳۴۵۶۷۸۹'[Number(c)]!).replace(/^(...)/, '$1 ');
    expect(await rowCounts(d.app)).toEqual(before);
    const ok = await d.app.call(d.clerk, 'accounts:register', { ...input, idDocument: { type: 'national_card', number: typed } });
    expect(errorOf(ok)).toBe('ok');

    const { identifier } = await d.app.ok(d.supervisor, 'identifiers:issue', FOREIGN_HOLDER);
    const foreign = await registrationInput(d, { foreignId: identifier }, { idDocument: { type: 'national_card', number: OTHERS } });
    const f = await d.app.call(d.clerk, 'accounts:register', foreign);
    expect(f.ok ? [] : f.error.issues).toContainEqual(expect.objectContaining({ path: ['idDocument', 'number'], code: 'DOCUMENT_NOT_HOLDERS' }));
    // The passport they hold is what is seen and recorded.
    expect((await registerForeign(d, identifier, { idDocument: { type: 'passport', number: FOREIGN_HOLDER.documentNumber } })).username).toBe(identifier);
  });

  it('reset, unlock, e-mail and mobile change at the counter refuse another person’s national card (DOCUMENT_NOT_HOLDERS) and change nothing', async () => {
    const d = await citizenDesk(await start({ trainingMode: true }), { mobile: '09121234567' });
    const before = await rowCounts(d.app);
    const card = { type: 'national_card', number: '0000000000' };
    const theirs = { type: 'national_card', number: OTHERS };
    for (const idDocument of [card, theirs]) {
      expect(errorOf(await d.app.call(d.clerk, 'resets:at-counter', { accountId: d.accountId, idDocument }))).toBe('DOCUMENT_NOT_HOLDERS');
      expect(errorOf(await d.app.call(d.clerk, 'accounts:unlock', { accountId: d.accountId, idDocument }))).toBe('DOCUMENT_NOT_HOLDERS');
      expect(errorOf(await d.app.call(d.clerk, 'accounts:update-email', { accountId: d.accountId, email: 'a@example.com', idDocument }))).toBe('DOCUMENT_NOT_HOLDERS');
      expect(errorOf(await d.app.call(d.clerk, 'accounts:request-mobile-change', { accountId: d.accountId, mobile: '09351112233', idDocument }))).toBe('DOCUMENT_NOT_HOLDERS');
    }
    expect(await rowCounts(d.app)).toEqual(before);
    // The person's own card, and a document with nothing to compare, go through.
    expect(errorOf(await d.app.call(d.clerk, 'accounts:unlock', { accountId: d.accountId, idDocument: { type: 'national_card', number: d.code } }))).toBe('ok');
    expect(errorOf(await d.app.call(d.clerk, 'resets:at-counter', { accountId: d.accountId, idDocument: { type: 'birth_certificate', number: '123456' } }))).toBe('ok');
  });
});
