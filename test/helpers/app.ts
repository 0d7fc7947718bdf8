import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import type { Channel, Input, Output } from '../../shared/contract';
import type { Envelope } from '../../shared/envelope';
import { createAppContext, type AppContext, type ContextOptions } from '../../src-main/boot/app-context';
import { ManualClock } from '../../src-main/core/clock';
import type { StartupConfig } from '../../src-main/core/config';
import type { KeyStore } from '../../src-main/core/secrets';
import type { Session } from '../../src-main/ipc/sessions';

export interface TestApp {
  ctx: AppContext;
  clock: ManualClock;
  dataDir: string;
  /** Where its database is: another counter started with `sameDatabaseAs` shares it. */
  database: { url: string | null; sqliteFile: string };
  /** Calls a channel through the real router, as a transport would. */
  call<C extends Channel>(session: Session, channel: C, input: Input<C> | Record<string, unknown>): Promise<Envelope<Output<C>>>;
  /** Like call, but fails the test unless the call succeeded. */
  ok<C extends Channel>(session: Session, channel: C, input: Input<C> | Record<string, unknown>): Promise<Output<C>>;
  staffSession(): Session;
  kioskSession(): Session;
  /** Messages the training `file` adapter "sent". */
  sentSms(): Array<{ to: string; text: string; reference: string }>;
  close(): Promise<void>;
}

export interface StartOptions {
  /** PostgreSQL instead of the SQLite file. */
  databaseUrl?: string | null;
  /** True (the default): the training `file` SMS adapter; false: no gateway until one is set. */
  trainingMode?: boolean;
  /** Another counter of the same branch: the same database, a data folder (keys, station) of its own. */
  sameDatabaseAs?: TestApp;
  /** Prepares the fresh data folder before the app opens it (e.g. keys an older install had). */
  beforeStart?: (dataDir: string) => void;
  /** The key store, e.g. the app's safeStorage one over a stand-in electron; default: plain files. */
  keys?: (dataDir: string) => KeyStore;
  /** Issue 11 item 3: the upgrade's background job (batch size; start: false to start it by hand). */
  upgradeWork?: ContextOptions['upgradeWork'];
}

/**
 * The whole main process on a fresh SQLite file in a temp folder (training mode, file SMS
 * adapter), with a clock the test moves. The dispatcher runs only when the test says so.
 */
export async function startTestApp(opts: StartOptions = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'desk-app-'));
  const clock = new ManualClock('2026-11-25T06:30:00Z');
  opts.beforeStart?.(dataDir);
  const database = opts.sameDatabaseAs?.database ?? { url: opts.databaseUrl ?? null, sqliteFile: path.join(dataDir, 'desk.sqlite') };
  const cfg: StartupConfig = {
    dataDir,
    databaseUrl: database.url,
    sqliteFile: database.sqliteFile,
    trainingMode: opts.trainingMode ?? true,
    port: 0,
    clock,
  };
  const ctx = await createAppContext(cfg, 'browser', { startDispatcher: false, startBackups: false, startHqLink: false,
    ...(opts.keys ? { keys: opts.keys(dataDir) } : {}),
    ...(opts.upgradeWork ? { upgradeWork: opts.upgradeWork } : {}),
  });
  let closing: Promise<void> | undefined;
  const app: TestApp = {
    ctx,
    clock,
    dataDir,
    database,
    call: (session, channel, input) => ctx.router.call(channel, input, session) as never,
    async ok(session, channel, input) {
      const r = await ctx.router.call(channel, input, session);
      if (!r.ok) throw new Error(`${channel} failed: ${JSON.stringify(r.error)}`);
      return r.data as never;
    },
    staffSession: () => ctx.sessions.create('staff', clock.now().getTime()),
    kioskSession: () => ctx.sessions.create('kiosk', clock.now().getTime()),
    sentSms() {
      const file = path.join(dataDir, 'sms-training.jsonl');
      if (!existsSync(file)) return [];
      return readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { to: string; text: string; reference: string });
    },
    /** Once: a second call (a test that closed its app early, then the hook) waits for the first. */
    close() {
      closing ??= ctx.close().then(() => rmSync(dataDir, { recursive: true, force: true }));
      return closing;
    },
  };
  return app;
}

