import { describe, expect, it } from 'vitest';
import type { Envelope } from '../../shared/envelope';
import { KIOSK_IDLE_END_MS } from '../../shared/contract/session-limits';
import { CLERK_PASSWORD, useTestApp } from '../helpers/app';
import { citizenDesk } from '../helpers/desk-flow';

/**
 * Issue 10 item 6: kiosk logins end on the server after their idle time, and every
 * password change or reset ends the person's other sessions. Issue 11 item 4: the staff check
 * behind each call is a session version compared in memory, not a query of the staff row.
 */
const errorOf = (r: Envelope<unknown>) => (r.ok ? 'ok' : r.error.code);
const NEW_PASSWORD = 'Sun-Rise-1405';
const CLERK_NEXT = 'Clerk-Desk-2027!';

describe('sessions end on the server (issue 10 item 6)', () => {
  const desk = useTestApp((app) => citizenDesk(app));

  it('a kiosk login ends on the server after the kiosk idle time (90 s), not only on the page', async () => {
    const { app, code, kiosk } = desk();
    await app.ok(kiosk, 'portal:login', { username: code, password: code });
    app.clock.advance(KIOSK_IDLE_END_MS - 1000);
    expect(await app.ok(kiosk, 'portal:me', {})).toMatchObject({ username: code });
    app.clock.advance(KIOSK_IDLE_END_MS + 1000);
    expect(await app.ok(kiosk, 'portal:me', {})).toBeNull();
    expect(errorOf(await app.call(kiosk, 'portal:change-password', { current: code, next: NEW_PASSWORD, repeat: NEW_PASSWORD }))).toBe('UNAUTHENTICATED');
  });

  it("a counter reset ends the citizen's open kiosk session", async () => {
    const { app, code, kiosk, clerk, accountId } = desk();
    await app.ok(kiosk, 'portal:login', { username: code, password: code });
    await app.ok(clerk, 'resets:at-counter', { accountId, idDocument: { type: 'national_card', number: code } });
    expect(await app.ok(kiosk, 'portal:me', {})).toBeNull();
    expect(errorOf(await app.call(kiosk, 'portal:change-password', { current: code, next: NEW_PASSWORD, repeat: NEW_PASSWORD }))).toBe('UNAUTHENTICATED');
  });

  it("a citizen's password change ends their other kiosk sessions and keeps this one", async () => {
    const { app, code, kiosk } = desk();
    const other = app.kioskSession();
    await app.ok(kiosk, 'portal:login', { username: code, password: code });
    await app.ok(other, 'portal:login', { username: code, password: code });
    await app.ok(kiosk, 'portal:change-password', { current: code, next: NEW_PASSWORD, repeat: NEW_PASSWORD });
    expect(await app.ok(kiosk, 'portal:me', {})).toMatchObject({ username: code, mustChangePassword: false });
    expect(await app.ok(other, 'portal:me', {})).toBeNull();
  });

  it("a staff member's password change ends their other sessions and keeps this one", async () => {
    const { app, clerk } = desk();
    const other = app.staffSession();
    await app.ok(other, 'staff:login', { username: 'reza.clerk', password: CLERK_PASSWORD });
    expect(await app.ok(other, 'reference:groups', {})).not.toHaveLength(0);
    await app.ok(clerk, 'staff:change-password', { current: CLERK_PASSWORD, next: CLERK_NEXT, repeat: CLERK_NEXT });
    expect(errorOf(await app.call(other, 'reference:groups', {}))).toBe('UNAUTHENTICATED');
    expect(await app.ok(other, 'staff:me', {})).toBeNull();
    expect(await app.ok(clerk, 'reference:groups', {})).not.toHaveLength(0);
  });

  it("a supervisor's reset of a clerk's password ends the clerk's sessions", async () => {
    const { app, clerk, supervisor } = desk();
    const list = await app.ok(supervisor, 'staff:list', {});
    const clerkId = list.find((s) => s.username === 'reza.clerk')!.id;
    await app.ok(supervisor, 'staff:reset-password', { staffId: clerkId, temporaryPassword: 'Hand-Over-1406' });
    expect(errorOf(await app.call(clerk, 'reference:groups', {}))).toBe('UNAUTHENTICATED');
  });

  it('a password change made by another process (session version in the database) ends the sessions once the directory refreshes', async () => {
    const { app, clerk } = desk();
    await app.ctx.db('staff').where({ username: 'reza.clerk' }).update({ session_version: app.ctx.db.raw('session_version + 1') });
    await app.ctx.staffDirectory.refresh();
    expect(errorOf(await app.call(clerk, 'reference:groups', {}))).toBe('UNAUTHENTICATED');
  });
});

describe('staff checks without a query per call (issue 11 item 4)', () => {
  const desk = useTestApp((app) => citizenDesk(app));

  it('twenty staff calls read the staff table not once', async () => {
    const { app, clerk } = desk();
    const staffReads: string[] = [];
    const listener = (q: { sql: string }) => {
      if (/\bfrom\s+["`]?staff["`]?(\s|$)/i.test(q.sql)) staffReads.push(q.sql);
    };
    app.ctx.db.on('query', listener);
    try {
      for (let i = 0; i < 20; i++) await app.ok(clerk, 'reference:groups', {});
    } finally {
      app.ctx.db.removeListener('query', listener);
    }
    expect(staffReads).toEqual([]);
  });
});
