import { BrowserWindow, session as electronSession, shell } from 'electron';
import path from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../ipc/http-bridge';

const RENDERER_DIR = path.join(__dirname, '../renderer');

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
    title: kind === 'staff' ? 'میز حساب‌های شعبه' : 'پیشخوان شهروند',
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
  const indexUrl = new URL('file://' + path.join(RENDERER_DIR, 'index.html'));
  win.webContents.setWindowOpenHandler(({ url }) => {
    // Links to the outside world (none are expected) open in the system browser, never in-app.
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (event, url) => {
    if (new URL(url).pathname !== indexUrl.pathname) event.preventDefault();
  });
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());
  win.once('ready-to-show', () => win.show());
  void win.loadFile(path.join(RENDERER_DIR, 'index.html'), { hash: kind === 'kiosk' ? '/kiosk' : '/' });
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
  const page = path.join(RENDERER_DIR, 'updating.html');
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
      void win.loadFile(page, { hash: String(percent) });
    },
    close() {
      win?.destroy();
      win = null;
    },
  };
}
