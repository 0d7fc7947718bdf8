import type { Channel, EventName, EventPayload, Input, Output } from '../../shared/contract';
import { checkedListener, eventData } from './event-receipt';
import type { Envelope } from '../../shared/envelope';
import { ERROR_MESSAGES_FA } from '../../shared/i18n/fa-messages';

/** What the Electron preload exposes; absent in browser mode. */
interface DeskPreload {
  invoke(channel: string, payload: unknown, background?: boolean): Promise<unknown>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}

declare global {
  interface Window {
    desk?: DeskPreload;
  }
}

export type Surface = 'staff' | 'kiosk';

/** The kiosk is its own route (browser mode) or its own window (Electron, hash route). */
export function detectSurface(): Surface {
  return location.pathname.startsWith('/kiosk') || location.hash.startsWith('#/kiosk') ? 'kiosk' : 'staff';
}

const surface = detectSurface();
const apiBase = surface === 'kiosk' ? '/kiosk-api/' : '/api/';

function failure<T>(code: 'UNAUTHENTICATED' | 'INTERNAL'): Envelope<T> {
  return { ok: false, error: { code, message: ERROR_MESSAGES_FA[code] } };
}

/**
 * Browser mode: exchanges the one-time launch code in the address for a session cookie, then
 * removes it from the address bar (and from history). Electron windows need nothing.
 */
export async function establishSession(): Promise<void> {
  if (window.desk) return;
  const match = /(?:^#|&)launch=([A-Za-z0-9_-]+)/.exec(location.hash);
  if (!match) return;
  history.replaceState(null, '', location.pathname + location.search);
  await fetch('/session/launch', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    credentials: 'same-origin',
    body: JSON.stringify({ code: match[1] }),
  });
}

/** The one way the renderer reaches main; typed from the contract, over either transport. */
export async function call<C extends Channel>(channel: C, input: Input<C>, opts: { background?: boolean } = {}): Promise<Envelope<Output<C>>> {
  if (window.desk) return (await window.desk.invoke(channel, input, opts.background === true)) as Envelope<Output<C>>;
  let res: Response;
  try {
    res = await fetch(apiBase + channel, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(opts.background ? { 'X-Desk-Background': '1' } : {}) },
      credentials: 'same-origin',
      body: JSON.stringify(input),
    });
  } catch {
    return failure('INTERNAL');
  }
  if (res.status === 401) return failure('UNAUTHENTICATED');
  try {
    return (await res.json()) as Envelope<Output<C>>;
  } catch {
    return failure('INTERNAL');
  }
}

/** Subscribes to a main → renderer event; returns the unsubscribe function. */
export function subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
  // Checked on receipt too: a payload outside the contract (or not JSON) is dropped.
  const deliver = checkedListener(event, listener);
  if (window.desk) return window.desk.on(event, deliver);
  const source = new EventSource(apiBase + 'events');
  const handler = (e: MessageEvent<string>) => deliver(eventData(e.data));
  source.addEventListener(event, handler);
  return () => source.close();
}
