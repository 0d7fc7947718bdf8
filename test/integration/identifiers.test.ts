import { describe, expect, it } from 'vitest';
import { isValidForeignId, makeForeignId } from '../../shared/identifiers/foreign-id';
import { nationalCode, useTestApp } from '../helpers/app';
import { branchDesk, FOREIGN_HOLDER, registrationInput, type RegisterOptions } from '../helpers/desk-flow';

describe('foreign-national identifiers (REG-4, REG-7, BR-2)', () => {
  const desk = useTestApp(branchDesk);

  const foreign = (foreignId: string, opts: RegisterOptions = {}) =>
    registrationInput(desk(), { foreignId }, { insuranceNumber: '2233445566', mobile: '09351234567', ...opts });
  const issue = (over: Record<string, unknown> = {}) => desk().app.ok(desk().supervisor, 'identifiers:issue', { ...FOREIGN_HOLDER, ...over });
  const identifierRow = (identifier: string) => desk().app.ctx.db('foreign_identifiers').where({ identifier }).first();

  it('BR-2 refuses a clerk issuing or revoking an identifier, and consumes nothing', async () => {
    const { app, clerk } = desk();
    const r = await app.call(clerk, 'identifiers:issue', FOREIGN_HOLDER);
    expect(r.ok === false && r.error.code).toBe('FORBIDDEN');
    expect(await app.ctx.db('foreign_identifiers')).toHaveLength(0);
    expect((await app.ctx.db('stations').first()).next_sequence).toBe(1);
    const issued = await issue();
    const rv = await app.call(clerk, 'identifiers:revoke', { identifier: issued.identifier, reason: 'صادر شده به اشتباه' });
    expect(rv.ok === false && rv.error.code).toBe('FORBIDDEN');
    expect((await identifierRow(issued.identifier)).status).toBe('issued');
  });

  it('BR-2 lets a supervisor issue: the branch code, station 07, the station sequence and a Damm digit, consecutively', async () => {
    const { app, supervisor } = desk();
    const here = await app.ok(supervisor, 'setup:state', {});
    const branchCode = here.branch!.code;
    expect(branchCode).toMatch(/^\d{4}$/);
    const a = await issue();
    const b = await issue({ documentNumber: 'P7654321' });
    const c = await issue({ nationality: 'IQ', documentType: 'residence_permit', documentNumber: 'R99' });
    for (const [i, x] of [a, b, c].entries()) {
      expect(x.identifier).toMatch(/^\d{12}$/);
      expect(isValidForeignId(x.identifier)).toBe(true);
      expect(x.identifier.slice(0, 4)).toBe(branchCode);
      expect(x.identifier.slice(4, 6)).toBe('07');
      expect(x.identifier.slice(6, 11)).toBe(String(i + 1).padStart(5, '0'));
      expect(x.identifier).toBe(makeForeignId(branchCode, 7, i + 1));
      expect(x.status).toBe('issued');
      expect(x.issuedBy).toBe('سارا محمدی'); // the issuer's display name, not the username (issue 12 item 4)
    }
    const rows = await app.ctx.db('foreign_identifiers').orderBy('id');
    expect(rows.map((r) => r.sequence)).toEqual([1, 2, 3]);
    expect((await app.ctx.db('stations').first()).next_sequence).toBe(4);
    const audited = await app.ctx.db('audit_log').where({ action: 'identifier.issued' }).orderBy('id');
    expect(audited.map((e) => e.subject_id)).toEqual([a.identifier, b.identifier, c.identifier]);
    expect(audited[0].actor_name).toBe('sara.supervisor');
  });

  it('BR-2 refuses a second identifier for a document that holds a live one, and names it', async () => {
    const { app, supervisor } = desk();
    const first = await issue();
    // The same passport typed with a dash, spaces and lower case is the same document.
    const again = await app.call(supervisor, 'identifiers:issue', { ...FOREIGN_HOLDER, documentNumber: 'p-123 4567' });
    expect(again.ok).toBe(false);
    if (again.ok) return;
    expect(again.error.code).toBe('IDENTIFIER_EXISTS');
    expect(again.error.details).toEqual({ identifier: first.identifier });
    expect(await app.ctx.db('foreign_identifiers')).toHaveLength(1);
    // Another country's passport with the same number is another document.
    const other = await issue({ nationality: 'PK' });
    expect(other.identifier).not.toBe(first.identifier);
  });

  it('BR-2 gives the document a new identifier after the live one is revoked', async () => {
    const { app, supervisor } = desk();
    const first = await issue();
    const revoked = await app.ok(supervisor, 'identifiers:revoke', { identifier: first.identifier, reason: 'نام اشتباه ثبت شده' });
    expect(revoked.status).toBe('revoked');
    expect(revoked.revokeReason).toBe('نام اشتباه ثبت شده');
    expect(revoked.revokedAt).toBe(app.clock.now().toISOString());
    const audited = await app.ctx.db('audit_log').where({ action: 'identifier.revoked', subject_id: first.identifier });
    expect(audited).toHaveLength(1);

    const second = await issue();
    expect(second.identifier.slice(6, 11)).toBe('00002');
    expect(second.identifier).not.toBe(first.identifier);
    const again = await app.call(supervisor, 'identifiers:issue', FOREIGN_HOLDER);
    expect(again.ok === false && again.error.code === 'IDENTIFIER_EXISTS' && again.error.details).toEqual({ identifier: second.identifier });
    const twice = await app.call(supervisor, 'identifiers:revoke', { identifier: first.identifier, reason: 'دوباره' });
    expect(twice.ok === false && twice.error.code).toBe('IDENTIFIER_REVOKED');
  });

  it('BR-2 the partial unique index itself refuses a second live row for a document', async () => {
    const { app } = desk();
    const first = await issue();
    const row = await identifierRow(first.identifier);
    const { id: _id, ...copy } = row as Record<string, unknown>;
    const duplicate = { ...copy, identifier: makeForeignId('1001', 7, 500), sequence: 500, status: 'issued' };
    await expect(app.ctx.db('foreign_identifiers').insert(duplicate)).rejects.toThrow(
      /UNIQUE constraint failed: foreign_identifiers\.nationality, foreign_identifiers\.document_type, foreign_identifiers\.document_number/,
    );
    // The index is partial: a revoked row for the same document does not collide.
    await app.ctx.db('foreign_identifiers').insert({ ...duplicate, status: 'revoked', revoked_at: app.clock.now().toISOString(), revoke_reason: 'test' });
    expect(await app.ctx.db('foreign_identifiers').where({ document_number: 'P1234567' })).toHaveLength(2);
  });

  it('BR-2 does not blame the document when the station sequence collides (a rewound counter)', async () => {
    const { app, supervisor } = desk();
    await issue();
    await app.ctx.db('stations').update({ next_sequence: 1 });
    const r = await app.call(supervisor, 'identifiers:issue', { ...FOREIGN_HOLDER, documentNumber: 'P7654321' });
    expect(r.ok === false && r.error.code).toBe('INTERNAL');
    expect(await app.ctx.db('foreign_identifiers')).toHaveLength(1);
    expect(await app.ctx.db('audit_log').where({ action: 'identifier.issued' })).toHaveLength(1);
  });

  it('REG-4 refuses an identifier that was never issued', async () => {
    const { app, clerk } = desk();
    const never = makeForeignId('1001', 7, 42);
    const r = await app.call(clerk, 'accounts:register', await foreign(never));
    expect(r.ok === false && r.error.code).toBe('IDENTIFIER_NOT_ISSUED');
    expect(await app.ctx.db('accounts')).toHaveLength(0);
  });

  it('REG-4 refuses a revoked identifier', async () => {
    const { app, supervisor, clerk } = desk();
    const id = await issue();
    await app.ok(supervisor, 'identifiers:revoke', { identifier: id.identifier, reason: 'مدرک نامعتبر' });
    const r = await app.call(clerk, 'accounts:register', await foreign(id.identifier));
    expect(r.ok === false && r.error.code).toBe('IDENTIFIER_REVOKED');
    expect(await app.ctx.db('accounts')).toHaveLength(0);
  });

  it('REG-4 REG-7 registers a foreign national once: the identifier becomes registered and cannot be used again', async () => {
    const { app, clerk } = desk();
    const id = await issue();
    const reg = await app.ok(clerk, 'accounts:register', await foreign(id.identifier));
    expect(reg.username).toBe(id.identifier);
    const row = await app.ctx.db('accounts').where({ id: reg.accountId }).first();
    expect(row.kind).toBe('foreign');
    expect(row.foreign_identifier_id).toBe((await identifierRow(id.identifier)).id);
    // The holder's names come from the identifier when the form leaves them empty.
    expect([row.first_name, row.last_name]).toEqual(['احمد', 'رحیمی']);
    expect((await identifierRow(id.identifier)).status).toBe('registered');
    expect((await app.ok(clerk, 'identifiers:get', { identifier: id.identifier })).status).toBe('registered');

    const again = await app.call(clerk, 'accounts:register', await foreign(id.identifier, { insuranceNumber: '9988776655' }));
    expect(again.ok === false && again.error.code).toBe('IDENTIFIER_USED');
    expect(await app.ctx.db('accounts')).toHaveLength(1);
  });

  it('REG-7 refuses a foreign identifier registered as a citizen national code', async () => {
    const { app, clerk } = desk();
    const id = await issue();
    const r = await app.call(clerk, 'accounts:register', { ...(await foreign(id.identifier)), kind: 'citizen', foreignId: undefined, nationalCode: id.identifier });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('VALIDATION');
    expect(r.error.issues).toContainEqual(expect.objectContaining({ path: ['nationalCode'], code: 'NATIONAL_CODE_FORMAT' }));
    // A 12-digit number with a wrong check digit is not an identifier either.
    const typo = id.identifier.slice(0, 11) + String((Number(id.identifier[11]) + 1) % 10);
    const bad = await app.call(clerk, 'accounts:register', await foreign(typo));
    expect(bad.ok === false && bad.error.issues).toContainEqual(expect.objectContaining({ path: ['foreignId'], code: 'FOREIGN_ID_CHECKSUM' }));
    expect(await app.ctx.db('accounts')).toHaveLength(0);
  });

  it('REG-4 refuses to revoke an identifier that a live account uses, so the holder cannot get a second account', async () => {
    const { app, supervisor, clerk } = desk();
    const id = await issue();
    await app.ok(clerk, 'accounts:register', await foreign(id.identifier));
    const r = await app.call(supervisor, 'identifiers:revoke', { identifier: id.identifier, reason: 'مدرک جدید' });
    expect(r.ok === false && r.error.code).toBe('IDENTIFIER_USED');
    expect((await identifierRow(id.identifier)).status).toBe('registered');
    const again = await app.call(supervisor, 'identifiers:issue', FOREIGN_HOLDER);
    expect(again.ok === false && again.error.code).toBe('IDENTIFIER_EXISTS');
  });

  it('REG-4 the clerk can look an identifier up before registering; the lookup is audited', async () => {
    const { app, clerk } = desk();
    const id = await issue();
    const got = await app.ok(clerk, 'identifiers:get', { identifier: id.identifier });
    expect(got).toMatchObject({ identifier: id.identifier, documentNumber: 'P1234567', nationality: 'AF', status: 'issued' });
    const unknown = await app.call(clerk, 'identifiers:get', { identifier: makeForeignId('1001', 7, 9) });
    expect(unknown.ok === false && unknown.error.code).toBe('IDENTIFIER_NOT_ISSUED');
    const viewed = await app.ctx.db('audit_log').where({ action: 'identifier.viewed', subject_id: id.identifier });
    expect(viewed).toHaveLength(1);
    expect(viewed[0].actor_name).toBe('reza.clerk');
    // A citizen's national code cannot be used to look one up.
    const code = await app.call(clerk, 'identifiers:get', { identifier: nationalCode('001234567') });
    expect(code.ok === false && code.error.code).toBe('VALIDATION');
  });

  it('the list search takes % and _ as characters, not wildcards (a reported defect: % listed every holder)', async () => {
    const list = (query: string) => desk().app.ok(desk().supervisor, 'identifiers:list', { query });
    await issue();
    await issue({ documentNumber: 'P7654321', firstNameFa: 'علی', lastNameFa: 'کریمی' });
    expect((await list('احمد')).total).toBe(1); // a real prefix still finds its holder
    for (const q of ['%', '_', 'اح_د', '%مد']) expect((await list(q)).items, q).toEqual([]);
  });
});
