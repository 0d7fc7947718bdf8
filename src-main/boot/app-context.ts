import { mkdirSync } from 'node:fs';
import { version } from '../../package.json';
import type { AppStatus } from '../../shared/contract/app.contract';
import type { Clock } from '../core/clock';
import type { StartupConfig } from '../core/config';
import { logger } from '../core/log';
import { engineOf, openDatabase, type Db } from '../db/connection';
import { appHandlers } from '../ipc/handlers/app.handlers';
import { createRouter, type Handlers, type Router } from '../ipc/router';
import { SessionStore } from '../ipc/sessions';

const log = logger('boot');

export interface AppContext {
  db: Db;
  router: Router;
  sessions: SessionStore;
  clock: Clock;
  status(): Promise<Omit<AppStatus, 'sessionKind'>>;
  close(): Promise<void>;
}

/**
 * The composition root: opens the database, builds the services and the router. Both the
 * Electron shell and browser mode start here, so they run the same rules.
 */
export async function createAppContext(cfg: StartupConfig, mode: AppStatus['mode']): Promise<AppContext> {
  mkdirSync(cfg.dataDir, { recursive: true, mode: 0o700 });
  const db = await openDatabase({ url: cfg.databaseUrl, sqliteFile: cfg.sqliteFile });
  const engine = engineOf(db);
  log.info(`database ready (${engine})`);
  const sessions = new SessionStore();

  async function status(): Promise<Omit<AppStatus, 'sessionKind'>> {
    let ready = true;
    try {
      await db.raw('select 1');
    } catch {
      ready = false;
    }
    return {
      version,
      mode,
      database: { ready, engine },
      sms: { adapter: cfg.trainingMode ? 'file' : 'none', state: 'unknown', queued: 0 },
      trainingMode: cfg.trainingMode,
      setupDone: false,
    };
  }

  const handlers: Handlers = {
    ...appHandlers({ status }),
  };
  const router = createRouter({ handlers, clock: cfg.clock, idleLockMs: () => 10 * 60 * 1000 });

  return {
    db,
    router,
    sessions,
    clock: cfg.clock,
    status,
    async close() {
      await db.destroy();
    },
  };
}
