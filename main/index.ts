// The Electron main process: one instance, one locked-down window, a tray, the
// daily schedule and OS notifications around the desktop services. All logic
// lives in Node-testable modules; this file only wires them to Electron.
import fs from 'node:fs';
import path from 'node:path';
import { app, BrowserWindow, ipcMain, powerMonitor, session, shell, type WebContents } from 'electron';
import type { DirectorySyncApi, DirectorySyncEvent } from '../preload/contract';
import { EVENT_CHANNEL } from '../preload/contract';
import { createDesktopServices } from './app/desktop-services';
import { labelOf, toRunSummary } from './app/run-views';
import { systemClock } from './common/clock';
import { streamLogger, type Logger } from './common/logger';
import { defaultDataDir, MIRROR_FILE, PRODUCT_NAME } from './config/paths';
import { registerApiHandlers } from './ipc/register';
import { Scheduler } from './schedule/scheduler';
import { syncNowNotifications } from './tray/sync-now';
import { KeytarSecretStore } from './secrets/keytar-store';
import { hideOnClose, type QuitState } from './shell/close-to-tray';
import { isAllowedExternalUrl } from './shell/external-links';
import { applyStartAtLogin, HIDDEN_ARG, syncStartAtLogin, type LoginItemDeps } from './shell/login-item';
import { createNotifier } from './shell/notifications';
import { electronTrayFactory } from './shell/tray';
import { createMainWindow, hardenSession, hardenWebContents, registerAppScheme, serveRenderer } from './shell/window';
import { APP_URL } from './shell/window-policy';
import { Mirror } from './store/mirror';
import { SystemTrayService } from './tray/tray-service';

// Built layout (electron-vite): out/main/index.js, out/preload/index.js (CJS: sandboxed preloads cannot be ESM), out/renderer/.
const PRELOAD = path.join(__dirname, '../preload/index.js');
const RENDERER_DIR = path.join(__dirname, '../renderer');
// Dev server URL from `electron-vite dev`; the built app is served on app://plecto/.
const RENDERER_URL = !app.isPackaged && process.env.ELECTRON_RENDERER_URL ? process.env.ELECTRON_RENDERER_URL : APP_URL;
const RESOURCES = app.isPackaged ? process.resourcesPath : path.join(__dirname, '../../resources');
const APP_ICON = path.join(RESOURCES, 'icon.png');
const TRAY_ICON = path.join(RESOURCES, process.platform === 'darwin' ? 'trayTemplate.png' : 'tray.png');

app.setName(PRODUCT_NAME);
// The CLI finds the same mirror by default (config/paths.ts), so both share one folder.
app.setPath('userData', defaultDataDir(process.env));
registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  main();
}

function main(): void {
  const quit: QuitState = { quitting: false };
  let window: BrowserWindow | null = null;
  let tray: SystemTrayService | null = null;

  const logger = fileLogger(path.join(app.getPath('userData'), 'logs', 'main.log'));
  const openExternal = (url: string) => {
    if (isAllowedExternalUrl(url)) void shell.openExternal(url);
  };

  const showWindow = () => {
    if (!window || window.isDestroyed()) window = openWindow();
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  };

  // A second launch (or a click on a notification) brings the one window forward.
  app.on('second-instance', showWindow);
  app.on('before-quit', () => {
    quit.quitting = true;
  });
  // The app lives in the tray: closing the last window does not quit it.
  app.on('window-all-closed', () => {});
  app.on('activate', showWindow);
  app.on('web-contents-created', (_event, contents: WebContents) => {
    hardenWebContents(contents, { rendererUrl: () => RENDERER_URL, openExternal, logger });
  });

  function openWindow(show = true): BrowserWindow {
    const created = createMainWindow({ preloadPath: PRELOAD, rendererUrl: RENDERER_URL, icon: APP_ICON, show });
    hideOnClose(created, quit);
    return created;
  }

  app.whenReady().then(async () => {
    hardenSession(session.defaultSession);
    serveRenderer(session.defaultSession, RENDERER_DIR);

    const mirror = Mirror.open(path.join(app.getPath('userData'), MIRROR_FILE));
    const secrets = new KeytarSecretStore();
    const loginDeps: LoginItemDeps = { app, settings: mirror };

    const emit = (event: DirectorySyncEvent) => {
      if (window && !window.isDestroyed()) window.webContents.send(EVENT_CHANNEL, event);
      if (event.type === 'run-finished') tray?.setLastRun(event.run);
    };
    const { engine, api: baseApi } = createDesktopServices({
      mirror,
      secrets,
      fetch: (input, init) => fetch(input, init),
      clock: systemClock,
      logger,
      env: process.env,
      emit,
      firstUseCheck: true,
      // Salesforce sign-in opens the org's login page (My Domain hosts included), https only.
      openBrowser: async (url) => {
        if (new URL(url).protocol !== 'https:') throw new Error('Refusing to open a non-https sign-in page');
        await shell.openExternal(url);
      },
      applyStartAtLogin: (on) => applyStartAtLogin(loginDeps, on),
    });

    const notify = createNotifier({ icon: APP_ICON, onClick: showWindow, logger });
    const scheduler = new Scheduler({
      mirror,
      engine,
      clock: systemClock,
      notify,
      logger,
      onRunFinished: (run) => emit({ type: 'run-finished', run: toRunSummary(run, labelOf(mirror, run)) }),
    });

    // The window's pause switch and the tray's stay in step; resuming catches up a missed run.
    const api: DirectorySyncApi = {
      ...baseApi,
      async setAutomaticSyncPaused(paused) {
        await baseApi.setAutomaticSyncPaused(paused);
        tray?.setPaused(paused);
        if (!paused) void scheduler.check('resume');
      },
    };
    registerApiHandlers(ipcMain, api, { rendererUrl: RENDERER_URL, logger });

    const latest = mirror.listRuns({ limit: 1 })[0];
    tray = new SystemTrayService({
      createTray: electronTrayFactory(TRAY_ICON),
      paused: scheduler.isPaused(),
      lastRun: latest ? toRunSummary(latest, labelOf(mirror, latest)) : null,
      logger,
      actions: {
        open: showWindow,
        syncNow: async () => {
          tray?.setSyncing(true);
          try {
            // Each run emits run-finished, which updates the label; a first sync only previews (issue 11, point 12).
            for (const notification of syncNowNotifications(await api.syncNow())) notify(notification);
          } finally {
            tray?.setSyncing(false);
          }
        },
        setPaused: (paused) => api.setAutomaticSyncPaused(paused),
        quit: () => app.quit(),
      },
    });
    tray.start();

    syncStartAtLogin(loginDeps);
    // Started at login: stay in the tray until the admin opens the window.
    window = openWindow(!process.argv.includes(HIDDEN_ARG));

    powerMonitor.on('resume', () => void scheduler.check('resume'));
    void scheduler.start();
    logger.info('app started', { version: app.getVersion() });

    app.on('will-quit', () => {
      scheduler.stop();
      tray?.destroy();
      mirror.close();
    });
  }).catch((error: unknown) => {
    logger.error('app failed to start', { error: error instanceof Error ? error.message : String(error) });
    app.exit(1);
  });
}

function fileLogger(file: string): Logger {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const stream = fs.createWriteStream(file, { flags: 'a' });
  return streamLogger((line) => {
    stream.write(line);
    if (!app.isPackaged) process.stderr.write(line);
  });
}
