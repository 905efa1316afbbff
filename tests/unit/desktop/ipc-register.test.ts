import { describe, expect, it, vi } from 'vitest';
import { API_METHODS, type DirectorySyncApi } from '../../../preload/contract';
import type { Logger } from '../../../main/common/logger';
import {
  registerApiHandlers,
  UntrustedSenderError,
  type IpcInvokeHandler,
  type IpcMainLike,
} from '../../../main/ipc/register';

const APP = 'app://plecto/index.html';

class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, IpcInvokeHandler>();
  handle(channel: string, handler: IpcInvokeHandler) {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`); // Electron refuses too
    this.handlers.set(channel, handler);
  }
  removeHandler(channel: string) {
    this.handlers.delete(channel);
  }
  invoke(channel: string, senderUrl: string | null, ...args: unknown[]) {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return Promise.resolve(handler({ senderFrame: senderUrl === null ? null : { url: senderUrl } }, ...args));
  }
}

/** Every method resolves to its name and arguments, so a test sees exactly what reached the API. */
function recordingApi() {
  const calls: { method: string; args: unknown[] }[] = [];
  const api = Object.fromEntries(
    API_METHODS.map((method) => [
      method,
      async (...args: unknown[]) => {
        calls.push({ method, args });
        return { method, args };
      },
    ]),
  ) as unknown as DirectorySyncApi;
  return { api, calls };
}

function recordingLogger() {
  const lines: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
  const logger: Logger = {
    info: (message, fields) => lines.push({ level: 'info', message, fields }),
    warn: (message, fields) => lines.push({ level: 'warn', message, fields }),
    error: (message, fields) => lines.push({ level: 'error', message, fields }),
  };
  return { logger, lines };
}

describe('registerApiHandlers', () => {
  it('registers exactly one api:<method> channel per contract method', () => {
    const ipc = new FakeIpcMain();
    registerApiHandlers(ipc, recordingApi().api, { rendererUrl: APP });
    expect([...ipc.handlers.keys()].sort()).toEqual(API_METHODS.map((m) => `api:${m}`).sort());
  });

  it('passes validated arguments from the app renderer through to the API', async () => {
    const ipc = new FakeIpcMain();
    const { api, calls } = recordingApi();
    registerApiHandlers(ipc, api, { rendererUrl: APP });

    await expect(ipc.invoke('api:testConnection', `${APP}#/connections`, 'intercom')).resolves.toEqual({
      method: 'testConnection',
      args: ['intercom'],
    });
    await ipc.invoke('api:apply', APP, 7, { excludeChangeIds: ['c1'], force: false });
    expect(calls).toEqual([
      { method: 'testConnection', args: ['intercom'] },
      { method: 'apply', args: [7, { excludeChangeIds: ['c1'], force: false }] },
    ]);
  });

  it('rejects bad input with the validator and never calls the API', async () => {
    const ipc = new FakeIpcMain();
    const { api, calls } = recordingApi();
    registerApiHandlers(ipc, api, { rendererUrl: APP });

    await expect(ipc.invoke('api:testConnection', APP, '../../etc')).rejects.toThrow(/Invalid input to testConnection/);
    await expect(ipc.invoke('api:apply', APP, 'seven')).rejects.toThrow(/Invalid input to apply/);
    await expect(ipc.invoke('api:setStartAtLogin', APP, 'yes')).rejects.toThrow(/Invalid input to setStartAtLogin/);
    await expect(ipc.invoke('api:getRun', APP, 1, 'extra')).rejects.toThrow(/at most 1/);
    await expect(
      ipc.invoke('api:saveConnection', APP, { id: 'intercom', type: 'intercom', credentials: { accessToken: 'tok' } }, {}),
    ).rejects.toThrow(/secrets are sent separately/);
    expect(calls).toEqual([]);
  });

  it('uses an injected validator and hands the API its cleaned arguments', async () => {
    const ipc = new FakeIpcMain();
    const { api, calls } = recordingApi();
    const validate = vi.fn((_method: string, args: unknown[]) => args.map((a) => String(a).trim()));
    registerApiHandlers(ipc, api, { rendererUrl: APP, validate });
    await ipc.invoke('api:preview', APP, '  intercom ');
    expect(validate).toHaveBeenCalledWith('preview', ['  intercom ']);
    expect(calls).toEqual([{ method: 'preview', args: ['intercom'] }]);
  });

  it('rejects calls from any frame that is not the app renderer, and logs no arguments', async () => {
    const ipc = new FakeIpcMain();
    const { api, calls } = recordingApi();
    const { logger, lines } = recordingLogger();
    const validate = vi.fn((_m: string, args: unknown[]) => args);
    registerApiHandlers(ipc, api, { rendererUrl: APP, validate, logger });

    const secret = 'canary-secret-123';
    for (const sender of ['https://attacker.example/', 'file:///tmp/evil.html', 'app://elsewhere/', null]) {
      await expect(
        ipc.invoke('api:savePlectoSettings', sender, { baseUrl: 'https://x', email: 'a@b.c', password: secret }),
      ).rejects.toThrow(UntrustedSenderError);
    }
    expect(calls).toEqual([]);
    expect(validate).not.toHaveBeenCalled();
    expect(lines.filter((l) => l.level === 'warn')).toHaveLength(4);
    expect(JSON.stringify(lines)).not.toContain(secret);
  });

  it('reads the renderer URL at call time (known only once the window loads)', async () => {
    const ipc = new FakeIpcMain();
    let rendererUrl = 'http://localhost:5173/';
    registerApiHandlers(ipc, recordingApi().api, { rendererUrl: () => rendererUrl });
    await expect(ipc.invoke('api:getOverview', 'http://localhost:5173/')).resolves.toBeTruthy();
    rendererUrl = APP;
    await expect(ipc.invoke('api:getOverview', 'http://localhost:5173/')).rejects.toThrow(UntrustedSenderError);
    await expect(ipc.invoke('api:getOverview', APP)).resolves.toBeTruthy();
  });

  it('returns an unregister function that removes every handler', () => {
    const ipc = new FakeIpcMain();
    const unregister = registerApiHandlers(ipc, recordingApi().api, { rendererUrl: APP });
    unregister();
    expect(ipc.handlers.size).toBe(0);
  });
});