/**
 * For the enclosing describe (or file): every app started with the returned function during a
 * test is closed after that test, the newest first.
 */
export function useAppStarter(): (opts?: StartOptions) => Promise<TestApp> {
  const open: TestApp[] = [];
  afterEach(async () => {
    while (open.length) await open.pop()!.close();
  });
  return async (opts) => {
    const app = await startTestApp(opts);
    open.push(app);
    return app;
  };
}

/**
 * A fresh app before each test of the enclosing describe (or file), closed after it. With
 * `setUp` (e.g. desk-flow's branchDesk), the getter returns what setUp made of the app.
 * Call the getter inside tests and hooks: it answers for the test running now.
 */
export function useTestApp(): () => TestApp;
export function useTestApp<T>(setUp: (app: TestApp) => Promise<T>, opts?: StartOptions): () => T;
export function useTestApp<T>(setUp?: (app: TestApp) => Promise<T>, opts: StartOptions = {}): () => T | TestApp {
  const start = useAppStarter();
  let current: T | TestApp | undefined;
  beforeEach(async () => {
    current = undefined;
    const app = await start(opts);
    current = setUp ? await setUp(app) : app;
  });
  return () => {
    if (current === undefined) throw new Error('useTestApp: no app outside a test (or after its setUp failed)');
    return current;
  };
}

export const SUPERVISOR = { username: 'sara.supervisor', password: 'Branch-Desk-2026!' };
export const CLERK_PASSWORD = 'Clerk-Desk-2026!';
/** What a supervisor types as a new colleague's first password. */
export const TEMPORARY_PASSWORD = 'Hand-Over-1405';

/** First-run setup on the first sample branch (code 1001), station 7, and a logged-in supervisor
 * (another sample branch and station when given: two branches working apart). */
export async function setUpBranch(
  app: TestApp,
  at: { branchIndex?: number; stationNumber?: number } = {},
): Promise<{ supervisor: Session; clerk: Session; branchId: number; recoveryCode: string }> {
  const s = app.staffSession();
  const branch = (await app.ok(s, 'reference:branches', { query: '' }))[at.branchIndex ?? 0];
  const { recoveryCode } = await app.ok(s, 'setup:run', {
    branchId: branch!.id,
    stationNumber: at.stationNumber ?? 7,
    username: SUPERVISOR.username,
    displayName: 'سارا محمدی',
    password: SUPERVISOR.password,
    passwordRepeat: SUPERVISOR.password,
  });
  await app.ok(s, 'staff:login', SUPERVISOR);
  await app.ok(s, 'staff:create', { username: 'reza.clerk', displayName: 'رضا احمدی', role: 'clerk', temporaryPassword: TEMPORARY_PASSWORD });
  const clerk = app.staffSession();
  await app.ok(clerk, 'staff:login', { username: 'reza.clerk', password: TEMPORARY_PASSWORD });
  await app.ok(clerk, 'staff:change-password', { current: TEMPORARY_PASSWORD, next: CLERK_PASSWORD, repeat: CLERK_PASSWORD });
  return { supervisor: s, clerk, branchId: branch!.id, recoveryCode };
}

/** A valid national code from nine digits (the check digit computed as the design says). */
export function nationalCode(first9: string): string {
  const d = first9.split('').map(Number);
  const s = d.reduce((acc, x, i) => acc + x * (10 - i), 0);
  const r = s % 11;
  return first9 + String(r < 2 ? r : 11 - r);
}

/** The same digits in Persian script (۰–۹), as a clerk or a kiosk keyboard may type them. */
export const persianDigits = (s: string): string => s.replace(/[0-9]/g, (d) => String.fromCharCode(0x06f0 + Number(d)));
