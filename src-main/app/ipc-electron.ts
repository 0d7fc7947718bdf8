import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { CHANNELS, parseEvent, type EventName, type SessionKind } from '../../shared/contract';
import { errorBody, type Router } from '../ipc/router';
import type { Clock } from '../core/clock';
import type { Session, SessionStore } from '../ipc/sessions';

/**
 * The Electron transport: one `ipcMain.handle` per contract channel. The session (and with it
 * the kind — staff or kiosk) belongs to the window, never to anything the page sends.
 */
export class WindowSessions {
  private readonly byContents = new Map<number, { window: BrowserWindow; session: Session }>();
  constructor(
    private readonly sessions: SessionStore,
    private readonly clock: Clock,
  ) {}

  bind(window: BrowserWindow, kind: SessionKind): void {
    const id = window.webContents.id;
    const session = this.sessions.create(kind, this.clock.now().getTime());
    this.byContents.set(id, { window, session });
    window.on('closed', () => {
      this.sessions.delete(session.id);
      this.byContents.delete(id);
    });
  }

  /** Only the main frame of one of our own windows may call. */
  sessionFor(event: IpcMainInvokeEvent): Session | undefined {
    const entry = this.byContents.get(event.sender.id);
    if (!entry) return undefined;
    if (event.senderFrame !== entry.window.webContents.mainFrame) return undefined;
    return entry.session;
  }

  kindOf(contents: WebContents): SessionKind | undefined {
    return this.byContents.get(contents.id)?.session.kind;
  }

  /** An event to the window of one session only, checked against the contract first. */
  sendTo(session: Session, event: EventName, raw: unknown): void {
    const payload = parseEvent(event, raw);
    if (payload === null) return;
    for (const e of this.byContents.values()) if (e.session === session) e.window.webContents.send(event, payload);
  }

  all(): WebContents[] {
    return [...this.byContents.values()].map((e) => e.window.webContents);
  }
}

export function registerIpc(router: Router, windows: WindowSessions): void {
  // Issue 12 item 1: each call refreshes the window's idle deadline, which its page locks at.
  router.onStaffCall((session) => windows.sendTo(session, 'session:idle', router.idleDeadline(session)));
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, async (event, payload: unknown, background: unknown) => {
      const session = windows.sessionFor(event);
      if (!session) return { ok: false, error: errorBody('FORBIDDEN') };
      return router.call(channel, payload, session, { background: background === true });
    });
  }
}
