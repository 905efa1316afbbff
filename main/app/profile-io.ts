// Profiles (contracts/cli.md) in and out of the desktop app, so a server can
// run the same sync from the command line. Secrets only ever appear as
// {"env": ...} / {"keychain": ...} references; a plain secret is refused.
import type { ImportResult } from '../../preload/contract';
import type { ConnectionConfig, PlectoConfig, Profile, SecretRef } from '../config/profile';
import { isSecretRef } from '../config/secrets';
import { DEFAULT_PROVIDER_LABEL, DEFAULT_SAFEGUARDS, DEFAULT_SETTINGS, type ConnectorType } from '../engine/model';
import { ApiInputError, bool, fail, httpUrl, int, isPlainObject, list, obj, str, type Check } from '../ipc/checks';
import { CONNECTOR_TYPES, PLAIN_CREDENTIAL_FIELDS, connectionId, safeguardsShape, settingsShape } from '../ipc/validate';
import type { Mirror } from '../store/mirror';
import { DEFAULT_BASE_URL, DEFAULT_LOGIN_URL } from './connection-defaults';
import { DEFAULT_REQUESTS_PER_HOUR, readPlectoConfig, writePlectoConfig } from './plecto-settings';

type ProfileMirror = Pick<Mirror, 'listConnections' | 'upsertConnection' | 'getConnection' | 'getSetting' | 'setSetting'>;

export function exportProfile(mirror: ProfileMirror): string {
  const plecto = readPlectoConfig(mirror);
  const profile: Partial<Profile> = {};
  if (plecto) profile.plecto = plecto;
  profile.connections = mirror.listConnections();
  return JSON.stringify(profile, null, 2) + '\n';
}

const secretRef: Check = (value, path) => {
  if (typeof value === 'string') return fail(path, 'is a plain secret; use {"env": "NAME"} or {"keychain": "ACCOUNT"} instead');
  if (!isSecretRef(value)) return fail(path, 'must be {"env": "NAME"} or {"keychain": "ACCOUNT"}');
  const [key, target] = Object.entries(value)[0] as [string, unknown];
  return str({ min: 1, max: 300 })(target, `${path}.${key}`) && value;
};

const plectoShape = obj(
  {
    baseUrl: httpUrl,
    email: str({ min: 3, max: 320, pattern: /^[^\s@]+@[^\s@]+$/, patternText: 'must be an email address' }),
    password: secretRef,
    requestsPerHour: int(1, 1_000_000),
  },
  ['baseUrl', 'email', 'password'],
);

const registrationsShape = obj(
  { enabled: bool, dataSource: str({ min: 1, max: 300 }), since: str({ min: 1, max: 40 }) },
  ['enabled', 'dataSource', 'since'],
);

function connectionShape(value: unknown, path: string): ConnectionConfig {
  const typeValue = isPlainObject(value) ? value.type : undefined;
  if (typeof typeValue !== 'string' || !(CONNECTOR_TYPES as readonly string[]).includes(typeValue)) {
    fail(`${path}.type`, `must be one of ${CONNECTOR_TYPES.join(', ')}`);
  }
  const type = typeValue as ConnectorType;
  const credentials: Check = (creds, credsPath) => {
    if (!isPlainObject(creds)) return fail(credsPath, 'must be an object');
    const out: Record<string, string | SecretRef> = {};
    for (const [field, entry] of Object.entries(creds)) {
      const fieldPath = `${credsPath}.${field}`;
      out[field] = PLAIN_CREDENTIAL_FIELDS[type].includes(field) && typeof entry === 'string'
        ? (str({ max: 500 })(entry, fieldPath) as string)
        : (secretRef(entry, fieldPath) as SecretRef);
    }
    return out;
  };
  const clean = obj(
    {
      id: connectionId,
      type: (v) => v,
      providerLabel: str({ min: 1, max: 100 }),
      baseUrl: httpUrl,
      loginUrl: httpUrl,
      credentials,
      settings: settingsShape,
      safeguards: safeguardsShape,
      registrations: registrationsShape,
    },
    ['id', 'type'],
  )(value, path) as Partial<ConnectionConfig> & { id: string; type: ConnectorType };
  const config: ConnectionConfig = {
    ...clean,
    providerLabel: clean.providerLabel ?? DEFAULT_PROVIDER_LABEL[type],
    credentials: clean.credentials ?? {},
    settings: { ...DEFAULT_SETTINGS, ...clean.settings },
    safeguards: { ...DEFAULT_SAFEGUARDS, ...clean.safeguards },
  };
  if (!config.baseUrl && DEFAULT_BASE_URL[type]) config.baseUrl = DEFAULT_BASE_URL[type];
  if (type === 'salesforce' && !config.loginUrl) config.loginUrl = DEFAULT_LOGIN_URL;
  return config;
}

/** Parses and checks a whole profile; nothing is saved unless all of it is valid. */
export function parseProfile(text: string): { plecto: PlectoConfig | null; connections: ConnectionConfig[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ApiInputError(`The profile is not valid JSON: ${(error as Error).message}`);
  }
  try {
    if (!isPlainObject(raw)) fail('profile', 'must be a JSON object with "plecto" and "connections"');
    const top = raw as Record<string, unknown>;
    for (const key of Object.keys(top)) if (key !== 'plecto' && key !== 'connections') fail(`profile.${key}`, 'is not a known field');
    const connections = (list((v, p) => connectionShape(v, p), 1000)(top.connections ?? [], 'connections') as ConnectionConfig[]);
    const seen = new Set<string>();
    for (const c of connections) {
      if (seen.has(c.id)) fail(`connections`, `has the id "${c.id}" twice`);
      seen.add(c.id);
    }
    let plecto: PlectoConfig | null = null;
    if (top.plecto !== undefined) {
      const p = plectoShape(top.plecto, 'plecto') as PlectoConfig;
      plecto = { ...p, requestsPerHour: p.requestsPerHour ?? DEFAULT_REQUESTS_PER_HOUR };
    }
    return { plecto, connections };
  } catch (error) {
    if (error instanceof ApiInputError) throw new ApiInputError(`The profile was not imported: ${error.message}`);
    throw error;
  }
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
