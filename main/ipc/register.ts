// Wires the typed API to IPC: one `api:<method>` handler per contract method.
// Every call is checked twice before it reaches the API: the sender must be
// the app's own renderer page, and the arguments must pass the method's
// validator. Nothing else is registered, so the renderer can call nothing else.
import { API_METHODS, channelOf, type ApiMethod, type DirectorySyncApi } from '../../preload/contract';
import { redactUrl, silentLogger, type Logger } from '../common/logger';
import { isTrustedSender } from './sender';
import { validateApiArgs } from './validate';

/** The part of an IPC invoke event the checks need (Electron's IpcMainInvokeEvent has it). */
export interface IpcInvokeEventLike {
  senderFrame?: { url: string } | null;
}

export type IpcInvokeHandler = (event: IpcInvokeEventLike, ...args: unknown[]) => unknown;

/** The part of Electron's ipcMain this module uses; a plain object in tests. */
export interface IpcMainLike {
  handle(channel: string, handler: IpcInvokeHandler): void;
  removeHandler(channel: string): void;
}

export interface RegisterOptions {
  /** The renderer's URL (app://…, or the dev server's); read on every call because it is known only after the window loads. */
  rendererUrl: string | (() => string);
  /** Argument validator per method; throws on bad input. Default: main/ipc/validate.ts. */
  validate?: (method: ApiMethod, args: unknown[]) => unknown[];
  logger?: Logger;
}

/** Thrown (and sent to the caller) when a frame other than the app's renderer calls the API. */
export class UntrustedSenderError extends Error {
  constructor(method: string) {
    super(`Refused ${channelOf(method as ApiMethod)}: the call did not come from the app's own window.`);
    this.name = 'UntrustedSenderError';
  }
}

/** Registers every API method; returns a function that removes the handlers again. */
export function registerApiHandlers(ipcMain: IpcMainLike, api: DirectorySyncApi, options: RegisterOptions): () => void {
  const validate = options.validate ?? validateApiArgs;
  const logger = options.logger ?? silentLogger;
  const rendererUrl = typeof options.rendererUrl === 'function' ? options.rendererUrl : () => options.rendererUrl as string;

  for (const method of API_METHODS) {
    ipcMain.handle(channelOf(method), async (event, ...args) => {
      const senderUrl = event?.senderFrame?.url ?? null;
      if (!isTrustedSender(senderUrl, rendererUrl())) {
        // Log where it came from (scrubbed), never the arguments: they may carry a secret.
        logger.warn('ipc call refused: untrusted sender', { method, sender: senderUrl ? redactUrl(senderUrl) : null });
        throw new UntrustedSenderError(method);
      }
      const validArgs = validate(method, args);
      const call = api[method] as (...a: unknown[]) => Promise<unknown>;
      return call.apply(api, validArgs);
    });
  }
  return () => {
    for (const method of API_METHODS) ipcMain.removeHandler(channelOf(method));
  };
}
