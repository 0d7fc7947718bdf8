import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CHANNELS, EVENT_NAMES } from '../../shared/contract';

/**
 * The page's only door to main: `invoke` for allow-listed contract channels and `on` for
 * allow-listed events. The page cannot name a role; main binds it to this window.
 */
const allowedChannels = new Set<string>(CHANNELS);
const allowedEvents = new Set<string>(EVENT_NAMES);

contextBridge.exposeInMainWorld('desk', {
  invoke(channel: string, payload: unknown, background?: boolean): Promise<unknown> {
    if (!allowedChannels.has(channel)) return Promise.reject(new Error('channel not allowed'));
    return ipcRenderer.invoke(channel, payload, background === true);
  },
  on(event: string, listener: (payload: unknown) => void): () => void {
    if (!allowedEvents.has(event)) throw new Error('event not allowed');
    const wrapped = (_e: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(event, wrapped);
    return () => ipcRenderer.removeListener(event, wrapped);
  },
});
