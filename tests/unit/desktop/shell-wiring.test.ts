// main/index.ts with a fake 'electron' module: the shell's wiring (single
// instance, secure window, IPC, tray, schedule, close-to-tray) runs in Node.
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { API_METHODS, EVENT_CHANNEL } from '../../../preload/contract';

interface FakeWindow extends EventEmitter {
  options: any;
  url: string | null;
  visible: boolean;
  webContents: FakeWebContents;
}
interface FakeWebContents extends EventEmitter {
  sent: [string, unknown][];
  openHandler: ((details: { url: string }) => { action: string }) | null;
}

const fake = vi.hoisted(() => ({ state: null as any }));

vi.mock('electron', async () => {
  const { EventEmitter } = await import('node:events');
  const s = () => fake.state;
  class BrowserWindow extends EventEmitter {
    options: any;
    url: string | null = null;
    visible = false;
    destroyed = false;
    webContents: any;
    constructor(options: any) {
      super();
      this.options = options;
      const contents = Object.assign(new EventEmitter(), {
        sent: [] as [string, unknown][],
        openHandler: null as any,
        send(channel: string, payload: unknown) {
          contents.sent.push([channel, payload]);
        },
        setWindowOpenHandler(handler: any) {
          contents.openHandler = handler;
        },
      });
      this.webContents = contents;
      s().windows.push(this);
      s().app.emit('web-contents-created', {}, contents);
    }
    loadURL(url: string) {
      this.url = url;
      return Promise.resolve();
    }
    show() {
      this.visible = true;
    }
    hide() {
      this.visible = false;
    }
    focus() {}
    restore() {}
    isMinimized() {
      return false;
    }
    isDestroyed() {
      return this.destroyed;
    }
    close() {
      let prevented = false;
      this.emit('close', { preventDefault: () => (prevented = true) });
      if (!prevented) this.destroyed = true;
    }
  }
  class Tray {
    menu: any[] = [];
    constructor() {
      s().trays.push(this);
    }
    setContextMenu(menu: any) {
      this.menu = menu;
    }
    setToolTip() {}
    on() {}
    destroy() {}
  }
  class Notification extends EventEmitter {
    static isSupported() {
      return true;
    }
    constructor(readonly options: any) {
      super();
    }
    show() {
      s().notifications.push(this.options);
    }
  }
  // The mock module is built once; each test gets fresh fakes through these forwarders.
  const forward = (key: string) =>
    new Proxy(
      {},
      {
        get: (_target, prop) => {
          const target = s()[key];
          const value = target[prop];
          return typeof value === 'function' ? value.bind(target) : value;
        },
      },
    );
  return {
    app: forward('app'),
    BrowserWindow,
    Tray,
    Notification,
    Menu: { buildFromTemplate: (template: any[]) => template },
    nativeImage: { createFromPath: (p: string) => ({ path: p }) },
    ipcMain: forward('ipcMain'),
    powerMonitor: forward('powerMonitor'),
    protocol: { registerSchemesAsPrivileged: (schemes: any[]) => s().schemes.push(...schemes) },
    session: { get defaultSession() { return s().session; } },
    shell: { openExternal: async (url: string) => void s().opened.push(url) },
  };
});

// The real keychain has its own integration test; here secrets stay in memory.
vi.mock('../../../main/secrets/keytar-store', async () => {
  const { MemorySecretStore } = await import('../../../main/secrets/secret-store');
  return { KeytarSecretStore: class extends MemorySecretStore {} };
});

