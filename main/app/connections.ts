// Saving and removing connections: plain settings go to the mirror, secrets
// to the keychain, and the mirror keeps only {"keychain": account} references.
import type { ConnectionInput, ConnectionView, RunSummary, SettingsPatch } from '../../preload/contract';
import type { ConnectionConfig, SecretRef } from '../config/profile';
import { credentialUrl, isSecretRef, saveBoundSecret } from '../config/secrets';
import { ConfigError } from '../engine/errors';
import { DEFAULT_PROVIDER_LABEL, DEFAULT_SAFEGUARDS, DEFAULT_SETTINGS } from '../domain/model';
import { secretAccount, type SecretStore } from '../secrets/secret-store';
import type { Mirror } from '../store/mirror';
import { DEFAULT_BASE_URL, DEFAULT_DATA_SOURCE, DEFAULT_LOGIN_URL } from './connection-defaults';
import { keychainRef, readPlectoConfig } from './plecto-settings';
import { CREDENTIALS } from '../connectors/registry';

export interface ConnectionsDeps {
  mirror: Mirror;
  secrets: SecretStore;
  env: Record<string, string | undefined>;
  /** Enreach: turns a password into a secret key once (the password is never stored). */
  exchangeEnreachPassword?: (input: { baseUrl: string | undefined; username: string; password: string }) => Promise<{ secretKey: string; baseUrl: string }>;
}

export function requireConnection(mirror: Mirror, id: string): ConnectionConfig {
  const config = mirror.getConnection(id);
  if (!config) throw new ConfigError(`There is no connection "${id}"`);
  return config;
}

/** Creates or replaces a connection. Secrets with a value are saved in the keychain; empty ones keep what is saved. */
export async function saveConnection(
  deps: ConnectionsDeps,
  input: ConnectionInput,
  secrets: Record<string, string>,
): Promise<ConnectionConfig> {
  const existing = deps.mirror.getConnection(input.id);
  if (existing && existing.type !== input.type) {
    throw new ConfigError(`Connection "${input.id}" is a ${existing.type} connection; remove it before adding a ${input.type} one with the same id`);
  }
  // Plain credentials (client id, user name) come with the input; an input without any keeps the saved ones
  // (e.g. "Sign in with Salesforce" adds a refresh token to a saved connection).
  const credentials: ConnectionConfig['credentials'] =
    input.credentials !== undefined
      ? { ...input.credentials }
      : Object.fromEntries(Object.entries(existing?.credentials ?? {}).filter(([, value]) => typeof value === 'string'));
  const given = Object.fromEntries(Object.entries(secrets).filter(([, value]) => value !== ''));
  let baseUrl = input.baseUrl ?? existing?.baseUrl ?? DEFAULT_BASE_URL[input.type];

  if (input.type === 'enreach' && given.password !== undefined) {
    if (!deps.exchangeEnreachPassword) throw new ConfigError('Exchanging an Enreach password for a secret key is not available here');
    const username = credentials.username;
    if (typeof username !== 'string' || !username) throw new ConfigError('Enreach needs the user name (email) to exchange the password for a secret key');
    const exchanged = await deps.exchangeEnreachPassword({ baseUrl, username, password: given.password });
    given.secretKey = exchanged.secretKey;
    baseUrl = baseUrl ?? exchanged.baseUrl;
    delete given.password;
  }

  for (const field of CREDENTIALS[input.type].secret) {
    if (given[field] !== undefined) {
      const account = secretAccount(input.id, field);
      // Bound to the host it is entered for: it is never sent elsewhere without being entered again (issue 9).
      await saveBoundSecret(deps.secrets, account, given[field], credentialUrl({ type: input.type, baseUrl, loginUrl: input.loginUrl ?? existing?.loginUrl }));
      credentials[field] = keychainRef(account);
    } else {
      const previous = existing?.credentials[field];
      if (previous !== undefined && isSecretRef(previous)) credentials[field] = previous;
    }
  }

  const config: ConnectionConfig = {
    id: input.id,
    type: input.type,
    providerLabel: input.providerLabel?.trim() || existing?.providerLabel || DEFAULT_PROVIDER_LABEL[input.type],
    credentials,
    settings: { ...DEFAULT_SETTINGS, ...existing?.settings, ...input.settings },
    safeguards: { ...DEFAULT_SAFEGUARDS, ...existing?.safeguards, ...input.safeguards },
  };
  if (baseUrl) config.baseUrl = baseUrl;
  if (input.type === 'salesforce') config.loginUrl = input.loginUrl ?? existing?.loginUrl ?? DEFAULT_LOGIN_URL;
  const callbackPort = input.type === 'salesforce' ? (input.callbackPort ?? existing?.callbackPort) : undefined;
  if (callbackPort) config.callbackPort = callbackPort;
  if (existing?.registrations) config.registrations = existing.registrations;
  deps.mirror.upsertConnection(config);
  return config;
}

