// "Start at login": stored in the mirror setting `startAtLogin` and applied to
// the OS. macOS and Windows use app.setLoginItemSettings; Linux has no such
// API in Electron, so an XDG autostart entry (~/.config/autostart) does it.
// The app started at login opens hidden, in the tray (`--hidden`).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { APP_SETTINGS } from '../config/app-settings';

export const START_AT_LOGIN_SETTING = APP_SETTINGS.startAtLogin;
export const HIDDEN_ARG = '--hidden';

/** The part of Electron's `app` used here. */
export interface LoginItemApp {
  setLoginItemSettings(settings: { openAtLogin: boolean; openAsHidden?: boolean; args?: string[] }): void;
}

export interface SettingsStore {
  getSetting(key: string): unknown;
  setSetting(key: string, value: string | null): void;
}

export interface LoginItemDeps {
  app: LoginItemApp;
  settings: SettingsStore;
  platform?: NodeJS.Platform;
  /** The command that starts the app (the AppImage path when run from one). */
  executable?: string;
  /** XDG autostart folder; default $XDG_CONFIG_HOME/autostart or ~/.config/autostart. */
  autostartDir?: string;
}

export const AUTOSTART_FILE = 'plecto-directory-sync.desktop';

export function readStartAtLogin(settings: SettingsStore): boolean {
  const value = settings.getSetting(START_AT_LOGIN_SETTING);
  return value === true || value === 'true';
}

/** Saves the choice and applies it to the OS. */
export function setStartAtLogin(deps: LoginItemDeps, on: boolean): void {
  deps.settings.setSetting(START_AT_LOGIN_SETTING, on ? 'true' : null);
  applyStartAtLogin(deps, on);
}

/** Applies the stored choice (at every start, so a moved AppImage or reinstall is picked up). */
export function syncStartAtLogin(deps: LoginItemDeps): void {
  applyStartAtLogin(deps, readStartAtLogin(deps.settings));
}

/** Applies a choice to the OS only (the desktop API stores the setting itself). */
export function applyStartAtLogin(deps: LoginItemDeps, on: boolean): void {
  const platform = deps.platform ?? process.platform;
  if (platform === 'linux') {
    writeLinuxAutostart(deps, on);
    return;
  }
  deps.app.setLoginItemSettings({ openAtLogin: on, openAsHidden: true, args: [HIDDEN_ARG] });
}

function writeLinuxAutostart(deps: LoginItemDeps, on: boolean): void {
  const dir =
    deps.autostartDir ?? path.join(process.env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config'), 'autostart');
  const file = path.join(dir, AUTOSTART_FILE);
  if (!on) {
    fs.rmSync(file, { force: true });
    return;
  }
  const executable = deps.executable ?? process.env.APPIMAGE ?? process.execPath;
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(file, autostartEntry(executable));
}

/** The XDG desktop entry; the path is quoted per the Desktop Entry spec. */
export function autostartEntry(executable: string): string {
  const quoted = `"${executable.replace(/(["`$\\])/g, '\\$1')}"`;
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Plecto Directory Sync',
    `Exec=${quoted} ${HIDDEN_ARG}`,
    'X-GNOME-Autostart-enabled=true',
    'NoDisplay=false',
    '',
  ].join('\n');
}
