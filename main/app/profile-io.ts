// Profiles (contracts/cli.md) in and out of the desktop app, so a server can
// run the same sync from the command line. Secrets only ever appear as
// references; a plain secret is refused, and an imported profile may refer
// only to the keychain entries of its own connections.
import type { ImportResult } from '../../preload/contract';
import type { ConnectionConfig, PlectoConfig, Profile } from '../config/profile';
import { parseProfileParts } from '../config/profile-parse';
import { isSecretRef } from '../config/secrets';
import { secretAccount } from '../secrets/secret-store';
import { DEFAULT_BASE_URL, DEFAULT_LOGIN_URL } from '../connectors/registry';
import { ConfigError } from '../engine/errors';
import { ApiInputError } from '../ipc/checks';
import type { Mirror } from '../store/mirror';
import { PLECTO_PASSWORD_ACCOUNT, readPlectoConfig, writePlectoConfig } from './plecto-settings';

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
  const refused = foreignSecretReferences(parsed);
  if (refused.length > 0) throw new ApiInputError(`The profile was not imported: ${refused.join('; ')}`);
  for (const config of parsed.connections) {
    if (!config.baseUrl && DEFAULT_BASE_URL[config.type]) config.baseUrl = DEFAULT_BASE_URL[config.type];
    if (config.type === 'salesforce' && !config.loginUrl) config.loginUrl = DEFAULT_LOGIN_URL;
  }
  return parsed;
}

/**
 * An imported profile may refer only to this app's own keychain entries of the same connection
 * (issue 9): otherwise a profile could lend one connection's saved secret — or the Plecto
 * password — to a host of its choosing. {"env"} references are the command line's: the desktop
 * does not hand its environment to profiles.
 */
function foreignSecretReferences(parsed: { plecto: PlectoConfig | null; connections: ConnectionConfig[] }): string[] {
  const problems: string[] = [];
  const check = (ref: unknown, where: string, account: string) => {
    if (!isSecretRef(ref)) return;
    if ('env' in ref) problems.push(`${where} refers to the environment variable ${ref.env}; the desktop app uses only its keychain, so enter the secret in the app`);
    else if (ref.keychain !== account) problems.push(`${where} refers to the keychain entry "${ref.keychain}"; here it may only be "${account}"`);
  };
  if (parsed.plecto) check(parsed.plecto.password, 'plecto.password', PLECTO_PASSWORD_ACCOUNT);
  for (const config of parsed.connections) {
    for (const [field, value] of Object.entries(config.credentials)) {
      check(value, `connection "${config.id}" credentials.${field}`, secretAccount(config.id, field));
    }
  }
  return problems;
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
