import { describe, expect, it } from 'vitest';
import { dayBounds, tehranDay } from '../../src-main/services/reports.service';
import { useTestApp } from '../helpers/app';
import { branchDesk, registerCitizen } from '../helpers/desk-flow';

describe('reports', () => {
  const testApp = useTestApp();

  it('uses the Tehran day (UTC+03:30) for day boundaries', () => {
    expect(tehranDay(new Date('2026-11-25T20:29:59Z'))).toBe('2026-11-25');
    expect(tehranDay(new Date('2026-11-25T20:30:00Z'))).toBe('2026-11-26');
    expect(dayBounds('2026-11-26')).toEqual({ from: '2026-11-25T20:30:00.000Z', to: '2026-11-26T20:30:00.000Z' });
  });

  it("REG-6 counts today's registrations per clerk and shows the chain head in the daily report", async () => {
    const desk = await branchDesk(testApp());
    const { app, clerk, supervisor } = desk;
    for (const nine of ['001111111', '002222222']) await registerCitizen(desk, nine, { mobile: null });
    const today = await app.ok(clerk, 'reports:today', {});
    expect(today).toMatchObject({ registrations: 2, resets: 0, identifiers: 0, day: '2026-11-25' });
    const report = await app.ok(supervisor, 'reports:daily', { day: '2026-11-25' });
    expect(report.rows).toContainEqual({ actor: 'reza.clerk', action: 'account.registered', count: 2 });
    const verify = await app.ok(supervisor, 'audit:verify', {});
    expect(report.chainHead.lastHash).toBe(verify.head);
    const other = await app.ok(supervisor, 'reports:daily', { day: '2026-11-24' });
    expect(other.rows).toEqual([]);
    expect(await app.call(clerk, 'reports:daily', { day: '2026-11-25' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
