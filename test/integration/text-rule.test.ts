import { describe, expect, it } from 'vitest';
import type { Channel } from '../../shared/contract';
import { TEXT_CONTROL_CHARS } from '../../shared/text/control-chars';
import type { Session } from '../../src-main/ipc/sessions';
import { useTestApp } from '../helpers/app';
import { branchDesk, FOREIGN_HOLDER, registerCitizen, registrationInput } from '../helpers/desk-flow';
import { nationalCode } from '../helpers/app';

const NUL = '\u0000';
const RLO = '\u202e';
const LONE = '\ud83d';

describe('control characters are refused at the contract, with VALIDATION and a field code (issue 10 item 5)', () => {
  const desk = useTestApp(branchDesk);

  /** The call is refused with VALIDATION naming TEXT_CONTROL_CHARS at `field`. */
  async function expectRefused(session: Session, channel: Channel, input: Record<string, unknown>, field: string): Promise<void> {
    const r = await desk().app.call(session, channel, input);
    expect(r.ok === false && r.error.code, `${channel} ${field}`).toBe('VALIDATION');
    const issue = r.ok ? undefined : r.error.issues?.find((i) => i.path.join('.') === field);
    expect(issue?.code, `${channel} ${field}`).toBe(TEXT_CONTROL_CHARS);
    expect(issue?.message).toMatch(/[\u0600-\u06FF]/);
  }

  it('names at registration and on identifiers, and a staff display name', async () => {
    const { app, clerk, supervisor } = desk();
    const input = await registrationInput(desk(), { nationalCode: nationalCode('001234567') });
    await expectRefused(clerk, 'accounts:register', { ...input, firstName: `علی${NUL}` }, 'firstName');
    await expectRefused(clerk, 'accounts:register', { ...input, lastName: `${RLO}یمیرک` }, 'lastName');
    await expectRefused(supervisor, 'identifiers:issue', { ...FOREIGN_HOLDER, firstNameFa: `احمد${LONE}` }, 'firstNameFa');
    await expectRefused(supervisor, 'identifiers:issue', { ...FOREIGN_HOLDER, fatherName: 'محمود\u2066' }, 'fatherName');
    await expectRefused(supervisor, 'staff:create', { username: 'mina.clerk', displayName: 'مینا\u001b[31m', role: 'clerk', temporaryPassword: 'Hand-Over-1405' }, 'displayName');
    expect(await app.ctx.db('accounts').count({ n: '*' })).toEqual([{ n: 0 }]);
    expect(await app.ctx.db('staff').where({ username: 'mina.clerk' })).toHaveLength(0);
  });

  it('reasons and the terms text; ZWNJ and line breaks in the terms stay allowed', async () => {
    const { app, supervisor } = desk();
    const reg = await registerCitizen(desk(), '001234567');
    await expectRefused(supervisor, 'accounts:set-disabled', { accountId: reg.accountId, disabled: true, reason: 'درخواست\u0007 خود شخص' }, 'reason');
    await expectRefused(supervisor, 'accounts:void', { accountId: reg.accountId, reason: `اشتباه ${RLO}تایپی` }, 'reason');
    await expectRefused(supervisor, 'settings:update', { termsText: 'متن شرایط ثبت نام با نویسهٔ پنهان\u0000 در میان.' }, 'termsText');
    const terms = 'متن شرایط ثبت نام، سطر نخست.\r\nسطر دوم با نیم‌فاصله: می‌پذیرد.';
    expect((await app.ok(supervisor, 'settings:update', { termsText: terms })).termsText).toBe(terms);
  });

  it('the branch CSV: refused whole at the contract, and line by line in the import itself (the command line path)', async () => {
    const { app, supervisor } = desk();
    await expectRefused(supervisor, 'reference:import-branches', { csv: `code,name\n2001,شعبهٔ یک${RLO}\n` }, 'csv');
    // A quoted field may hide a control character from the contract's multi-line check only if
    // it is a newline; the import refuses it per field with the line number.
    const r = await app.ok(supervisor, 'reference:import-branches', { csv: 'code,name\n2001,"شعبهٔ\nیک"\n2002,شعبهٔ دو\n' });
    expect(r.imported).toBe(0);
    expect(r.errors).toEqual([{ line: 3, code: TEXT_CONTROL_CHARS, message: expect.stringMatching(/[\u0600-\u06FF]/) }]);
  });
});
