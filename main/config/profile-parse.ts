// Reads and validates a profile (contracts/cli.md, "Bad input") — for the
// command line and the desktop's profile import alike. The profile is checked
// whole before anything runs: an unknown or misspelt key at any level (named
// with the nearest known key: "onlySelectedTeam" would otherwise silently sync
// every team, R8), a wrong type, an out-of-range number, a string over its
// limit, a non-https URL (loopback excepted) and a plain secret are all
// reported together, each with the file and its JSON path.
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
import { nearestKey } from './nearest-key';
import { insecureUrlProblem } from './urls';

/** Connection ids name keychain accounts and files: keep them plain. */
const CONNECTION_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** contracts/cli.md: ids and labels 100 characters, URLs 2,000. */
export const LIMITS = { id: 100, label: 100, url: 2000, email: 254, plain: 255, secretName: 100, date: 40, selectedTeams: 10_000, connections: 100 } as const;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Stop listing after this many problems: the first ones are what to fix. */
const MAX_PROBLEMS = 20;

export interface ProfileParseOptions {
  /** The command line needs Plecto's settings and at least one connection; a desktop import may bring either alone. */
  partial?: boolean;
}

type Json = Record<string, unknown>;

const PLECTO_KEYS = ['baseUrl', 'email', 'password', 'requestsPerHour'];
const CONNECTION_KEYS = ['id', 'type', 'providerLabel', 'baseUrl', 'loginUrl', 'callbackPort', 'credentials', 'settings', 'safeguards', 'registrations'];
const SETTINGS_KEYS = Object.keys(DEFAULT_SETTINGS);
const SAFEGUARD_KEYS = Object.keys(DEFAULT_SAFEGUARDS);
const REGISTRATION_KEYS = ['enabled', 'dataSource', 'since'];

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

/** Records problems instead of stopping at the first, and returns a stand-in value so checking goes on. */
class Checker {
  readonly problems: string[] = [];

  fail(where: string, what: string): void {
    this.problems.push(`${where} ${what}`);
  }

  /** Unknown keys, each with the nearest known one. */
  keys(value: Json, where: string, known: readonly string[]): void {
    for (const key of Object.keys(value)) {
      if (known.includes(key)) continue;
      const near = nearestKey(key, known);
      const at = where ? `${where}.${key}` : key;
      this.fail(at, `is not a known field${near ? `; did you mean "${near}"?` : ` (known: ${known.join(', ')})`}`);
    }
  }

  obj(value: unknown, where: string): Json | null {
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Json;
    this.fail(where, 'must be an object');
    return null;
  }

  str(value: unknown, where: string, max: number): string | null {
    if (typeof value !== 'string' || value.trim() === '') {
      this.fail(where, 'must be a non-empty string');
      return null;
    }
    if (value.length > max) {
      this.fail(where, `is ${value.length} characters long; at most ${max} are allowed`);
      return null;
    }
    return value;
  }

  bool(value: unknown, where: string, fallback: boolean): boolean {
    if (value === undefined) return fallback;
    if (typeof value === 'boolean') return value;
    this.fail(where, 'must be true or false');
    return fallback;
  }

  num(value: unknown, where: string, fallback: number, min: number, max: number, integer = false): number {
    if (value === undefined) return fallback;
    if (typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max && (!integer || Number.isInteger(value))) return value;
    this.fail(where, `must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}`);
    return fallback;
  }

  /** https only, except loopback hosts (contracts/cli.md). */
  url(value: unknown, where: string): string | null {
    const s = this.str(value, where, LIMITS.url);
    if (s === null) return null;
    const problem = insecureUrlProblem(s);
    if (problem) {
      this.fail(where, problem);
      return null;
    }
    return s;
  }

  secret(value: unknown, where: string): SecretRef | null {
    if (typeof value === 'string') {
      this.fail(where, 'is a plain secret; use {"env": "NAME"} or {"keychain": "ACCOUNT"}: a secret is never written in the profile');
      return null;
    }
    const ref = this.obj(value, where);
    if (!ref) return null;
    const keys = Object.keys(ref);
    if (keys.length !== 1 || (keys[0] !== 'env' && keys[0] !== 'keychain')) {
      this.keys(ref, where, ['env', 'keychain']);
      if (keys.length !== 1) this.fail(where, 'must be {"env": "NAME"} or {"keychain": "ACCOUNT"}, with exactly one of them');
      return null;
    }
    const name = this.str(ref[keys[0]], `${where}.${keys[0]}`, LIMITS.secretName);
    if (name === null) return null;
    if (keys[0] === 'env') {
      if (!ENV_NAME.test(name)) {
        this.fail(`${where}.env`, 'must be an environment variable name (letters, digits and "_")');
        return null;
      }
      return { env: name };
    }
    return { keychain: name };
  }
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
  const c = new Checker();
  const root = c.obj(json, '(top level)');
  if (!root) throw problemsError(file, c.problems);
  c.keys(root, '', ['plecto', 'connections']);

