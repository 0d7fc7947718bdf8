import { BrowserWindow, session as electronSession } from 'electron';
import path from 'node:path';
import { WINDOW_TITLES_FA } from '../../shared/i18n/fa-desk';
import { CONTENT_SECURITY_POLICY } from '../ipc/http-bridge';
import { appPageUrl, isOwnPage } from './app-protocol';

/** Hardens the default session once: CSP on every response, every permission request denied. */
export function hardenSession(): void {
  const s = electronSession.defaultSession;
  s.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });
  s.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  s.setPermissionCheckHandler(() => false);
}

/** A sandboxed window that can load only our own renderer and never open or navigate elsewhere. */
export function createWindow(kind: 'staff' | 'kiosk'): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 860,
    show: false,
    title: WINDOW_TITLES_FA[kind],
    kiosk: kind === 'kiosk',
    autoHideMenuBar: true,
    webPreferences: {
      preload: path.join(__dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  // Issue 10 item 8: the whole URL must be the window's own page (app://desk/index.html); any
  // other scheme, host or path is refused. No window is ever opened, not even outside the app.
  const ownUrl = appPageUrl('index.html', kind === 'kiosk' ? '/kiosk' : '/');
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.webContents.on('will-navigate', (event, url) => {
    if (!isOwnPage(url, ownUrl)) event.preventDefault();
  });
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());
  win.once('ready-to-show', () => win.show());
  void win.loadURL(ownUrl);
  return win;
}

/**
 * Issue 11: while a long migration runs (before the database, the router and the staff window
 * exist) a small window says "updating the database, N%" instead of nothing at all. No preload,
 * no IPC: main moves the page's fragment (`#45`), a same-document navigation.
 */
export function updatingWindow(): { show(percent: number): void; close(): void } {
  let win: BrowserWindow | null = null;
  let shown = -1;
  return {
    show(percent) {
      if (percent === shown) return;
      shown = percent;
      if (!win) {
        win = new BrowserWindow({
          width: 560,
          height: 260,
          resizable: false,
          autoHideMenuBar: true,
          webPreferences: { contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, spellcheck: false },
        });
        win.webContents.on('will-navigate', (event) => event.preventDefault());
        win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
      }
      void win.loadURL(appPageUrl('updating.html', String(percent)));
    },
    close() {
      win?.destroy();
      win = null;
    },
  };
}
