import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS, contract, type Channel, type ChannelDef } from '../../shared/contract';
import type { Envelope } from '../../shared/envelope';
import type { Session } from '../../src-main/ipc/sessions';
import { setUpBranch, startTestApp, type TestApp } from '../helpers/app';
import { rowCounts } from '../helpers/desk-flow';

/**
 * Every channel of the contract, derived from the contract itself: a channel added tomorrow is
 * checked here without anyone editing this file. The router checks the session before it parses
 * the payload, so every call here carries a bad payload: an access refusal must come first, and a
 * VALIDATION answer proves that the role check let the call through without running the handler.
 */

const def = (c: Channel): ChannelDef => contract[c];
const KNOWN_ROLES = ['public', 'kiosk', 'staff', 'supervisor'] as const;

const staffOrSupervisor = CHANNELS.filter((c) => def(c).role === 'staff' || def(c).role === 'supervisor');
const staffOnly = CHANNELS.filter((c) => def(c).role === 'staff');
const supervisorOnly = CHANNELS.filter((c) => def(c).role === 'supervisor');
const kioskOnly = CHANNELS.filter((c) => def(c).role === 'kiosk');
const publicForStaff = CHANNELS.filter((c) => def(c).role === 'public' && def(c).only === 'staff');
const publicForKiosk = CHANNELS.filter((c) => def(c).role === 'public' && def(c).only === 'kiosk');
const publicForAll = CHANNELS.filter((c) => def(c).role === 'public' && def(c).only === undefined);

/** `{}` with one key no schema knows. */
const BOGUS = { __bogus: 1 };

/** Every table's row count, the audit chain head and the settings' values. */
async function snapshot(app: TestApp): Promise<Record<string, unknown>> {
  return {
    ...(await rowCounts(app)),
    auditHead: await app.ctx.db('audit_head').first(),
    settingsValues: await app.ctx.db('settings').orderBy('key').select('key', 'value'),
  };
}

function codeOf(r: Envelope<unknown>): string {
  return r.ok ? 'OK' : r.error.code;
}