function makeState(lock: boolean, dataDir: string) {
  const app = Object.assign(new EventEmitter(), {
    isPackaged: false,
    paths: {} as Record<string, string>,
    quitCalls: 0,
    setName() {},
    setPath(name: string, value: string) {
      app.paths[name] = value;
    },
    getPath(name: string) {
      return app.paths[name] ?? dataDir;
    },
    getVersion: () => '0.1.0',
    requestSingleInstanceLock: () => lock,
    quit() {
      app.quitCalls++;
      app.emit('before-quit');
    },
    exit() {},
    whenReady: () => Promise.resolve(),
    setLoginItemSettings() {},
  });
  const handlers = new Map<string, (...args: any[]) => unknown>();
  return {
    app,
    windows: [] as FakeWindow[],
    trays: [] as any[],
    notifications: [] as any[],
    schemes: [] as any[],
    opened: [] as string[],
    ipcMain: {
      handlers,
      handle: (channel: string, fn: any) => handlers.set(channel, fn),
      removeHandler: (channel: string) => handlers.delete(channel),
    },
    powerMonitor: new EventEmitter(),
    session: {
      headerListener: null as any,
      permissionRequest: null as any,
      protocolHandlers: new Map<string, any>(),
      webRequest: { onHeadersReceived: (fn: any) => (fake.state.session.headerListener = fn) },
      setPermissionRequestHandler: (fn: any) => (fake.state.session.permissionRequest = fn),
      setPermissionCheckHandler() {},
      protocol: { handle: (scheme: string, fn: any) => fake.state.session.protocolHandlers.set(scheme, fn) },
    },
  };
}

const flush = async () => {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setTimeout(resolve, 5));
};

let dir: string;
const savedEnv = { ...process.env };
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shell-'));
  process.env.PLECTO_DIRSYNC_DATA_DIR = path.join(dir, 'data');
  process.env.XDG_CONFIG_HOME = path.join(dir, 'config'); // the Linux autostart entry goes here
  delete process.env.ELECTRON_RENDERER_URL;
  vi.resetModules();
});
afterEach(() => {
  fake.state?.app.emit('will-quit'); // closes the mirror
  process.env = { ...savedEnv };
  fs.rmSync(dir, { recursive: true, force: true });
});

async function start(lock = true) {
  fake.state = makeState(lock, path.join(dir, 'data'));
  await import('../../../main/index');
  await flush();
  return fake.state;
}

