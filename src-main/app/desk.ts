import { app, BrowserWindow, dialog } from 'electron';
import { eventReaches, parseEvent } from '../../shared/contract';
import { DESK_START_FA } from '../../shared/i18n/fa-cli';
import { createAppContext, DeskBusyError, type AppContext } from '../boot/app-context';
import { keyRefusalText } from '../cli/run-cli';
import { loadStartupConfig } from '../core/config';
import { configureLogging, logger } from '../core/log';
import { KeyFileError } from '../core/secrets';
import { registerIpc, WindowSessions } from './ipc-electron';
import { safeKeyStore } from './safe-keys';
import { registerAppScheme, serveAppProtocol } from './app-protocol';
import { createWindow, hardenSession, updatingWindow } from './window';
import { percentOf, terminalProgress } from '../core/progress-line';

/** The desk: windows, IPC and lifecycle only. Every rule lives behind the router. */
export function startDesk(argv: string[]): void {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  const cfg = loadStartupConfig(argv);
  configureLogging(cfg.dataDir);
  const log = logger('electron');
  // Before ready, as Electron requires: the renderer's own app:// scheme.
  registerAppScheme();
  let ctx: AppContext | null = null;
  let staffWindow: BrowserWindow | null = null;

  app.on('second-instance', () => {
    if (staffWindow) {
      if (staffWindow.isMinimized()) staffWindow.restore();
      staffWindow.focus();
    }
  });

  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });

  app
    .whenReady()
    .then(async () => {
      hardenSession();
      serveAppProtocol();
      // A long migration shows "updating the database, N%" (and a terminal line) instead of nothing.
      const updating = updatingWindow();
      const terminal = terminalProgress();
      try {
        ctx = await createAppContext(cfg, 'electron', {
          keys: safeKeyStore(cfg.dataDir),
          onMigrationProgress: (p) => {
            terminal(p);
            updating.show(percentOf(p));
          },
        });
      } finally {
        updating.close();
      }
      const windows = new WindowSessions(ctx.sessions, ctx.clock);
      registerIpc(ctx.router, windows);
      const live = ctx;
      live.onStatusChange(() => {
        void live.status().then((s) => {
          for (const w of windows.all()) {
            const kind = windows.kindOf(w);
            // Checked before sending, as the bridge does; the renderer checks again on receipt.
            const payload = kind && eventReaches('app:status-changed', kind) ? parseEvent('app:status-changed', { ...s, sessionKind: kind }) : null;
            if (payload) w.send('app:status-changed', payload);
          }
        });
      });
      staffWindow = createWindow('staff');
      windows.bind(staffWindow, 'staff');
      if (argv.includes('--kiosk')) {
        const kiosk = createWindow('kiosk');
        windows.bind(kiosk, 'kiosk');
      }
    })
    .catch((e: unknown) => {
      log.error('start failed', e instanceof Error ? e.message : String(e));
      // The two causes a person can act on get a box that says what to do.
      if (e instanceof DeskBusyError) dialog.showErrorBox(DESK_START_FA.title, DESK_START_FA.busy(e.dataDir));
      if (e instanceof KeyFileError) dialog.showErrorBox(DESK_START_FA.title, keyRefusalText(e));
      app.exit(1);
    });

  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', (event) => {
    if (!ctx) return;
    event.preventDefault();
    const closing = ctx;
    ctx = null;
    void closing.close().finally(() => app.exit(0));
  });
}
