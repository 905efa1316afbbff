// The preload: exposes `window.plectoApi` with one named function per API
// method (each a fixed `api:<method>` invoke) and `onEvent`. The renderer
// never gets ipcRenderer, so it can call nothing but the contract.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { API_METHODS, EVENT_CHANNEL, channelOf, type DirectorySyncEvent, type EventListener, type PlectoApiBridge } from './contract';

const api: Record<string, unknown> = {};
for (const method of API_METHODS) {
  api[method] = (...args: unknown[]) => ipcRenderer.invoke(channelOf(method), ...args);
}

api.onEvent = (listener: EventListener) => {
  // Only the event payload crosses over; the IpcRendererEvent (with its sender) stays here.
  const handler = (_event: IpcRendererEvent, payload: DirectorySyncEvent) => listener(payload);
  ipcRenderer.on(EVENT_CHANNEL, handler);
  return () => {
    ipcRenderer.removeListener(EVENT_CHANNEL, handler);
  };
};

contextBridge.exposeInMainWorld('plectoApi', api as unknown as PlectoApiBridge);