  let plecto: PlectoConfig | null = null;
  if (root.plecto !== undefined || !options.partial) plecto = parsePlecto(c, root.plecto);

  const list = root.connections ?? (options.partial ? [] : undefined);
  let connections: ConnectionConfig[] = [];
  if (!Array.isArray(list) || (list.length === 0 && !options.partial)) c.fail('connections', 'must be a non-empty array');
  else if (list.length > LIMITS.connections) c.fail('connections', `has ${list.length} entries; at most ${LIMITS.connections} are allowed`);
  else {
    const seen = new Set<string>();
    connections = list.map((raw, i) => parseConnection(c, raw, `connections[${i}]`, seen)).filter((x): x is ConnectionConfig => x !== null);
  }
  if (c.problems.length > 0) throw problemsError(file, c.problems);
  return { plecto, connections };
}

function problemsError(file: string, problems: string[]): ConfigError {
  if (problems.length === 1) return new ConfigError(`Profile ${file}: ${problems[0]}`);
  const shown = problems.slice(0, MAX_PROBLEMS).map((p) => `  - ${p}`);
  if (problems.length > MAX_PROBLEMS) shown.push(`  … and ${problems.length - MAX_PROBLEMS} more`);
  return new ConfigError(`Profile ${file} has ${problems.length} problems:\n${shown.join('\n')}`);
}

function parsePlecto(c: Checker, raw: unknown): PlectoConfig | null {
  const p = c.obj(raw, 'plecto');
  if (!p) return null;
  c.keys(p, 'plecto', PLECTO_KEYS);
  const email = c.str(p.email, 'plecto.email', LIMITS.email);
  if (email !== null && !/^[^\s@]+@[^\s@]+$/.test(email)) c.fail('plecto.email', `must be an email address, not "${email}"`);
  const baseUrl = c.url(p.baseUrl ?? 'https://app.plecto.com/api/v2/', 'plecto.baseUrl');
  const password = c.secret(p.password, 'plecto.password');
  const requestsPerHour = c.num(p.requestsPerHour, 'plecto.requestsPerHour', DEFAULT_REQUESTS_PER_HOUR, 1, 1_000_000_000);
  if (email === null || baseUrl === null || password === null) return null;
  return { baseUrl, email, password, requestsPerHour };
}

