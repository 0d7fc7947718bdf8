/**
 * A stand-in for the `electron` module, for testing src-main/app/ without the Electron binary.
 * This module's exports ARE the stand-in API (app, BrowserWindow, safeStorage, session, ipcMain,
 * shell, dialog, protocol) plus `electronStub`, the test's controls and records. Use it as:
 *
 *   vi.mock('electron', () => import('../helpers/electron-stub'));
 *   import { electronStub } from '../helpers/electron-stub';
 *   beforeEach(() => electronStub.reset());
 *
 * safeStorage really seals: the stored bytes start with "v11" like Chromium's OSCrypt, do not
 * contain the plain text, and open only with the same keychain (`electronStub.keychain.id`), so a
 * key file read without unsealing, or with another user's keychain, fails as it would for real.
 */
import { EventEmitter } from 'node:events';

type Handler = (...args: never[]) => unknown;

class StubWebContents extends EventEmitter {
  private static nextId = 1;
  readonly id = StubWebContents.nextId++;
  readonly mainFrame = { url: '' };
  windowOpenHandler: Handler | null = null;
  readonly sent: Array<{ channel: string; payload: unknown }> = [];
  setWindowOpenHandler(handler: Handler): void {
    this.windowOpenHandler = handler;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }
}

export class BrowserWindow extends EventEmitter {
  readonly webContents = new StubWebContents();
  loaded: { file?: string; url?: string; options?: unknown } | null = null;
  visible = false;
  destroyed = false;
  constructor(readonly options: Record<string, unknown> = {}) {
    super();
    electronStub.windows.push(this);
  }
  static getAllWindows(): BrowserWindow[] {
    return electronStub.windows.filter((w) => !w.destroyed);
  }
  loadFile(file: string, options?: unknown): Promise<void> {
    this.loaded = { file, options };
    return Promise.resolve();
  }
  loadURL(url: string): Promise<void> {
    this.loaded = { url };
    this.webContents.mainFrame.url = url;
    return Promise.resolve();
  }
  destroy(): void {
    this.destroyed = true;
  }
  show(): void {
    this.visible = true;
  }
  focus(): void {}
  restore(): void {}
  isMinimized(): boolean {
    return false;
  }
  send(channel: string, payload: unknown): void {
    this.webContents.send(channel, payload);
  }
  close(): void {
    this.destroyed = true;
    this.emit('closed');
  }
}

class StubApp extends EventEmitter {
  isPackaged = true;
  whenReady(): Promise<void> {
    return Promise.resolve().then(() => {
      electronStub.ready = true;
    });
  }
  getPath(name: string): string {
    if (name !== 'userData') throw new Error(`electron stub: getPath('${name}') not stubbed`);
    if (!electronStub.userData) throw new Error('electron stub: set electronStub.userData first');
    return electronStub.userData;
  }
  requestSingleInstanceLock(): boolean {
    electronStub.calls.singleInstanceLock++;
    return electronStub.singleInstanceLockFree;
  }
  disableHardwareAcceleration(): void {}
  quit(): void {
    electronStub.calls.quit++;
  }
  exit(code = 0): void {
    electronStub.exitCodes.push(code);
    for (const waiter of electronStub.exitWaiters.splice(0)) waiter(code);
  }
}

const PREFIX = Buffer.from('v11');

function xor(bytes: Buffer, key: number): Buffer {
  return Buffer.from(bytes.map((b, i) => b ^ ((key + i * 31) & 0xff)));
}

export const safeStorage = {
  isEncryptionAvailable: (): boolean => electronStub.keychain.available,
  getSelectedStorageBackend: (): string => electronStub.keychain.backend,
  encryptString(text: string): Buffer {
    if (!electronStub.keychain.available) throw new Error('Encryption is not available.');
    electronStub.calls.encrypt++;
    return Buffer.concat([PREFIX, Buffer.from([electronStub.keychain.id]), xor(Buffer.from(text, 'utf8'), electronStub.keychain.id)]);
  },
  decryptString(sealed: Buffer): string {
    electronStub.calls.decrypt++;
    if (!electronStub.keychain.available) throw new Error('Decryption is not available.');
    if (!sealed.subarray(0, 3).equals(PREFIX) || sealed[3] !== electronStub.keychain.id) {
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    }
    return xor(sealed.subarray(4), electronStub.keychain.id).toString('utf8');
  },
};

