// Plecto's settings as the desktop keeps them: JSON of PlectoConfig under the
// mirror setting "plecto", the password only as a keychain reference.
import type { PlectoConfig, SecretRef } from '../config/profile';
import { ConfigError } from '../engine/errors';
import type { SettingsStore } from './ports';
import { APP_SETTINGS } from '../config/app-settings';

export const PLECTO_SETTING = APP_SETTINGS.plecto;
export const PLECTO_PASSWORD_ACCOUNT = 'plecto/password';
export { DEFAULT_REQUESTS_PER_HOUR } from '../plecto/client';

export function readPlectoConfig(store: SettingsStore): PlectoConfig | null {
  const raw = store.getSetting(PLECTO_SETTING);
  if (!raw) return null;
  try {
    return JSON.parse(raw) as PlectoConfig;
  } catch {
    throw new ConfigError('The saved Plecto settings are unreadable; save them again under Connections');
  }
}

/** For the engine: the saved settings, or an error people can act on. */
export function requirePlectoConfig(store: SettingsStore): PlectoConfig {
  const config = readPlectoConfig(store);
  if (!config) throw new ConfigError('Plecto is not set up yet: add its URL, email and password under Connections');
  return config;
}

export function writePlectoConfig(store: SettingsStore, config: PlectoConfig): void {
  store.setSetting(PLECTO_SETTING, JSON.stringify(config));
}

export const keychainRef = (account: string): SecretRef => ({ keychain: account });