describe('main/index.ts (Electron shell wiring, fake electron)', () => {
  it('a second instance quits at once and opens nothing', async () => {
    const state = await start(false);
    expect(state.app.quitCalls).toBe(1);
    expect(state.windows).toHaveLength(0);
    expect(state.ipcMain.handlers.size).toBe(0);
  });

  it('opens one secure window on app://plecto with the CJS preload, and registers every API channel', async () => {
    const state = await start();
    expect(state.windows).toHaveLength(1);
    const [window] = state.windows;
    expect(window.url).toBe('app://plecto/index.html');
    expect(window.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
    // ../preload/index.js next to the main bundle (out/main → out/preload); here next to main/.
    expect(window.options.webPreferences.preload).toBe(path.resolve(__dirname, '../../../preload/index.js'));
    expect(state.schemes[0]).toMatchObject({ scheme: 'app', privileges: { standard: true, secure: true } });
    expect([...state.ipcMain.handlers.keys()].sort()).toEqual(API_METHODS.map((m) => `api:${m}`).sort());
    expect(fs.existsSync(path.join(dir, 'data', 'mirror.db'))).toBe(true);
  });

  it('hardens the session and every webContents: CSP header, no permissions, no navigation, no new windows', async () => {
    const state = await start();
    const headers = await new Promise<any>((resolve) =>
      state.session.headerListener({ responseHeaders: {} }, (r: any) => resolve(r.responseHeaders)),
    );
    expect(headers['Content-Security-Policy'][0]).toContain("script-src 'self'");
    const allowed = await new Promise((resolve) => state.session.permissionRequest({}, 'media', resolve));
    expect(allowed).toBe(false);

    const contents = state.windows[0].webContents;
    const navigation = { prevented: false, preventDefault() { navigation.prevented = true; } };
    contents.emit('will-navigate', navigation, 'https://attacker.example/');
    expect(navigation.prevented).toBe(true);
    expect(contents.openHandler!({ url: 'https://help.plecto.com/x' })).toEqual({ action: 'deny' });
    expect(contents.openHandler!({ url: 'https://attacker.example/' })).toEqual({ action: 'deny' });
    expect(state.opened).toEqual(['https://help.plecto.com/x']);
  });

  it('serves only files from the renderer folder on app://', async () => {
    const state = await start();
    const handler = state.session.protocolHandlers.get('app');
    const outside = await handler({ url: 'app://plecto/..%2f..%2fpackage.json' });
    expect(outside.status).toBe(404);
  });

  it('IPC from the app page reaches the API; from elsewhere it is refused', async () => {
    const state = await start();
    const overview = state.ipcMain.handlers.get('api:getOverview')!;
    await expect(overview({ senderFrame: { url: 'app://plecto/index.html' } })).resolves.toMatchObject({
      connections: [],
      automaticSyncPaused: false,
    });
    await expect(overview({ senderFrame: { url: 'https://attacker.example/' } })).rejects.toThrow(/did not come from the app/);
  });

  it('has the tray menu; closing the window hides it, a second launch shows it, Quit really quits', async () => {
    const state = await start();
    expect(state.trays).toHaveLength(1);
    const labels = state.trays[0].menu.filter((i: any) => i.type !== 'separator').map((i: any) => i.label);
    expect(labels).toEqual(['Open Plecto Directory Sync', 'Sync now', 'Last result: no sync yet', 'Pause automatic sync', 'Quit']);

    const [window] = state.windows;
    window.visible = true;
    window.close();
    expect(window.visible).toBe(false);
    expect(window.isDestroyed()).toBe(false);

    state.app.emit('second-instance');
    expect(window.visible).toBe(true);

    state.trays[0].menu.find((i: any) => i.label === 'Quit').click();
    window.close();
    expect(window.isDestroyed()).toBe(true);
  });

  it('tray Pause stores the global pause and the window sees it; resume from sleep is wired', async () => {
    const state = await start();
    state.trays[0].menu.find((i: any) => i.label === 'Pause automatic sync').click();
    await flush();
    const overview: any = await state.ipcMain.handlers.get('api:getOverview')!({ senderFrame: { url: 'app://plecto/' } });
    expect(overview.automaticSyncPaused).toBe(true);
    expect(state.trays[0].menu.some((i: any) => i.label === 'Resume automatic sync')).toBe(true);
    expect(state.powerMonitor.listenerCount('resume')).toBe(1);
  });

  it('started at login with --hidden, the window stays hidden in the tray', async () => {
    const argv = process.argv;
    process.argv = [...argv, '--hidden'];
    try {
      const state = await start();
      expect(state.windows[0].options.show).toBe(false);
      expect(state.windows[0].listenerCount('ready-to-show')).toBe(0);
    } finally {
      process.argv = argv;
    }
  });

  it('a due scheduled run on resume from sleep notifies and updates the window and tray', async () => {
    const state = await start();
    const overview = () => state.ipcMain.handlers.get('api:getOverview')!({ senderFrame: { url: 'app://plecto/' } });
    await state.ipcMain.handlers.get('api:saveConnection')!(
      { senderFrame: { url: 'app://plecto/' } },
      { id: 'intercom', type: 'intercom' },
      { accessToken: 'canary-token-1' },
    );
    expect(((await overview()) as any).connections).toHaveLength(1);
    // Make it due: the app's own mirror file, opened a second time (WAL allows it).
    const { Mirror } = await import('../../../main/store/mirror');
    const mirror = Mirror.open(path.join(dir, 'data', 'mirror.db'));
    mirror.setSchedule('intercom', { nextRunAt: Date.now() - 60_000 });
    mirror.close();

    state.powerMonitor.emit('resume');
    await flush();
    // Plecto is not set up, so the run fails: the admin is told, the window and tray hear of it.
    expect(state.notifications).toHaveLength(1);
    expect(state.notifications[0].title).toBe('Intercom sync failed');
    expect(JSON.stringify(state.notifications)).not.toContain('canary-token-1');
    const events = state.windows[0].webContents.sent.filter(([channel]: [string]) => channel === EVENT_CHANNEL);
    expect(events.map(([, event]: [string, any]) => event.type)).toContain('run-finished');
    expect(state.trays[0].menu.some((i: any) => i.label === 'Last result: Intercom: failed')).toBe(true);
  });
});