const defaultSession = {
  headersHandler: null as Handler | null,
  permissionRequestHandler: null as Handler | null,
  permissionCheckHandler: null as Handler | null,
  webRequest: {
    onHeadersReceived(handler: Handler): void {
      defaultSession.headersHandler = handler;
    },
  },
  setPermissionRequestHandler(handler: Handler): void {
    defaultSession.permissionRequestHandler = handler;
  },
  setPermissionCheckHandler(handler: Handler): void {
    defaultSession.permissionCheckHandler = handler;
  },
};
export const session = { defaultSession };

export const ipcMain = {
  handlers: new Map<string, Handler>(),
  handle(channel: string, handler: Handler): void {
    ipcMain.handlers.set(channel, handler);
  },
  removeHandler(channel: string): void {
    ipcMain.handlers.delete(channel);
  },
};

export const shell = {
  opened: [] as string[],
  openExternal(url: string): Promise<void> {
    shell.opened.push(url);
    return Promise.resolve();
  },
};

export const dialog = {
  errorBoxes: [] as Array<{ title: string; content: string }>,
  showErrorBox(title: string, content: string): void {
    dialog.errorBoxes.push({ title, content });
  },
};

/** Records privileged schemes (refused after ready, as Electron does) and protocol handlers. */
export const protocol = {
  privileged: [] as Array<{ scheme: string; privileges?: Record<string, boolean> }>,
  handlers: new Map<string, Handler>(),
  registerSchemesAsPrivileged(schemes: Array<{ scheme: string; privileges?: Record<string, boolean> }>): void {
    if (electronStub.ready) throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready');
    protocol.privileged.push(...schemes);
  },
  handle(scheme: string, handler: Handler): void {
    if (!electronStub.ready) throw new Error('electron stub: protocol.handle before app is ready');
    protocol.handlers.set(scheme, handler);
  },
};

export const app = new StubApp();

/** The test's controls and records. */
export const electronStub = {
  /** What app.getPath('userData') answers. */
  userData: '',
  /** Set once app.whenReady() has resolved. */
  ready: false,
  singleInstanceLockFree: true,
  keychain: { available: true, backend: 'gnome_libsecret', id: 0x5a },
  windows: [] as BrowserWindow[],
  exitCodes: [] as number[],
  exitWaiters: [] as Array<(code: number) => void>,
  calls: { singleInstanceLock: 0, quit: 0, encrypt: 0, decrypt: 0 },
  /** Resolves with the code of the next app.exit(). */
  nextExit(): Promise<number> {
    return new Promise((resolve) => electronStub.exitWaiters.push(resolve));
  },
  reset(): void {
    electronStub.userData = '';
    electronStub.ready = false;
    electronStub.singleInstanceLockFree = true;
    electronStub.keychain = { available: true, backend: 'gnome_libsecret', id: 0x5a };
    electronStub.windows = [];
    electronStub.exitCodes = [];
    electronStub.exitWaiters = [];
    electronStub.calls = { singleInstanceLock: 0, quit: 0, encrypt: 0, decrypt: 0 };
    app.removeAllListeners();
    app.isPackaged = true;
    ipcMain.handlers.clear();
    shell.opened = [];
    dialog.errorBoxes = [];
    protocol.privileged = [];
    protocol.handlers.clear();
    defaultSession.headersHandler = null;
    defaultSession.permissionRequestHandler = null;
    defaultSession.permissionCheckHandler = null;
  },
};

export default { app, BrowserWindow, safeStorage, session, ipcMain, shell, dialog, protocol };
