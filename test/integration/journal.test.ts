import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { accountStateSource } from '../../src-main/db/journal.repo';
import { inTx, audit } from '../../src-main/services/env';
import { accountState } from '../../src-main/services/journal-state';
import { FOREIGN_HOLDER, branchDesk, registerCitizen, registerForeign } from '../helpers/desk-flow';
import { useTestApp } from '../helpers/app';
import { expectContiguous, journalRows, runJournaledFlow } from '../helpers/journal-flow';

describe('issue 8: the journal every change writes', () => {
  const testApp = useTestApp();

  it('a full counter flow writes a contiguous journal, each entry anchored to its audit entry, with no password, hash, code or SMS text', async () => {
    const app = testApp();
    const { secrets, citizen, foreignId } = await runJournaledFlow(app);
    const rows = await journalRows(app.ctx.db);
    await expectContiguous(app.ctx.db);
    expect(rows.map((r) => `${r.kind} ${r.recordType}`)).toEqual([
      'station.joined station',
      'account.registered account',
      'account.password-state account', // counter reset issued
      'account.password-state account', // the SMS password used at the kiosk
      'account.password-state account', // changed by its owner
      'account.password-state account', // self-service recovery
      'account.contact-changed account', // mobile
      'account.contact-changed account', // e-mail
      'account.unlocked account',
      'account.disabled account',
      'account.enabled account',
      'identifier.issued identifier',
      'account.registered account',
      'identifier.used identifier',
      'account.voided account',
      'identifier.issued identifier', // freed by the void
      'identifier.issued identifier',
      'identifier.revoked identifier',
      'account.registered account',
    ]);
    const states = rows.map((r) => JSON.parse(r.state) as Record<string, unknown>);
    expect(rows.filter((r) => r.recordType === 'account' && r.recordId === citizen).map((r) => (JSON.parse(r.state) as { passwordState: string }).passwordState)).toEqual([
      'initial',
      'reset-issued',
      'reset-used',
      'changed',
      'reset-issued',
      'reset-issued',
      'reset-issued',
      'reset-issued',
      'reset-issued',
      'reset-issued',
    ]);
    const branchCode = rows[0]!.branchCode;
    expect(states[0]).toMatchObject({ station: 7, branchCode, status: 'active' });
    expect(states[1]).toMatchObject({ status: 'active', username: citizen, kind: 'citizen', branchCode, mobileMasked: '0912***4567', insuranceNumber: '1234567890' });
    expect(states[6]).toMatchObject({ mobileMasked: '0935***2233' });
    expect(states[9]).toMatchObject({ status: 'disabled' });
    expect(states[13]).toMatchObject({ identifier: foreignId, status: 'registered', usedBy: foreignId, station: 7, branchCode });
    expect(states[15]).toMatchObject({ identifier: foreignId, status: 'issued' });
    expect(states[15]).not.toHaveProperty('usedBy');
    expect(states[17]).toMatchObject({ status: 'revoked' });
    expect(states[18]).not.toHaveProperty('mobileMasked');
    for (const r of rows) {
      expect(r).toMatchObject({ branchCode, stationNumber: 7 });
      const a = await app.ctx.db('audit_log').where({ id: r.auditId }).first<{ hash: string; at: string }>();
      expect(a?.hash).toBe(r.auditHash);
      expect(a?.at).toBe(r.at);
    }
    expect(rows.find((r) => r.kind === 'account.password-state' && (JSON.parse(r.state) as { passwordState: string }).passwordState === 'reset-used')!.actor).toBe('citizen');
    expect(rows[1]!.actor).toBe('reza.clerk');
    expect(rows[9]!.actor).toBe('sara.supervisor');
    // The secrets are real (the flow saw them) and none is in any journal column.
    expect(secrets.length).toBeGreaterThan(15);
    const dump = JSON.stringify(rows);
    for (const s of secrets) expect(dump.includes(s), `journal holds a secret: ${s.slice(0, 12)}…`).toBe(false);
    // A control: the dump does contain what it should, so the search above can find things.
    expect(dump.includes(citizen)).toBe(true);
  });

  it('a change that rolls back takes its journal sequence back with it: no gap', async () => {
    const app = testApp();
    const desk = await branchDesk(app);
    const { accountId } = await registerCitizen(desk, '001234567');
    const actor = { type: 'staff' as const, id: 1, name: 'sara.supervisor' };
    await expect(
      inTx(app.ctx.env, async (tx) => {
        await audit(tx, app.ctx.env, actor, { action: 'account.unlocked', subjectType: 'account', subjectId: accountId });
        throw new AppError('VALIDATION');
      }),
    ).rejects.toThrow(AppError);
    await app.ok(desk.clerk, 'accounts:unlock', { accountId, idDocument: { type: 'national_card', number: '0012345679' } });
    await expectContiguous(app.ctx.db);
    expect((await journalRows(app.ctx.db)).map((r) => r.kind)).toEqual(['station.joined', 'account.registered', 'account.unlocked']);
  });

  it('a registration journals the state it inserted without reading it back, byte for byte what a read of the account gives', async () => {
    const app = testApp();
    const desk = await branchDesk(app);
    const ident = await app.ok(desk.supervisor, 'identifiers:issue', FOREIGN_HOLDER);
    const registered = [
      await registerCitizen(desk, '001234567'),
      await registerCitizen(desk, '001234568', { mobile: null, insuranceNumber: '5550001112' }),
      await registerForeign(desk, ident.identifier, { mobile: '09351112233' }),
    ];
    const rows = (await journalRows(app.ctx.db)).filter((r) => r.kind === 'account.registered');
    expect(rows.map((r) => r.recordId)).toEqual(registered.map((r) => r.username));
    for (const [i, r] of registered.entries()) {
      const read = await accountStateSource(app.ctx.db, r.accountId);
      expect(rows[i]!.state).toBe(JSON.stringify(accountState(read!)));
    }
  });

  it('a refused change writes no journal entry', async () => {
    const app = testApp();
    const desk = await branchDesk(app);
    await registerCitizen(desk, '001234567');
    const before = await journalRows(app.ctx.db);
    const again = await app.call(desk.clerk, 'accounts:register', {});
    expect(again.ok).toBe(false);
    const dup = await registerCitizen(desk, '001234567').catch((e: Error) => e.message);
    expect(dup).toMatch(/DUPLICATE_ACCOUNT/);
    expect(await journalRows(app.ctx.db)).toEqual(before);
  });
});