function parseConnection(c: Checker, raw: unknown, at: string, seen: Set<string>): ConnectionConfig | null {
  const o = c.obj(raw, at);
  if (!o) return null;
  c.keys(o, at, CONNECTION_KEYS);
  const id = c.str(o.id, `${at}.id`, LIMITS.id);
  if (id !== null) {
    if (!CONNECTION_ID.test(id)) c.fail(`${at}.id`, `may contain only letters, digits, "-" and "_" (at most 64), not "${id}"`);
    else if (seen.has(id)) c.fail(`${at}.id`, `"${id}" is used twice`);
    seen.add(id);
  }
  const typeText = c.str(o.type, `${at}.type`, LIMITS.id);
  let type: ConnectorType | null = null;
  if (typeText !== null) {
    if (CONNECTOR_TYPES.includes(typeText as ConnectorType)) type = typeText as ConnectorType;
    else {
      const near = nearestKey(typeText, CONNECTOR_TYPES);
      c.fail(`${at}.type`, `must be one of ${CONNECTOR_TYPES.join(', ')}, not "${typeText}"${near ? `; did you mean "${near}"?` : ''}`);
    }
  }

  const credentials: ConnectionConfig['credentials'] = {};
  const creds = c.obj(o.credentials ?? {}, `${at}.credentials`);
  if (creds && type) {
    const { plain, secret } = CREDENTIALS[type];
    c.keys(creds, `${at}.credentials`, [...plain, ...secret]);
    for (const [field, value] of Object.entries(creds)) {
      const where = `${at}.credentials.${field}`;
      if (secret.includes(field)) {
        const ref = c.secret(value, where);
        if (ref) credentials[field] = ref;
      } else if (plain.includes(field)) {
        const plainValue = value !== null && typeof value === 'object' ? c.secret(value, where) : c.str(value, where, LIMITS.plain);
        if (plainValue !== null) credentials[field] = plainValue;
      }
    }
  }

  const s = c.obj(o.settings ?? {}, `${at}.settings`) ?? {};
  c.keys(s, `${at}.settings`, SETTINGS_KEYS);
  const selected = s.selectedTeams ?? [];
  let selectedTeams: string[] = [];
  if (!Array.isArray(selected)) c.fail(`${at}.settings.selectedTeams`, 'must be an array of source team ids');
  else if (selected.length > LIMITS.selectedTeams) c.fail(`${at}.settings.selectedTeams`, `has ${selected.length} entries; at most ${LIMITS.selectedTeams} are allowed`);
  else {
    selectedTeams = selected
      .map((t, j) => (typeof t === 'number' && Number.isSafeInteger(t) ? String(t) : c.str(t, `${at}.settings.selectedTeams[${j}]`, LIMITS.id)))
      .filter((t): t is string => t !== null);
  }
  const settings: SyncSettings = {
    automaticSync: c.bool(s.automaticSync, `${at}.settings.automaticSync`, DEFAULT_SETTINGS.automaticSync),
    syncTeams: c.bool(s.syncTeams, `${at}.settings.syncTeams`, DEFAULT_SETTINGS.syncTeams),
    syncEmployees: c.bool(s.syncEmployees, `${at}.settings.syncEmployees`, DEFAULT_SETTINGS.syncEmployees),
    onlySelectedTeams: c.bool(s.onlySelectedTeams, `${at}.settings.onlySelectedTeams`, DEFAULT_SETTINGS.onlySelectedTeams),
    selectedTeams,
  };

  const g = c.obj(o.safeguards ?? {}, `${at}.safeguards`) ?? {};
  c.keys(g, `${at}.safeguards`, SAFEGUARD_KEYS);
  const safeguards: SafeguardSettings = {
    maxDeactivations: c.num(g.maxDeactivations, `${at}.safeguards.maxDeactivations`, DEFAULT_SAFEGUARDS.maxDeactivations, 0, 1e9, true),
    maxDeactivationPercent: c.num(g.maxDeactivationPercent, `${at}.safeguards.maxDeactivationPercent`, DEFAULT_SAFEGUARDS.maxDeactivationPercent, 0, 100),
  };

  let registrations: RegistrationSettings | undefined;
  if (o.registrations !== undefined) {
    const r = c.obj(o.registrations, `${at}.registrations`);
    if (r) {
      c.keys(r, `${at}.registrations`, REGISTRATION_KEYS);
      const since = r.since === undefined ? '1970-01-01T00:00:00Z' : c.str(r.since, `${at}.registrations.since`, LIMITS.date);
      if (since !== null && Number.isNaN(Date.parse(since))) c.fail(`${at}.registrations.since`, `must be an ISO 8601 date, not "${since}"`);
      const dataSource = c.str(r.dataSource, `${at}.registrations.dataSource`, LIMITS.label);
      const enabled = c.bool(r.enabled, `${at}.registrations.enabled`, true);
      if (since !== null && dataSource !== null) registrations = { enabled, dataSource, since };
    }
  }

  const providerLabel = o.providerLabel === undefined ? (type ? DEFAULT_PROVIDER_LABEL[type] : null) : c.str(o.providerLabel, `${at}.providerLabel`, LIMITS.label);
  const baseUrl = o.baseUrl === undefined ? undefined : c.url(o.baseUrl, `${at}.baseUrl`);
  const loginUrl = o.loginUrl === undefined ? undefined : c.url(o.loginUrl, `${at}.loginUrl`);
  const callbackPort = o.callbackPort === undefined ? undefined : c.num(o.callbackPort, `${at}.callbackPort`, 7890, 1024, 65535, true);

  if (id === null || type === null || providerLabel === null || baseUrl === null || loginUrl === null) return null;
  const config: ConnectionConfig = { id, type, providerLabel, credentials, settings, safeguards };
  if (baseUrl !== undefined) config.baseUrl = baseUrl;
  if (loginUrl !== undefined) config.loginUrl = loginUrl;
  if (callbackPort !== undefined) config.callbackPort = callbackPort;
  if (registrations) config.registrations = registrations;
  return config;
}
