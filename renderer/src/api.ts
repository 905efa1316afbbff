// The renderer's handle on the main process: window.plectoApi, with error
// messages cleaned of Electron's IPC prefix so people read only what failed.
import type { PlectoApiBridge } from '../../preload/contract';
import { plain } from './plain';

export function api(): PlectoApiBridge {
  return window.plectoApi;
}

const IPC_PREFIX = /^Error invoking remote method '[^']+': (?:[A-Za-z]*Error: )?/;

export function errorText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return plain(message.replace(IPC_PREFIX, ''));
}
