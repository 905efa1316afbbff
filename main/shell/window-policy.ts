// The window's security rules as plain functions (no Electron import), so each
// rule is tested in Node; main/shell/window.ts only plugs them into Electron.
import path from 'node:path';
import { isAppUrl } from '../ipc/sender';
import { isAllowedExternalUrl } from './external-links';

/** The renderer is served from a custom standard scheme, not file:// (Electron security checklist). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'plecto';
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** Same policy as the <meta> in renderer/index.html; sent as a header too, so it holds even if the meta is lost. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export interface SecureWebPreferences {
  preload: string;
  contextIsolation: true;
  sandbox: true;
  nodeIntegration: false;
  nodeIntegrationInWorker: false;
  nodeIntegrationInSubFrames: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  webviewTag: false;
  experimentalFeatures: false;
  navigateOnDragDrop: false;
  spellcheck: false;
}

/** webPreferences of every app window. The preload must be CommonJS: sandboxed preloads cannot be ES modules. */
export function secureWebPreferences(preloadPath: string): SecureWebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}

/** Response headers with the app's CSP (replacing any CSP the response had, whatever its case). */
export function withContentSecurityPolicy(
  headers: Record<string, string | string[]> | undefined,
): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') result[name] = value;
  }
  result['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
  return result;
}

/** will-navigate: the window only ever shows the app itself. */
export function shouldBlockNavigation(url: string, rendererUrl: string): boolean {
  return !isAppUrl(url, rendererUrl);
}

/**
 * setWindowOpenHandler: no new Electron window, ever. An allow-listed https
 * link opens in the system browser instead; anything else is dropped.
 */
export function handleWindowOpen(url: string, openExternal: (url: string) => void): { action: 'deny' } {
  if (isAllowedExternalUrl(url)) openExternal(url);
  return { action: 'deny' };
}

/** Permission requests (camera, notifications from the page, geolocation…): always denied. */
export function allowPermission(_permission: string): false {
  return false;
}

/**
 * The file an app:// request maps to inside the built renderer folder, or
 * null when it would leave that folder (../ tricks, encoded slashes) or the host is not the app's.
 */
export function resolveAppAsset(rendererDir: string, requestUrl: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(requestUrl);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  const root = path.resolve(rendererDir);
  const relative = pathname === '/' || pathname === '' ? 'index.html' : pathname.replace(/^\/+/, '');
  const file = path.resolve(root, relative);
  return file === root || !file.startsWith(root + path.sep) ? null : file;
}

/** Content types of the files a Vite build emits. */
export function contentTypeOf(file: string): string {
  const types: Record<string, string> = {
    '.html': 'text/html; charset=utf-8',
    '.js': 'text/javascript; charset=utf-8',
    '.mjs': 'text/javascript; charset=utf-8',
    '.css': 'text/css; charset=utf-8',
    '.json': 'application/json',
    '.svg': 'image/svg+xml',
    '.png': 'image/png',
    '.ico': 'image/x-icon',
    '.woff2': 'font/woff2',
    '.woff': 'font/woff',
  };
  return types[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}
