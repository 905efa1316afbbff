// Reads and validates a profile (contracts/cli.md) — for the command line and
// for the desktop's profile import alike. Every problem is reported with the
// file and the JSON path, and a plain secret is refused.
import fs from 'node:fs';
import { ConfigError } from '../engine/errors';
import { DEFAULT_REQUESTS_PER_HOUR } from '../plecto/client';
import {
  DEFAULT_PROVIDER_LABEL,
  DEFAULT_SAFEGUARDS,
  DEFAULT_SETTINGS,
  type ConnectorType,
  type SafeguardSettings,
  type SyncSettings,
} from '../domain/model';
import { CONNECTOR_TYPES, CREDENTIALS } from '../connectors/registry';
import type { ConnectionConfig, PlectoConfig, Profile, RegistrationSettings, SecretRef } from './profile';
import { isSecretRef } from './secrets';

/** Connection ids name keychain accounts and files: keep them plain. */
const CONNECTION_ID = /^[A-Za-z0-9_-]{1,64}$/;

export interface ProfileParseOptions {
  /** The command line needs Plecto's settings and at least one connection; a desktop import may bring either alone. */
  partial?: boolean;
}

type Json = Record<string, unknown>;

export function readProfile(file: string): Profile {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`Cannot read profile ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return parseProfile(text, file);
}

export function parseProfile(text: string, file = 'profile'): Profile {
  return parseProfileParts(text, file) as Profile;
}

/** A profile whose `plecto` may be absent (null) and whose connections may be empty, with `partial`. */
export function parseProfileParts(
  text: string,
  file = 'profile',
  options: ProfileParseOptions = {},
): { plecto: PlectoConfig | null; connections: ConnectionConfig[] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`Profile ${file} is not valid JSON: ${(error as Error).message}`);
  }
  const fail = (where: string, what: string): never => {
    throw new ConfigError(`Profile ${file}: ${where} ${what}`);
  };
  const obj = (value: unknown, where: string): Json =>
    value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : fail(where, 'must be an object');
  const str = (value: unknown, where: string): string =>
    typeof value === 'string' && value.trim() !== '' ? value : fail(where, 'must be a non-empty string');
  const bool = (value: unknown, where: string, fallback: boolean): boolean =>
    value === undefined ? fallback : typeof value === 'boolean' ? value : fail(where, 'must be true or false');
  const num = (value: unknown, where: string, fallback: number, min: number, max: number): number =>
    value === undefined
      ? fallback
      : typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max
        ? value
        : fail(where, `must be a number from ${min} to ${max}`);
  const url = (value: unknown, where: string): string => {
    const s = str(value, where);
    try {
      const parsed = new URL(s);
      if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error();
    } catch {
      fail(where, `must be an http(s) URL, not "${s}"`);
    }
    return s;
  };
  const secret = (value: unknown, where: string): SecretRef =>
    isSecretRef(value)
      ? value
      : fail(
          where,
          `${typeof value === 'string' ? 'is a plain secret; use' : 'must be'} {"env": "NAME"} or {"keychain": "ACCOUNT"}: a secret is never written in the profile`,
        );

  const root = obj(json, '(top level)');
  for (const key of Object.keys(root)) if (key !== 'plecto' && key !== 'connections') fail(key, 'is not a profile field');
  let plecto: PlectoConfig | null = null;
  if (root.plecto !== undefined || !options.partial) {
    const p = obj(root.plecto, 'plecto');
    const email = str(p.email, 'plecto.email');
    if (!/^[^\s@]+@[^\s@]+$/.test(email)) fail('plecto.email', `must be an email address, not "${email}"`);
    plecto = {
      baseUrl: url(p.baseUrl ?? 'https://app.plecto.com/api/v2/', 'plecto.baseUrl'),
      email,
      password: secret(p.password, 'plecto.password'),
      requestsPerHour: num(p.requestsPerHour, 'plecto.requestsPerHour', DEFAULT_REQUESTS_PER_HOUR, 1, 1_000_000_000),
    };
  }
  const list = root.connections ?? (options.partial ? [] : undefined);
  if (!Array.isArray(list) || (list.length === 0 && !options.partial)) fail('connections', 'must be a non-empty array');
  const seen = new Set<string>();
  const connections = (list as unknown[]).map((raw, i): ConnectionConfig => {
    const at = `connections[${i}]`;
    const c = obj(raw, at);
    const id = str(c.id, `${at}.id`);
    if (!CONNECTION_ID.test(id)) fail(`${at}.id`, `may contain only letters, digits, "-" and "_" (at most 64), not "${id}"`);
    if (seen.has(id)) fail(`${at}.id`, `"${id}" is used twice`);
    seen.add(id);
    const type = str(c.type, `${at}.type`) as ConnectorType;
    if (!CONNECTOR_TYPES.includes(type)) fail(`${at}.type`, `must be one of ${CONNECTOR_TYPES.join(', ')}, not "${type}"`);
    const credentials: ConnectionConfig['credentials'] = {};
    for (const [field, value] of Object.entries(obj(c.credentials ?? {}, `${at}.credentials`))) {
      const where = `${at}.credentials.${field}`;
      const { plain, secret: secrets } = CREDENTIALS[type];
      if (!plain.includes(field) && !secrets.includes(field)) {
        fail(where, `is not a ${type} credential (expected ${[...plain, ...secrets].join(', ')})`);
      }
      credentials[field] = secrets.includes(field) ? secret(value, where) : isSecretRef(value) ? value : str(value, where);
    }
    const s = obj(c.settings ?? {}, `${at}.settings`);
    const selected = s.selectedTeams ?? [];
    if (!Array.isArray(selected)) fail(`${at}.settings.selectedTeams`, 'must be an array of source team ids');
    const settings: SyncSettings = {
      automaticSync: bool(s.automaticSync, `${at}.settings.automaticSync`, DEFAULT_SETTINGS.automaticSync),
      syncTeams: bool(s.syncTeams, `${at}.settings.syncTeams`, DEFAULT_SETTINGS.syncTeams),
      syncEmployees: bool(s.syncEmployees, `${at}.settings.syncEmployees`, DEFAULT_SETTINGS.syncEmployees),
      onlySelectedTeams: bool(s.onlySelectedTeams, `${at}.settings.onlySelectedTeams`, DEFAULT_SETTINGS.onlySelectedTeams),
      selectedTeams: (selected as unknown[]).map((t, j) =>
        typeof t === 'number' ? String(t) : str(t, `${at}.settings.selectedTeams[${j}]`),
      ),
    };
    const g = obj(c.safeguards ?? {}, `${at}.safeguards`);
    const safeguards: SafeguardSettings = {
      maxDeactivations: num(g.maxDeactivations, `${at}.safeguards.maxDeactivations`, DEFAULT_SAFEGUARDS.maxDeactivations, 0, 1e9),
      maxDeactivationPercent: num(
        g.maxDeactivationPercent,
        `${at}.safeguards.maxDeactivationPercent`,
        DEFAULT_SAFEGUARDS.maxDeactivationPercent,
        0,
        100,
      ),
    };
    let registrations: RegistrationSettings | undefined;
    if (c.registrations !== undefined) {
      const r = obj(c.registrations, `${at}.registrations`);
      const since = r.since === undefined ? '1970-01-01T00:00:00Z' : str(r.since, `${at}.registrations.since`);
      if (Number.isNaN(Date.parse(since))) fail(`${at}.registrations.since`, `must be an ISO 8601 date, not "${since}"`);
      registrations = {
        enabled: bool(r.enabled, `${at}.registrations.enabled`, true),
        dataSource: str(r.dataSource, `${at}.registrations.dataSource`),
        since,
      };
    }
    const config: ConnectionConfig = {
      id,
      type,
      providerLabel: c.providerLabel === undefined ? DEFAULT_PROVIDER_LABEL[type] : str(c.providerLabel, `${at}.providerLabel`),
      credentials,
      settings,
      safeguards,
    };
    if (c.baseUrl !== undefined) config.baseUrl = url(c.baseUrl, `${at}.baseUrl`);
    if (c.loginUrl !== undefined) config.loginUrl = url(c.loginUrl, `${at}.loginUrl`);
    if (registrations) config.registrations = registrations;
    return config;
  });
  return { plecto, connections };
}