describe('every channel of the contract: roles and bad input through the router', () => {
  let app: TestApp;
  let supervisor: Session;
  let clerk: Session;
  let anonymousStaff: Session;
  let kiosk: Session;
  let before: Record<string, unknown>;

  beforeAll(async () => {
    app = await startTestApp();
    ({ supervisor, clerk } = await setUpBranch(app));
    anonymousStaff = app.staffSession();
    kiosk = app.kioskSession();
    before = await snapshot(app);
  });
  afterAll(async () => {
    // Nothing in this file may change the database: every call is refused before its handler.
    expect(await snapshot(app)).toEqual(before);
    await app.close();
  });

  /** A session the contract lets through to input validation for this channel. */
  function allowedSession(c: Channel): Session {
    const d = def(c);
    if (d.role === 'kiosk') return kiosk;
    if (d.role === 'public') return d.only === 'kiosk' ? kiosk : anonymousStaff;
    return supervisor;
  }

  it('the contract names only known roles, and the groups below cover every channel', () => {
    expect(CHANNELS.length).toBeGreaterThan(0);
    for (const c of CHANNELS) expect(KNOWN_ROLES, c).toContain(def(c).role);
    const covered = new Set([...staffOrSupervisor, ...kioskOnly, ...publicForStaff, ...publicForKiosk, ...publicForAll]);
    expect([...covered].sort()).toEqual([...CHANNELS].sort());
    // The snapshot that proves "no database change" really counts the tables that matter.
    for (const t of ['accounts', 'staff', 'password_resets', 'sms_outbox', 'foreign_identifiers', 'settings', 'audit_log', 'login_failures']) {
      expect(before, t).toHaveProperty(t);
    }
    // Sanity: the lists this file iterates are not empty by accident.
    for (const list of [staffOnly, supervisorOnly, kioskOnly, publicForStaff]) expect(list.length).toBeGreaterThan(0);
  });

  describe('a kiosk session is refused on every staff and supervisor channel', () => {
    it.each(staffOrSupervisor)('%s → FORBIDDEN', async (c) => {
      expect(codeOf(await app.call(kiosk, c, BOGUS))).toBe('FORBIDDEN');
    });
  });

  describe('a logged-in clerk is refused on every supervisor channel, and let through on staff channels', () => {
    it.each(supervisorOnly)('%s → FORBIDDEN for a clerk', async (c) => {
      expect(codeOf(await app.call(clerk, c, BOGUS))).toBe('FORBIDDEN');
    });
    it.each(staffOnly)('%s → reaches validation for a clerk', async (c) => {
      expect(codeOf(await app.call(clerk, c, BOGUS))).toBe('VALIDATION');
    });
  });

  describe('a staff session with nobody logged in is unauthenticated on every staff channel', () => {
    it.each(staffOrSupervisor)('%s → UNAUTHENTICATED', async (c) => {
      expect(codeOf(await app.call(anonymousStaff, c, BOGUS))).toBe('UNAUTHENTICATED');
    });
  });

  describe('a staff session is refused on every kiosk channel', () => {
    it.each(kioskOnly)('%s → FORBIDDEN for an anonymous staff session', async (c) => {
      expect(codeOf(await app.call(anonymousStaff, c, BOGUS))).toBe('FORBIDDEN');
    });
    it.each(kioskOnly)('%s → FORBIDDEN for a logged-in supervisor', async (c) => {
      expect(codeOf(await app.call(supervisor, c, BOGUS))).toBe('FORBIDDEN');
    });
  });

  describe('a kiosk session is refused on public channels restricted to staff sessions', () => {
    it.each(publicForStaff)('%s → FORBIDDEN', async (c) => {
      expect(codeOf(await app.call(kiosk, c, BOGUS))).toBe('FORBIDDEN');
    });
  });

  it('every public channel names the one session kind it serves: none is open to both', () => {
    // app:status was, and a kiosk cookie read the staff status bar's contents with it (the kiosk
    // now has portal:status). A channel for both would need its own answer per kind.
    expect(publicForAll).toEqual([]);
  });

  describe('bad input on every channel: VALIDATION with field issues, and no database change', () => {
    it.each(CHANNELS)('%s refuses an unknown extra key', async (c) => {
      const pre = await snapshot(app);
      const r = await app.call(allowedSession(c), c, BOGUS);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error.code).toBe('VALIDATION');
      expect(r.error.issues?.length ?? 0).toBeGreaterThan(0);
      for (const i of r.error.issues!) {
        expect(i.code).toMatch(/^[A-Z][A-Z0-9_]+$/);
        expect(i.message.length).toBeGreaterThan(0);
      }
      // Where the empty object alone is valid, the extra key is the one problem, and it is named.
      if (def(c).input.safeParse({}).success) {
        expect(r.error.issues).toContainEqual(expect.objectContaining({ code: 'UNRECOGNIZED_KEYS', path: [] }));
      }
      expect(await snapshot(app)).toEqual(pre);
    });

    it.each(CHANNELS)('%s refuses a payload of the wrong type', async (c) => {
      const pre = await snapshot(app);
      for (const payload of [42, 'x', null, [], undefined]) {
        const r = await app.call(allowedSession(c), c, payload as never);
        expect(codeOf(r), `${c} with ${JSON.stringify(payload)}`).toBe('VALIDATION');
        if (!r.ok) expect(r.error.issues?.length ?? 0).toBeGreaterThan(0);
      }
      expect(await snapshot(app)).toEqual(pre);
    });
  });

  it('the sessions used above are still what they were (no call logged anyone in or out)', async () => {
    expect((await app.ok(supervisor, 'staff:me', {}))?.role).toBe('supervisor');
    expect((await app.ok(clerk, 'staff:me', {}))?.role).toBe('clerk');
    expect(await app.ok(anonymousStaff, 'staff:me', {})).toBeNull();
    expect(await app.ok(kiosk, 'portal:me', {})).toBeNull();
  });
});
