import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AUTOSTART_FILE,
  HIDDEN_ARG,
  readStartAtLogin,
  setStartAtLogin,
  START_AT_LOGIN_SETTING,
  syncStartAtLogin,
  type LoginItemApp,
} from '../../../main/shell/login-item';

class MemorySettings {
  values = new Map<string, string>();
  getSetting(key: string) {
    return this.values.get(key) ?? null;
  }
  setSetting(key: string, value: string | null) {
    if (value === null) this.values.delete(key);
    else this.values.set(key, value);
  }
}

function fakeApp() {
  const calls: Parameters<LoginItemApp['setLoginItemSettings']>[0][] = [];
  const app: LoginItemApp = { setLoginItemSettings: (s) => calls.push(s) };
  return { app, calls };
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('start at login', () => {
  it('macOS/Windows: stores the choice and sets the login item, opening hidden in the tray', () => {
    const settings = new MemorySettings();
    const { app, calls } = fakeApp();
    setStartAtLogin({ app, settings, platform: 'win32' }, true);
    expect(settings.getSetting(START_AT_LOGIN_SETTING)).toBe('true');
    expect(readStartAtLogin(settings)).toBe(true);
    expect(calls).toEqual([{ openAtLogin: true, openAsHidden: true, args: [HIDDEN_ARG] }]);

    setStartAtLogin({ app, settings, platform: 'darwin' }, false);
    expect(readStartAtLogin(settings)).toBe(false);
    expect(calls[1]).toMatchObject({ openAtLogin: false });
  });

  it('re-applies the stored choice at start (off by default)', () => {
    const settings = new MemorySettings();
    const { app, calls } = fakeApp();
    syncStartAtLogin({ app, settings, platform: 'darwin' });
    expect(calls).toEqual([{ openAtLogin: false, openAsHidden: true, args: [HIDDEN_ARG] }]);
  });

  it('Linux: writes and removes an XDG autostart entry that starts the app hidden', () => {
    const autostartDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'autostart-')), 'autostart');
    dirs.push(path.dirname(autostartDir));
    const settings = new MemorySettings();
    const { app, calls } = fakeApp();
    const deps = { app, settings, platform: 'linux' as const, autostartDir, executable: '/opt/Plecto Sync/plecto "dirsync".AppImage' };

    setStartAtLogin(deps, true);
    const entry = fs.readFileSync(path.join(autostartDir, AUTOSTART_FILE), 'utf8');
    expect(entry).toContain('[Desktop Entry]');
    expect(entry).toContain('Exec="/opt/Plecto Sync/plecto \\"dirsync\\".AppImage" --hidden');
    expect(calls).toEqual([]); // Electron has no login items on Linux

    setStartAtLogin(deps, false);
    expect(fs.existsSync(path.join(autostartDir, AUTOSTART_FILE))).toBe(false);
    setStartAtLogin(deps, false); // removing twice is fine
  });
});
