// Resolves secret references ({"env": NAME} / {"keychain": ACCOUNT}) at the
// moment they are needed. The values go straight to the HTTP clients.
//
// A saved (keychain) secret is bound to the host it was first used with, or
// saved for: a setting changed to point elsewhere (desktop form, profile
// import, API call) cannot send it to the new host until someone enters it
// again. The binding is a second keychain entry ("<account>#host") holding the
// origin; saving the secret anew clears it. It is checked here, where every
// caller (engine, desktop, CLI) resolves secrets. {"env"} secrets are the
// command line's own environment: there is nothing saved to bind.
import { DEFAULT_BASE_URL, DEFAULT_LOGIN_URL } from '../connectors/registry';
import { ConfigError } from '../engine/errors';
import { hostBindingAccount, type SecretStore } from '../secrets/secret-store';
import type { ConnectionConfig, ResolvedCredentials, SecretRef } from './profile';
import { insecureUrlProblem, originOf } from './urls';

export interface SecretSources {
  secrets: SecretStore;
  env: Record<string, string | undefined>;
}

/** Where an Enreach connection without an API URL sends its user name first. */
export const ENREACH_DISCOVERY_URL = 'https://discover.enreachvoice.com';

export function isSecretRef(value: unknown): value is SecretRef {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (typeof (value as { env?: unknown }).env === 'string' || typeof (value as { keychain?: unknown }).keychain === 'string');
}

/** The URL a connection's secrets are sent to: its API, or Salesforce's login host. */
export function credentialUrl(config: Pick<ConnectionConfig, 'type' | 'baseUrl' | 'loginUrl'>): string {
  if (config.type === 'salesforce') return config.loginUrl ?? DEFAULT_LOGIN_URL;
  return config.baseUrl ?? DEFAULT_BASE_URL[config.type] ?? ENREACH_DISCOVERY_URL;
}

/**
 * `where` names the setting for the message, e.g. `connection "intercom" credentials.accessToken`.
 * `sentTo`: the URL the secret is about to be sent to; a saved secret bound to another host is refused.
 */
export async function resolveSecret(ref: SecretRef, sources: SecretSources, where: string, sentTo?: string): Promise<string> {
  // No secret for a plain-http (non-loopback) address, whoever asks: the desktop's forms included.
  const insecure = sentTo === undefined ? null : insecureUrlProblem(sentTo);
  if (insecure) throw new ConfigError(`The address for ${where} ${insecure}; the secret is not sent there`);
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
  if (sentTo !== undefined) await checkHostBinding(ref.keychain, sentTo, sources.secrets, where);
  return value;
}

/** Throws unless the saved secret may go to `url`; a secret never used since it was saved is bound to it now. */
export async function checkHostBinding(account: string, url: string, secrets: SecretStore, where: string): Promise<void> {
  const origin = originOf(url);
  if (!origin) throw new ConfigError(`The address for ${where} is not a URL; the saved secret is not sent`);
  let bound: string | null;
  try {
    bound = await secrets.get(hostBindingAccount(account));
  } catch (error) {
    throw new ConfigError(`Could not read the OS keychain for ${where} (account "${account}"): ${(error as Error).message}`);
  }
  if (bound === null) {
    await secrets.set(hostBindingAccount(account), origin);
    return;
  }
  if (bound !== origin) {
    throw new ConfigError(
      `The saved secret for ${where} was saved for ${bound}, but the setting now points at ${origin}. ` +
        `Enter the secret again to use it there: a saved secret is only sent to the host it was saved for.`,
    );
  }
}

/** Saves a secret bound to the host it is for (the desktop's forms). */
export async function saveBoundSecret(secrets: SecretStore, account: string, secret: string, url: string): Promise<void> {
  const origin = originOf(url);
  await secrets.set(account, secret);
  if (origin) await secrets.set(hostBindingAccount(account), origin);
}

export async function resolveCredentials(config: ConnectionConfig, sources: SecretSources): Promise<ResolvedCredentials> {
  const resolved: ResolvedCredentials = {};
  const sentTo = credentialUrl(config);
  for (const [field, value] of Object.entries(config.credentials)) {
    resolved[field] =
      typeof value === 'string' ? value : await resolveSecret(value, sources, `connection "${config.id}" credentials.${field}`, sentTo);
  }
  return resolved;
}