export function patchSettings(mirror: Mirror, id: string, patch: SettingsPatch): ConnectionConfig {
  const existing = requireConnection(mirror, id);
  const config: ConnectionConfig = {
    ...existing,
    settings: { ...DEFAULT_SETTINGS, ...existing.settings, ...patch.settings },
    safeguards: { ...DEFAULT_SAFEGUARDS, ...existing.safeguards, ...patch.safeguards },
  };
  if (patch.registrations) config.registrations = { ...patch.registrations };
  // A scope with no team would make every preview say "Nothing to change" (R8; issue 11, point 4).
  if (config.settings.onlySelectedTeams && config.settings.selectedTeams.length === 0) {
    throw new ConfigError('Pick at least one team before turning on "Only sync data for selected teams" (R8)');
  }
  mirror.upsertConnection(config);
  return config;
}

/** Removes the connection and every keychain entry it owns or references, except entries something else still uses. */
export async function deleteConnection(deps: ConnectionsDeps, id: string): Promise<void> {
  const existing = requireConnection(deps.mirror, id);
  const accounts = new Set<string>();
  for (const value of Object.values(existing.credentials)) {
    if (isSecretRef(value) && 'keychain' in value) accounts.add(value.keychain);
  }
  const prefix = secretAccount(id, '');
  for (const account of await deps.secrets.accounts()) if (account.startsWith(prefix)) accounts.add(account);
  const inUse = accountsInUse(deps.mirror, id);
  for (const account of accounts) if (!inUse.has(account)) await deps.secrets.delete(account);
  deps.mirror.deleteConnection(id);
}

/** Keychain entries that other connections or the Plecto settings reference (an imported profile may share one). */
function accountsInUse(mirror: Mirror, exceptId: string): Set<string> {
  const refs: unknown[] = [];
  for (const config of mirror.listConnections()) if (config.id !== exceptId) refs.push(...Object.values(config.credentials));
  try {
    refs.push(readPlectoConfig(mirror)?.password);
  } catch {
    // Unreadable Plecto settings reference nothing usable.
  }
  return new Set(refs.filter((ref): ref is { keychain: string } => isSecretRef(ref) && 'keychain' in ref).map((ref) => ref.keychain));
}

/** A secret counts as saved when its keychain entry or environment variable exists. */
export async function isSecretAvailable(ref: SecretRef, deps: Pick<ConnectionsDeps, 'secrets' | 'env'>, accounts?: Set<string>): Promise<boolean> {
  if ('env' in ref) return Boolean(deps.env[ref.env]);
  if (accounts) return accounts.has(ref.keychain);
  return (await deps.secrets.get(ref.keychain)) !== null;
}

export async function toConnectionView(
  deps: Pick<ConnectionsDeps, 'secrets' | 'env' | 'mirror'>,
  config: ConnectionConfig,
  lastRun: RunSummary | null,
  accounts?: Set<string>,
): Promise<Omit<ConnectionView, 'lastSync' | 'waiting' | 'appliedByHand'>> {
  const plain: Record<string, string> = {};
  const savedSecrets: string[] = [];
  for (const [field, value] of Object.entries(config.credentials)) {
    if (typeof value === 'string') plain[field] = value;
    else if (await isSecretAvailable(value, deps, accounts)) savedSecrets.push(field);
  }
  const schedule = deps.mirror.getSchedule(config.id);
  const view: Omit<ConnectionView, 'lastSync' | 'waiting' | 'appliedByHand'> = {
    id: config.id,
    type: config.type,
    providerLabel: config.providerLabel,
    credentials: plain,
    savedSecrets: savedSecrets.sort(),
    settings: { ...DEFAULT_SETTINGS, ...config.settings },
    safeguards: { ...DEFAULT_SAFEGUARDS, ...config.safeguards },
    lastRun,
    schedule: { nextRunAt: schedule.nextRunAt, paused: schedule.paused },
    registrations: config.registrations ? { ...config.registrations } : null,
    defaultDataSource: DEFAULT_DATA_SOURCE[config.type],
  };
  if (config.baseUrl) view.baseUrl = config.baseUrl;
  if (config.loginUrl) view.loginUrl = config.loginUrl;
  if (config.callbackPort) view.callbackPort = config.callbackPort;
  return view;
}
