// Profiles (contracts/cli.md) in and out of the desktop app, so a server can
// run the same sync from the command line. Secrets only ever appear as
// {"env": ...} / {"keychain": ...} references; a plain secret is refused.
import type { ImportResult } from '../../preload/contract';
import type { ConnectionConfig, PlectoConfig, Profile } from '../config/profile';
import { parseProfileParts } from '../config/profile-parse';
import { DEFAULT_BASE_URL, DEFAULT_LOGIN_URL } from '../connectors/registry';
import { ConfigError } from '../engine/errors';
import { ApiInputError } from '../ipc/checks';
import type { Mirror } from '../store/mirror';
import { readPlectoConfig, writePlectoConfig } from './plecto-settings';

type ProfileMirror = Pick<Mirror, 'listConnections' | 'upsertConnection' | 'getConnection' | 'getSetting' | 'setSetting'>;

export function exportProfile(mirror: ProfileMirror): string {
  const plecto = readPlectoConfig(mirror);
  const profile: Partial<Profile> = {};
  if (plecto) profile.plecto = plecto;
  profile.connections = mirror.listConnections();
  return JSON.stringify(profile, null, 2) + '\n';
}

/** Parses and checks a whole profile (the command line's parser); nothing is saved unless all of it is valid. */
export function parseProfile(text: string): { plecto: PlectoConfig | null; connections: ConnectionConfig[] } {
  let parsed: ReturnType<typeof parseProfileParts>;
  try {
    parsed = parseProfileParts(text, 'profile', { partial: true });
  } catch (error) {
    if (error instanceof ConfigError) {
      throw new ApiInputError(`The profile was not imported: ${error.message.replace(/^Profile \S+: /, '')}`);
    }
    throw error;
  }
  for (const config of parsed.connections) {
    if (!config.baseUrl && DEFAULT_BASE_URL[config.type]) config.baseUrl = DEFAULT_BASE_URL[config.type];
    if (config.type === 'salesforce' && !config.loginUrl) config.loginUrl = DEFAULT_LOGIN_URL;
  }
  return parsed;
}

/** Imports a profile: its connections are created or replaced by id; others stay. */
export function importProfile(mirror: ProfileMirror, text: string): ImportResult {
  const { plecto, connections } = parseProfile(text);
  for (const config of connections) {
    const existing = mirror.getConnection(config.id);
    if (existing && existing.type !== config.type) {
      throw new ApiInputError(`The profile was not imported: connection "${config.id}" is a ${existing.type} connection here, but ${config.type} in the profile`);
    }
  }
  if (plecto) writePlectoConfig(mirror, plecto);
  for (const config of connections) mirror.upsertConnection(config);
  return { connections: connections.map((c) => c.id), plecto: plecto !== null };
}
