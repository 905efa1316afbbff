// Where the mirror lives by default: the same app-data folder Electron's
// app.getPath('userData') gives the desktop app ("productName" in package.json).
import os from 'node:os';
import path from 'node:path';

export const PRODUCT_NAME = 'Plecto Directory Sync';
export const MIRROR_FILE = 'mirror.db';

export function defaultDataDir(env: Record<string, string | undefined> = process.env, platform = process.platform): string {
  if (env.PLECTO_DIRSYNC_DATA_DIR) return env.PLECTO_DIRSYNC_DATA_DIR;
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', PRODUCT_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), PRODUCT_NAME);
}
