import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import {
  APP_URL,
  allowPermission,
  CONTENT_SECURITY_POLICY,
  contentTypeOf,
  handleWindowOpen,
  resolveAppAsset,
  secureWebPreferences,
  shouldBlockNavigation,
  withContentSecurityPolicy,
} from '../../../main/shell/window-policy';

describe('window security policy', () => {
  it('isolates and sandboxes the renderer with no Node access', () => {
    const prefs = secureWebPreferences('/app/out/preload/index.js');
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('sends the strict CSP header and replaces any CSP the response had', () => {
    const headers = withContentSecurityPolicy({ 'content-security-policy': ["default-src *"], 'X-Other': ['1'] });
    expect(headers['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
    expect(headers['content-security-policy']).toBeUndefined();
    expect(headers['X-Other']).toEqual(['1']);
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    );
  });

  it('blocks navigation away from the app', () => {
    expect(shouldBlockNavigation('app://plecto/index.html#/runs', APP_URL)).toBe(false);
    expect(shouldBlockNavigation('https://help.plecto.com/', APP_URL)).toBe(true);
    expect(shouldBlockNavigation('file:///etc/passwd', APP_URL)).toBe(true);
  });

  it('never opens a new window; only allow-listed https links go to the system browser', () => {
    const openExternal = vi.fn();
    expect(handleWindowOpen('https://help.plecto.com/article', openExternal)).toEqual({ action: 'deny' });
    expect(handleWindowOpen('https://attacker.example/', openExternal)).toEqual({ action: 'deny' });
    expect(handleWindowOpen('http://help.plecto.com/', openExternal)).toEqual({ action: 'deny' });
    expect(openExternal.mock.calls).toEqual([['https://help.plecto.com/article']]);
  });

  it('denies every permission request', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      expect(allowPermission(permission)).toBe(false);
    }
  });

  it('serves app:// files only from inside the renderer folder', () => {
    const root = path.resolve('/opt/app/out/renderer');
    expect(resolveAppAsset(root, 'app://plecto/index.html')).toBe(path.join(root, 'index.html'));
    expect(resolveAppAsset(root, 'app://plecto/')).toBe(path.join(root, 'index.html'));
    expect(resolveAppAsset(root, 'app://plecto/assets/index-abc.js?v=1')).toBe(path.join(root, 'assets/index-abc.js'));
    expect(resolveAppAsset(root, 'app://plecto/../main/index.js')).toBe(path.join(root, 'main/index.js')); // URL parsing drops the ../
    expect(resolveAppAsset(root, 'app://plecto/%2e%2e/%2e%2e/secret.txt')).toBe(path.join(root, 'secret.txt')); // normalised by URL too
    expect(resolveAppAsset(root, 'app://plecto/assets/..%2f..%2fmain%2findex.js')).toBeNull();
    expect(resolveAppAsset(root, 'app://plecto/a%00.js')).toBeNull();
    expect(resolveAppAsset(root, 'app://other/index.html')).toBeNull();
    expect(resolveAppAsset(root, 'https://plecto/index.html')).toBeNull();
  });

  it('labels built files with their content type', () => {
    expect(contentTypeOf('/x/index.html')).toMatch(/^text\/html/);
    expect(contentTypeOf('/x/a.js')).toMatch(/^text\/javascript/);
    expect(contentTypeOf('/x/a.css')).toMatch(/^text\/css/);
    expect(contentTypeOf('/x/a.bin')).toBe('application/octet-stream');
  });
});
