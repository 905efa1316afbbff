// Resolves secret references ({"env": NAME} / {"keychain": ACCOUNT}) at the
// moment they are needed. The values go straight to the HTTP clients.
import { ConfigError } from '../engine/errors';
import type { SecretStore } from '../secrets/secret-store';
import type { ConnectionConfig, ResolvedCredentials, SecretRef } from './profile';

export interface SecretSources {
  secrets: SecretStore;
  env: Record<string, string | undefined>;
}

export function isSecretRef(value: unknown): value is SecretRef {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (typeof (value as { env?: unknown }).env === 'string' || typeof (value as { keychain?: unknown }).keychain === 'string');
}

/** `where` names the setting for the message, e.g. `connection "intercom" credentials.accessToken`. */
export async function resolveSecret(ref: SecretRef, sources: SecretSources, where: string): Promise<string> {
  if ('env' in ref) {
    const value = sources.env[ref.env];
    if (!value) throw new ConfigError(`Missing secret for ${where}: environment variable ${ref.env} is not set`);
    return value;
  }
  let value: string | null;
  try {
    value = await sources.secrets.get(ref.keychain);
  } catch (error) {
    throw new ConfigError(`Could not read the OS keychain for ${where} (account "${ref.keychain}"): ${(error as Error).message}`);
  }
  if (!value) throw new ConfigError(`Missing secret for ${where}: the OS keychain has no entry "${ref.keychain}"`);
  return value;
}

export async function resolveCredentials(config: ConnectionConfig, sources: SecretSources): Promise<ResolvedCredentials> {
  const resolved: ResolvedCredentials = {};
  for (const [field, value] of Object.entries(config.credentials)) {
    resolved[field] =
      typeof value === 'string' ? value : await resolveSecret(value, sources, `connection "${config.id}" credentials.${field}`);
  }
  return resolved;
}
