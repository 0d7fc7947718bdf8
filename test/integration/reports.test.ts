import { describe, expect, it } from 'vitest';
import { dayBounds, tehranDay } from '../../src-main/services/reports.service';
import { reportCsv } from '../../src-renderer/screens/report/report-data';
import { SUPERVISOR, useAppStarter, useTestApp } from '../helpers/app';
import { branchDesk, FOREIGN_HOLDER, registerCitizen } from '../helpers/desk-flow';

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

  const start = useAppStarter();

  it('issue 13: the daily report carries the issuing station and counts registrations and identifiers per station, on screen data and in the CSV', async () => {
    const desk = await branchDesk(testApp());
    const { app, supervisor } = desk;
    await registerCitizen(desk, '001111111', { mobile: null });
    await registerCitizen(desk, '002222222', { mobile: null });
    await app.ok(supervisor, 'identifiers:issue', FOREIGN_HOLDER);
    // A second counter on the same database file joins as station 8 and issues one identifier.
    const second = await start({ sameDatabaseAs: app });
    const s = second.staffSession();
    await second.ok(s, 'setup:join', { ...SUPERVISOR, stationNumber: 8 });
    await second.ok(s, 'staff:login', SUPERVISOR);
    const ident = await second.ok(s, 'identifiers:issue', { ...FOREIGN_HOLDER, documentNumber: 'P7654321' });
    const branchCode = ident.identifier.slice(0, 4);

    const here = await app.ok(supervisor, 'reports:daily', { day: '2026-11-25' });
    const there = await second.ok(s, 'reports:daily', { day: '2026-11-25' });
    expect(here.station).toEqual({ branchCode, stationNumber: 7 });
    expect(there.station).toEqual({ branchCode, stationNumber: 8 });
    const perStation = [
      { branchCode, stationNumber: 7, registrations: 2, identifiers: 1 },
      { branchCode, stationNumber: 8, registrations: 0, identifiers: 1 },
    ];
    expect(here.stations).toEqual(perStation);
    expect(there.stations).toEqual(perStation);
    expect((await app.ok(supervisor, 'reports:daily', { day: '2026-11-24' })).stations).toEqual([]);

    const csv = reportCsv(there, new Map()).split('\r\n');
    expect(csv[0]).toBe(`\uFEFFایستگاه صادرکننده,شعبهٔ ${branchCode}، ایستگاه 8`);
    expect(csv).toContain('شعبه,ایستگاه,ثبت‌نام,شناسهٔ صادرشده');
    expect(csv).toContain(`${branchCode},7,2,1`);
    expect(csv).toContain(`${branchCode},8,0,1`);
  });
});
