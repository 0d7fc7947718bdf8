import { describe, expect, it } from 'vitest';
import { branchDesk } from '../helpers/desk-flow';
import { ENGINES, useEngine } from '../helpers/engines';

/**
 * A reported defect: an id above 2³¹−1 reached PostgreSQL's `integer` columns and came back as
 * INTERNAL (with the database's error in the log). The contract refuses it first, on both engines;
 * the largest id is simply not found, and a page that far out is an empty page.
 */
describe.each(ENGINES)('ids and pages beyond the database integer range on %s', (_name, postgres) => {
  const { start, skipHere } = useEngine(postgres);

  it.skipIf(skipHere)('2³¹ is VALIDATION (NUMBER_RANGE) on every kind of id; 2³¹−1 is NOT_FOUND; the last page is empty', async () => {
    const { app, supervisor } = await branchDesk(await start());
    const big = 2 ** 31;
    for (const [channel, payload] of [
      ['accounts:get', { accountId: big }],
      ['staff:unlock', { staffId: big }],
      ['accounts:confirm-mobile-change', { verificationId: big, code: '123456' }],
      ['reference:set-group-open', { groupId: big, open: true }],
      ['outbox:retry', { messageId: big }],
      ['audit:list', { page: big }],
    ] as const) {
      const r = await app.call(supervisor, channel, payload as never);
      expect(r, channel).toMatchObject({ ok: false, error: { code: 'VALIDATION', issues: [{ code: 'NUMBER_RANGE' }] } });
    }
    expect(await app.call(supervisor, 'accounts:get', { accountId: big - 1 })).toMatchObject({ ok: false, error: { code: 'ACCOUNT_NOT_FOUND' } });
    expect(await app.ok(supervisor, 'audit:list', { page: big - 1 })).toMatchObject({ items: [] });
    expect(await app.ok(supervisor, 'outbox:list', { page: big - 1 })).toMatchObject({ items: [] });
    expect(await app.ok(supervisor, 'identifiers:list', { page: big - 1 })).toMatchObject({ items: [] });
  });
});
