// "Test connection" tests what is in the form, without saving it (issue 11,
// point 1): the connector or Plecto client is built from the unsaved values,
// with a secret typed into the form or, when none is typed, the saved one.
// A saved secret belongs to the host it was saved for: a form pointing at
// another host must have the secret entered again, so it is never sent to a
// host the admin did not save it for.
import type { ConnectionInput, PlectoSettingsInput } from '../../preload/contract';
import type { ConnectionConfig, PlectoConfig, SecretRef } from '../config/profile';
import { credentialUrl, isSecretRef, resolveSecret, type SecretSources } from '../config/secrets';
import { CREDENTIALS, DEFAULT_BASE_URL, DEFAULT_LOGIN_URL, createConnector } from '../connectors/registry';
import { ConfigError } from '../engine/errors';
import type { HttpDeps } from '../http/http';
import { DEFAULT_REQUESTS_PER_HOUR, PlectoClient } from '../plecto/client';

/** What each credential field is called on the form. */
export const CREDENTIAL_LABEL: Record<string, string> = {
  accessToken: 'access token',
  clientId: 'client id',
  clientSecret: 'client secret',
  refreshToken: 'Salesforce sign-in',
  secretKey: 'secret key',
  username: 'user name',
  password: 'password',
};

export function hostOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return null;
  }
}

/** The host a connection's secrets are sent to: the API URL, or Salesforce's login host. */
function secretHost(config: Pick<ConnectionConfig, 'type' | 'baseUrl' | 'loginUrl'>): string | null {
  if (config.type === 'salesforce') return hostOf(config.loginUrl ?? DEFAULT_LOGIN_URL);
  return hostOf(config.baseUrl ?? DEFAULT_BASE_URL[config.type]);
}

export interface DraftTestDeps {
  sources: SecretSources;
  http: HttpDeps;
  exchangeEnreachPassword?: (input: { baseUrl: string | undefined; username: string; password: string }) => Promise<{ secretKey: string; baseUrl: string }>;
}

/** A saved secret for the draft, or why it may not be used. */
async function savedSecret(ref: SecretRef | undefined, sources: SecretSources, sentTo: string): Promise<string | null> {
  if (!ref) return null;
  try {
    // The keychain's host binding (config/secrets.ts) holds too: the secret goes only where it was saved for.
    return await resolveSecret(ref, sources, 'the saved secret', sentTo);
  } catch {
    return null;
  }
}

/**
 * Tests a connection form's values. `existing` is the saved connection with the same id (its saved
 * secrets fill the fields left empty, when the host is the same). Returns what was checked.
 */
export async function testConnectionDraft(
  deps: DraftTestDeps,
  input: ConnectionInput,
  secrets: Record<string, string>,
  existing: ConnectionConfig | null,
): Promise<string> {
  const given = Object.fromEntries(Object.entries(secrets).filter(([, value]) => value !== ''));
  let baseUrl = input.baseUrl ?? (input.type === 'enreach' ? existing?.baseUrl : undefined) ?? DEFAULT_BASE_URL[input.type];
  const loginUrl = input.type === 'salesforce' ? (input.loginUrl ?? existing?.loginUrl ?? DEFAULT_LOGIN_URL) : undefined;
  const credentials: Record<string, string> = { ...(input.credentials ?? {}) };

  if (input.type === 'enreach' && given.password !== undefined) {
    if (!deps.exchangeEnreachPassword) throw new ConfigError('Exchanging an Enreach password for a secret key is not available here');
    if (!credentials.username) throw new ConfigError('Enter the Enreach user name (email) first');
    const exchanged = await deps.exchangeEnreachPassword({ baseUrl, username: credentials.username, password: given.password });
    given.secretKey = exchanged.secretKey;
    baseUrl = baseUrl ?? exchanged.baseUrl;
    delete given.password;
  }

  const draft = { type: input.type, baseUrl, loginUrl };
  const sameHost = existing !== null && existing.type === input.type && secretHost(existing) === secretHost(draft);
  for (const field of CREDENTIALS[input.type].secret) {
    if (given[field] !== undefined) {
      credentials[field] = given[field];
      continue;
    }
    const ref = existing?.credentials[field];
    if (!isSecretRef(ref)) continue;
    if (!sameHost) {
      throw new ConfigError(
        `Enter the ${CREDENTIAL_LABEL[field] ?? field} again for the new host ${secretHost(draft) ?? 'in the form'}: ` +
          `the saved one is only sent to ${secretHost(existing!) ?? 'the host it was saved for'}`,
      );
    }
    const value = await savedSecret(ref, deps.sources, credentialUrl(draft));
    if (value !== null) credentials[field] = value;
  }
  const options = CREDENTIALS[input.type].required;
  if (!options.some((fields) => fields.every((f) => credentials[f]))) {
    const needed = options.map((fields) => fields.map((f) => CREDENTIAL_LABEL[f] ?? f).join(' and ')).join(', or ');
    throw new ConfigError(`Enter the ${needed} to test this connection`);
  }
  const config: ConnectionConfig = {
    id: input.id,
    type: input.type,
    providerLabel: input.providerLabel ?? input.type,
    credentials: {},
    settings: existing?.settings ?? ({} as ConnectionConfig['settings']),
    safeguards: existing?.safeguards ?? ({} as ConnectionConfig['safeguards']),
  };
  if (baseUrl) config.baseUrl = baseUrl;
  if (loginUrl) config.loginUrl = loginUrl;
  return createConnector(config, credentials, deps.http).testConnection();
}

/** Tests Plecto settings from the form: the typed password, or the saved one for the same host. */
export async function testPlectoDraft(deps: DraftTestDeps, input: PlectoSettingsInput, saved: PlectoConfig | null): Promise<string> {
  let password = input.password || null;
  if (!password && saved) {
    if (hostOf(saved.baseUrl) !== hostOf(input.baseUrl)) {
      throw new ConfigError(`Enter the Plecto password again for the new host ${hostOf(input.baseUrl) ?? ''}: the saved one is only sent to ${hostOf(saved.baseUrl)}`);
    }
    password = await savedSecret(saved.password, deps.sources, input.baseUrl);
  }
  if (!password) throw new ConfigError('Enter the Plecto password to test the connection');
  const client = new PlectoClient(
    { baseUrl: input.baseUrl, email: input.email, password, requestsPerHour: input.requestsPerHour ?? saved?.requestsPerHour ?? DEFAULT_REQUESTS_PER_HOUR },
    deps.http,
  );
  const teams = await client.listTeams();
  return `Connected to Plecto at ${hostOf(input.baseUrl)} as ${input.email}: ${teams.length} teams`;
}
