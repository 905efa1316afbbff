// The app window and its session, locked down per the Electron security
// checklist: isolated, sandboxed, no Node in the page, a strict CSP, no
// navigation away from the app, no new windows, no permissions, no webviews.
// The rules themselves are in window-policy.ts (tested in Node).
import fs from 'node:fs/promises';
import { BrowserWindow, protocol, type Session, type WebContents } from 'electron';
import { redactUrl, type Logger } from '../common/logger';
import {
  APP_SCHEME,
  allowPermission,
  contentTypeOf,
  CONTENT_SECURITY_POLICY,
  handleWindowOpen,
  resolveAppAsset,
  secureWebPreferences,
  shouldBlockNavigation,
  withContentSecurityPolicy,
} from './window-policy';

/** Must run before `app` is ready: app:// behaves like https (standard, secure origin). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    // corsEnabled: Chromium loads `<script type="module" crossorigin>` through CORS checks, even same-origin.
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } },
  ]);
}

/** Serves the built renderer (out/renderer) on app://plecto/, with the CSP header on every response. */
export function serveRenderer(session: Session, rendererDir: string): void {
  session.protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppAsset(rendererDir, request.url);
    if (!file) return new Response('Not found', { status: 404 });
    try {
      const body = await fs.readFile(file);
      return new Response(body, {
        headers: { 'Content-Type': contentTypeOf(file), 'Content-Security-Policy': CONTENT_SECURITY_POLICY },
      });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}

/** Session-wide rules: CSP header on every response (dev server included) and no permissions. */
export function hardenSession(session: Session): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders) });
  });
  session.setPermissionRequestHandler((_webContents, permission, callback) => callback(allowPermission(permission)));
  session.setPermissionCheckHandler((_webContents, permission) => allowPermission(permission));
}

/** Per-webContents rules; applied to every webContents the app creates (see main/index.ts). */
export function hardenWebContents(
  contents: WebContents,
  options: { rendererUrl: () => string; openExternal: (url: string) => void; logger: Logger },
): void {
  const block = (event: { preventDefault(): void }, url: string) => {
    if (shouldBlockNavigation(url, options.rendererUrl())) {
      event.preventDefault();
      options.logger.warn('navigation blocked', { url: redactUrl(url) });
      handleWindowOpen(url, options.openExternal); // an allow-listed help link still opens in the browser
    }
  };
  contents.on('will-navigate', (event, url) => block(event, url));
  contents.on('will-redirect', (event, url) => block(event, url));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => handleWindowOpen(url, options.openExternal));
}

export interface MainWindowOptions {
  preloadPath: string;
  rendererUrl: string;
  icon?: string;
  /** Start hidden (launched at login): the app lives in the tray until opened. */
  show: boolean;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1200,
    height: 800,
    minWidth: 880,
    minHeight: 560,
    show: false,
    title: 'Plecto Directory Sync',
    icon: options.icon,
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(options.preloadPath),
  });
  if (options.show) window.once('ready-to-show', () => window.show());
  void window.loadURL(options.rendererUrl);
  return window;
}
