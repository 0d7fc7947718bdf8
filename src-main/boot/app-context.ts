import { createHash, randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { version } from '../../package.json';
import type { AppStatus } from '../../shared/contract/app.contract';
import { AcceptedLog } from '../core/accepted-log';
import { AnchorLog } from '../core/audit-anchors';
import type { Clock } from '../core/clock';
import type { StartupConfig } from '../core/config';
import { tightenDataFolder } from '../core/file-modes';
import { logger } from '../core/log';
import { FileKeyStore, keysDir, type KeyStore } from '../core/secrets';
import type { ProgressListener } from '../../migrations/progress';
import { ensureStationKey } from '../core/station-key';
import { engineOf, openDatabase, type Db } from '../db/connection';
import { DeskBusyError, tryDeskLock, type DeskLock } from '../db/desk-lock';
import { accountsHandlers } from '../ipc/handlers/accounts.handlers';
import { adminHandlers } from '../ipc/handlers/admin.handlers';
import { appHandlers } from '../ipc/handlers/app.handlers';
import { hqHandlers } from '../ipc/handlers/hq.handlers';
import { hqLinkHandlers } from '../ipc/handlers/hq-link.handlers';
import { registryHandlers } from '../ipc/handlers/registry.handlers';
import { backupsHandlers } from '../ipc/handlers/backups.handlers';
import type { HandlerDeps } from '../ipc/handlers/deps';
import { portalHandlers } from '../ipc/handlers/portal.handlers';
import { smsHandlers } from '../ipc/handlers/sms.handlers';
import { staffHandlers } from '../ipc/handlers/staff.handlers';
import { stationsHandlers } from '../ipc/handlers/stations.handlers';
import { requireStation } from '../ipc/station-guard';
import { createRouter, type Handlers, type Router } from '../ipc/router';
import { SessionStore } from '../ipc/sessions';
import { StaffDirectory } from '../ipc/staff-directory';
import { chainHead } from '../services/audit.service';
import { BackupScheduler } from '../services/backup-scheduler.service';
import { auditItems, inTx, type ServiceEnv } from '../services/env';
import { LookupAudits } from '../services/lookup-audits';
import { HqLink } from '../services/hq-link.service';
import { OutboxDispatcher } from '../services/outbox-dispatcher.service';
import { loadSampleDataIfEmpty } from '../services/reference.service';
import { getSettings } from '../services/settings.service';
import { isSetupDone } from '../services/setup.service';
import { claimLegacyStation, refreshThisStation, thisStation } from '../services/station-identity.service';
import { portalLoginStands } from '../services/portal.service';
import { staffSessionStates } from '../services/staff.service';
import { gatewayPassword, recordDeliveryReport } from '../services/sms-gateway.service';
import { noGateway, type GatewayHooks, type SmsAdapter } from '../sms/adapter';
import { fileAdapter } from '../sms/file-adapter';
import { kannelAdapter } from '../sms/kannel-adapter';
import { smppAdapter } from '../sms/smpp-adapter';
import { UpgradeWork, type UpgradeWorkOptions } from '../services/upgrade-work.service';

/** Re-exported for the shell, which may not import db/ (layers). */
export { DeskBusyError };

const log = logger('boot');

/** The link's status while the database cannot be read. */
const HQ_LINK_DOWN: AppStatus['hq'] = { state: 'unknown', offlineReason: null, offlineDetail: null, stop: null, lastSeq: 0, ackedSeq: 0, behindEntries: 0, behindHours: 0, lastContactAt: null, nextAttemptAt: null };

export interface AppContext {
  db: Db;
  env: ServiceEnv;
  router: Router;
  sessions: SessionStore;
  /** Staff session versions held in memory (issue 11 item 4). */
  staffDirectory: StaffDirectory;
  clock: Clock;
  dispatcher: OutboxDispatcher;
  /** Issue 9: the live link to headquarters. */
  hqLink: HqLink;
  backups: BackupScheduler;
  /** Issue 11 item 3: the upgrade's row work, done in the background after the start. */
  upgradeWork: UpgradeWork;
  status(): Promise<Omit<AppStatus, 'sessionKind'>>;
  onStatusChange(fn: () => void): void;
  close(): Promise<void>;
}

export interface ContextOptions {
  /** A long migration's progress before the database is ready (terminal line, "updating" window). */
  onMigrationProgress?: ProgressListener;
  /** Electron wraps the key files with safeStorage; browser mode keeps owner-only files. */
  keys?: KeyStore;
  /** Tests drive the dispatcher by hand. */
  startDispatcher?: boolean;
  /** Tests drive the backup schedule by hand (scheduler.tick()). */
  startBackups?: boolean;
  /** Tests drive the headquarters link by hand (hqLink.runOnce()); default: it runs. */
  startHqLink?: boolean;
  /** Tests and the bench size the upgrade's background batches, or drive them by hand (start: false). */
  upgradeWork?: UpgradeWorkOptions & { start?: boolean };
}

/**
 * The gateway the settings name, with its password unsealed from the settings table; the `file`
 * adapter exists only in training mode. Delivery reports become audit entries on their message.
 */
async function chooseAdapter(env: ServiceEnv, cfg: StartupConfig): Promise<SmsAdapter> {
  if (cfg.trainingMode) return fileAdapter(cfg.dataDir);
  const s = await getSettings(env.db);
  const hooks: GatewayHooks = {
    onDeliveryReport: (report) => {
      recordDeliveryReport(env, report).catch((e: unknown) => log.warn('delivery report not recorded', e instanceof Error ? e.message : String(e)));
    },
  };
  switch (s.smsAdapter) {
    case 'smpp':
      return smppAdapter(s.smpp, (await gatewayPassword(env, 'smpp')) ?? '', hooks);
    case 'kannel':
      return kannelAdapter(s.kannel, (await gatewayPassword(env, 'kannel')) ?? '', hooks);
    case 'file':
      log.warn('the file SMS adapter works only in training mode; messages wait in the outbox');
      return noGateway;
    default:
      return noGateway;
  }
}

/**
 * The composition root: opens the database, builds the services and the router. Both the
 * Electron shell and browser mode start here, so they run the same rules.
 */
export async function createAppContext(cfg: StartupConfig, mode: AppStatus['mode'], opts: ContextOptions = {}): Promise<AppContext> {
  mkdirSync(cfg.dataDir, { recursive: true, mode: 0o700 });
  // Issue 10 item 7: a folder made by an older version (0755, files 0644) or by hand is tightened.
  const folder = tightenDataFolder(cfg.dataDir);
  if (folder.tightened.length) log.warn(`data folder was readable by others; made owner-only (${folder.tightened.length} paths)`);
  if (folder.stillOpen.length) log.warn(`data folder: others can still read ${folder.stillOpen.length} paths (${folder.stillOpen.slice(0, 3).join(', ')}); fix their permissions`);
  // A SQLite desk holds its data folder's desk lock while it runs: a CLI command that writes the
  // database (restore, recover-supervisor…) sees it and refuses, and a desk does not start
  // while such a command runs.
  const lock = cfg.databaseUrl ? null : await tryDeskLock(cfg.dataDir);
  if (!cfg.databaseUrl && !lock) throw new DeskBusyError(cfg.dataDir);
  try {
    return await buildContext(cfg, mode, opts, lock);
  } catch (e) {
    await lock?.release();
    throw e;
  }
}

/**
 * An installation from before the anchor file (or one whose file was lost) gets the current head
 * anchored at start: from then on, entries cut from its end are noticed.
 */
async function anchorExistingChain(env: ServiceEnv, anchors: AnchorLog): Promise<void> {
  const head = await chainHead(env.db);
  const read = anchors.read();
  if (read.state === 'none' && head.lastId > 0) anchors.record({ id: head.lastId, hash: head.lastHash }, env.clock.now());
  if (read.state !== 'none' && read.newest && read.newest.lastId > head.lastId) {
    log.error(`the audit chain ends at entry ${head.lastId} but its anchor says ${read.newest.lastId}: entries were cut (run verify-audit)`);
  }
}

async function buildContext(cfg: StartupConfig, mode: AppStatus['mode'], opts: ContextOptions, lock: DeskLock | null): Promise<AppContext> {
  const db = await openDatabase({ url: cfg.databaseUrl, sqliteFile: cfg.sqliteFile }, opts.onMigrationProgress);
  const engine = engineOf(db);
  log.info(`database ready (${engine})`);
  const keys = opts.keys ?? new FileKeyStore(keysDir(cfg.dataDir));
  const anchors = new AnchorLog(keysDir(cfg.dataDir), keys.key('audit'));
  const env: ServiceEnv = { db, clock: cfg.clock, keys, anchors };
  // Issue 11 item 4: searches' audit entries are group-committed (bound in services/lookup-audits).
  env.lookupAudits = new LookupAudits((items) => inTx(env, (tx) => auditItems(tx, env, items)));
  await anchorExistingChain(env, anchors);
  // Issue 8: every station signs its journal batches; a data folder from before gets its key now.
  if (ensureStationKey(keys)) log.info('station signing key created');
  if (await loadSampleDataIfEmpty(env)) log.info('sample branch and insurance-group lists loaded (marked as sample data)');
  // An installation from before stations lived on the machine: the first counter to start keeps it.
  await claimLegacyStation(env);
  const stationAtStart = await thisStation(env);
  if (!stationAtStart && (await isSetupDone(db))) log.warn('this counter has no station of its own: a supervisor must add it on the setup screen');
  const sessions = new SessionStore();
  const staffDirectory = new StaffDirectory(() => staffSessionStates(env));
  await staffDirectory.refresh();
  // BR-4: the gateway's acceptances, kept beside the database until the outbox records them.
  const accepted = new AcceptedLog(path.join(cfg.dataDir, 'outbox-accepted.log'));
  const dispatcher = new OutboxDispatcher(env, await chooseAdapter(env, cfg), { acceptedLog: accepted });
  const switchAdapter = async () => dispatcher.setAdapter(await chooseAdapter(env, cfg));
  const listeners: Array<() => void> = [];
  const changed = () => listeners.forEach((l) => l());
  // Status snapshots are numbered as they begin (issue 9's chip: the page keeps the later-begun one).
  const boot = randomUUID();
  let snapshots = 0;
  dispatcher.onStateChange(changed);
  dispatcher.onQueueChange(changed);
  const backups = new BackupScheduler(env, { dataDir: cfg.dataDir, sqliteFile: cfg.databaseUrl ? null : cfg.sqliteFile, databaseUrl: cfg.databaseUrl });
  backups.onChange(changed);
  const hqLink = new HqLink(env, cfg.hqRetryMaxMs ? { maxBackoffMs: cfg.hqRetryMaxMs, intervalMs: Math.min(30_000, cfg.hqRetryMaxMs) } : {});
  hqLink.onChange(changed);
  const upgradeWork = new UpgradeWork(env, opts.upgradeWork);
  upgradeWork.onChange(changed);
  // Issue 9: a committed journal entry wakes the link, so a change leaves for headquarters at once.
  env.onJournalCommitted = () => hqLink.kick();

  async function status(): Promise<Omit<AppStatus, 'sessionKind'>> {
    const snapshot = { boot, seq: ++snapshots }; // before any read
    let ready = true;
    let setupDone = false;
    let queued = 0;
    try {
      setupDone = (await isSetupDone(db)) && (await thisStation(env)) !== null;
      queued = await dispatcher.queued();
    } catch {
      ready = false;
    }
    return {
      version,
      mode,
      database: { ready, engine },
      sms: { adapter: dispatcher.adapterName, state: dispatcher.state(), queued },
      trainingMode: cfg.trainingMode,
      setupDone,
      backup: backups.status(),
      upgrade: upgradeWork.status(),
      hq: await hqLink.status().catch(() => ({ ...HQ_LINK_DOWN })),
      snapshot,
    };
  }

  // Training mode writes each security-code answer beside the training SMS file, for the e2e tests.
  // One line per picture: the answer and the SHA-256 of the picture's markup.
  const trainingCaptcha = cfg.trainingMode
    ? (answer: string, svg: string) =>
        appendFileSync(path.join(cfg.dataDir, 'captcha-training.txt'), `${answer} ${createHash('sha256').update(svg).digest('hex')}\n`, { mode: 0o600 })
    : undefined;
  const deps: HandlerDeps = { env, dispatcher, sessions, staffDirectory, trainingCaptcha };
  const startDispatcher = opts.startDispatcher !== false;
  let dispatching = false;
  // The outbox runs only on a counter with its station (and so the branch's outbox key).
  const startOutbox = async () => {
    if (!startDispatcher || dispatching) return;
    dispatching = true;
    await dispatcher.start();
  };
  // After a join the outbox key is the branch's: the gateway password is unsealed with it again.
  const onStationReady = async (keysChanged: boolean) => {
    if (keysChanged) await switchAdapter();
    await startOutbox();
  };
  const handlers: Handlers = requireStation(env, {
    ...appHandlers({ status }),
    ...staffHandlers(deps, onStationReady),
    ...stationsHandlers(deps),
    ...accountsHandlers(deps),
    ...portalHandlers(deps),
    ...adminHandlers(deps, async () => {
      idleMs = (await getSettings(db)).idleLockMinutes * 60_000;
      await switchAdapter();
    }),
    ...smsHandlers(deps, switchAdapter),
    ...hqHandlers(deps),
    ...hqLinkHandlers(deps, hqLink),
    ...registryHandlers(deps),
    ...backupsHandlers(deps, backups),
  });
  let idleMs = (await getSettings(db)).idleLockMinutes * 60_000;
  const router = createRouter({
    handlers,
    clock: cfg.clock,
    idleLockMs: () => idleMs,
    async checkLogin(session) {
      if (session.staff) {
        const s = await staffDirectory.get(session.staff.staffId);
        if (!s || s.disabled || s.sessionVersion !== session.staff.sessionVersion) {
          session.staff = undefined;
          session.locked = false;
        } else session.staff = { ...session.staff, role: s.role, mustChangePassword: s.mustChangePassword };
      }
      // Kiosk calls are a person's pace: one primary-key read of the account.
      if (session.portal && !(await portalLoginStands(env, session.portal.accountId, session.portal.sessionVersion))) {
        session.portal = undefined;
        session.captcha = undefined;
      }
    },
  });
  // Settings may change the idle lock; read it again now and then rather than on every call.
  // Staff versions too: a change made by another process (another station on PostgreSQL) ends
  // sessions here within this period; changes made here take effect at once. And a supervisor at
  // another counter may retire this one's station.
  const refresh = setInterval(() => {
    void getSettings(db)
      .then((s) => (idleMs = s.idleLockMinutes * 60_000))
      .catch(() => undefined);
    void refreshThisStation(env).catch(() => undefined);
    void staffDirectory.refresh().catch(() => undefined);
  }, 30_000);
  refresh.unref();
  if (stationAtStart || !(await isSetupDone(db))) await startOutbox();
  if (opts.startHqLink !== false) hqLink.start();
  // Last: the counters are served from here on, while the upgrade's row work goes on in batches.
  if (opts.upgradeWork?.start !== false) await upgradeWork.start();
  if (opts.startBackups !== false) backups.start();
  else await backups.refresh();

  return {
    db,
    env,
    router,
    sessions,
    staffDirectory,
    clock: cfg.clock,
    dispatcher,
    hqLink,
    backups,
    upgradeWork,
    status,
    onStatusChange: (fn) => listeners.push(fn),
    async close() {
      clearInterval(refresh);
      await upgradeWork.stop();
      // Waiting search entries first: the final backup and the anchors include them.
      await env.lookupAudits?.close();
      // Backups: one at shutdown (when a folder and a passphrase are set), before the database closes.
      await backups.stop({ finalBackup: true });
      await dispatcher.stop();
      accepted.close();
      await hqLink.stop();
      await db.destroy();
      anchors.close();
      await lock?.release();
    },
  };
}
