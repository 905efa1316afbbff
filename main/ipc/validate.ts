// Strict input validation for every API method. Arguments arrive from the
// renderer (over IPC or the test bridge) and are untrusted: each is checked
// against the method's shape, unknown keys are refused, and a clean copy is
// returned so nothing extra reaches the services.
import { API_METHODS, type ApiMethod } from '../../preload/contract';
import { CONNECTOR_TYPES, CREDENTIALS } from '../connectors/registry';
import type { ConnectorType } from '../domain/model';
import { ApiInputError, bool, fail, httpUrl, int, isPlainObject, list, obj, oneOf, record, str, type Check } from './checks';

export { ApiInputError };

export { CONNECTOR_TYPES };

export const connectionId = str({ min: 1, max: 64, pattern: /^[A-Za-z0-9_-]+$/, patternText: 'may contain only letters, digits, "-" and "_"' });
const runId = int(1, Number.MAX_SAFE_INTEGER);
const sourceId = str({ min: 1, max: 200 });
const secretValue = str({ min: 0, max: 8192 });

export const settingsShape = obj({
  automaticSync: bool,
  syncTeams: bool,
  syncEmployees: bool,
  onlySelectedTeams: bool,
  selectedTeams: list(sourceId, 50_000),
});
export const safeguardsShape = obj({
  maxDeactivations: int(0, 1_000_000),
  maxDeactivationPercent: int(0, 100),
});

/** ISO 8601: a date, or a date and time with a zone ("2026-01-01", "2026-01-01T00:00:00Z"). */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

export const isoDate: Check = (value, path) => {
  const text = str({ min: 1, max: 40, pattern: ISO_DATE, patternText: 'must be an ISO 8601 date such as 2026-01-01T00:00:00Z' })(value, path) as string;
  // The pattern accepts 2026-02-31; a real calendar date must round-trip.
  const day = text.slice(0, 10);
  if (Number.isNaN(Date.parse(text)) || new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) !== day) fail(path, 'is not a real date');
  return text;
};

/** The connection's registrations block (contracts/cli.md, "Registrations"). */
export const registrationsShape = obj(
  {
    enabled: bool,
    dataSource: str({ min: 1, max: 300 }),
    since: isoDate,
  },
  ['enabled', 'dataSource', 'since'],
);

const plectoSettings = obj(
  {
    baseUrl: httpUrl,
    email: str({ min: 3, max: 320, pattern: /^[^\s@]+@[^\s@]+$/, patternText: 'must be an email address' }),
    requestsPerHour: int(1, 1_000_000),
    password: secretValue,
  },
  ['baseUrl', 'email'],
);

const connectionInput: Check = (value, path) => {
  const typeOf = isPlainObject(value) ? value.type : undefined;
  const type = oneOf(CONNECTOR_TYPES)(typeOf, `${path}.type`) as ConnectorType;
  const plain = CREDENTIALS[type].plain;
  return obj(
    {
      id: connectionId,
      type: oneOf(CONNECTOR_TYPES),
      providerLabel: str({ min: 1, max: 100 }),
      baseUrl: httpUrl,
      loginUrl: httpUrl,
      callbackPort: int(1024, 65535),
      credentials: record(
        (key, keyPath) => {
          if (!plain.includes(key)) {
            const hint = CREDENTIALS[type].secret.includes(key) ? ' (secrets are sent separately)' : '';
            fail(keyPath, `is not a plain credential of ${type}${hint}`);
          }
        },
        str({ max: 500 }),
      ),
      settings: settingsShape,
      safeguards: safeguardsShape,
    },
    ['id', 'type'],
  )(value, path);
};

function secretsFor(input: unknown): Check {
  const type = (input as { type: ConnectorType }).type;
  const allowed = [...CREDENTIALS[type].secret, ...(type === 'enreach' ? ['password'] : [])];
  return record((key, keyPath) => {
    if (!allowed.includes(key)) fail(keyPath, `is not a secret field of ${type} (expected ${allowed.join(', ')})`);
  }, secretValue);
}

type ArgSpec = { checks: Check[]; optionalFrom?: number } | ((args: unknown[]) => unknown[]);

const SPECS: Record<ApiMethod, ArgSpec> = {
  getOverview: { checks: [] },
  savePlectoSettings: { checks: [plectoSettings] },
  testPlecto: { checks: [] },
  saveConnection: (args) => {
    const input = connectionInput(args[0], 'connection');
    const secrets = args[1] === undefined ? {} : secretsFor(input)(args[1], 'secrets');
    return [input, secrets];
  },
  saveSettings: { checks: [connectionId, obj({ settings: settingsShape, safeguards: safeguardsShape, registrations: registrationsShape })] },
  deleteConnection: { checks: [connectionId] },
  testConnection: { checks: [connectionId] },
  testConnectionSettings: (args) => {
    const input = connectionInput(args[0], 'connection');
    const secrets = args[1] === undefined ? {} : secretsFor(input)(args[1], 'secrets');
    return [input, secrets];
  },
  testPlectoSettings: { checks: [plectoSettings] },
  signInSalesforce: { checks: [connectionId] },
  // "plecto" or a connection id (both fit the id pattern).
  checkCompatibility: { checks: [connectionId] },
  listSourceTeams: { checks: [connectionId, obj({ refresh: bool })], optionalFrom: 1 },
  preview: { checks: [connectionId] },
  apply: { checks: [runId, obj({ excludeChangeIds: list(str({ min: 1, max: 200 })), force: bool })], optionalFrom: 1 },
  explainLeaveOut: { checks: [runId, list(str({ min: 1, max: 200 }))] },
  syncNow: { checks: [connectionId], optionalFrom: 0 },
  discardRun: { checks: [runId] },
  retryFailed: { checks: [runId] },
  previewUndo: { checks: [runId] },
  listRuns: { checks: [obj({ connectionId, limit: int(1, 10_000) })], optionalFrom: 0 },
  getRun: { checks: [runId] },
  exportRunCsv: { checks: [runId] },
  listDataSources: { checks: [] },
  listEmployees: { checks: [obj({ search: str({ max: 200 }) })], optionalFrom: 0 },
  setManuallyManaged: { checks: [str({ min: 1, max: 100 }), bool] },
  setAutomaticSyncPaused: { checks: [bool] },
  setStartAtLogin: { checks: [bool] },
  exportProfile: { checks: [] },
  importProfile: { checks: [str({ min: 1, max: 5_000_000 })] },
};

const ARG_NAMES: Partial<Record<ApiMethod, string[]>> = {
  savePlectoSettings: ['settings'],
  saveSettings: ['connectionId', 'patch'],
  deleteConnection: ['connectionId'],
  testConnection: ['connectionId'],
  testPlectoSettings: ['settings'],
  signInSalesforce: ['connectionId'],
  checkCompatibility: ['target'],
  listSourceTeams: ['connectionId', 'options'],
  preview: ['connectionId'],
  apply: ['runId', 'request'],
  explainLeaveOut: ['runId', 'excludeChangeIds'],
  syncNow: ['connectionId'],
  discardRun: ['runId'],
  retryFailed: ['runId'],
  previewUndo: ['runId'],
  listRuns: ['query'],
  getRun: ['runId'],
  exportRunCsv: ['runId'],
  listEmployees: ['query'],
  setManuallyManaged: ['uuid', 'on'],
  setAutomaticSyncPaused: ['paused'],
  setStartAtLogin: ['on'],
  importProfile: ['text'],
};

/** Checks the arguments of one API call; returns clean copies or throws ApiInputError naming the bad field. */
export function validateApiArgs(method: string, args: unknown): unknown[] {
  if (!(API_METHODS as readonly string[]).includes(method)) throw new ApiInputError(`Unknown API method "${method}"`);
  const name = method as ApiMethod;
  if (!Array.isArray(args)) throw new ApiInputError(`Invalid input to ${name}: arguments must be a list`);
  try {
    const spec = SPECS[name];
    if (typeof spec === 'function') {
      if (args.length > 2) fail('arguments', `to ${name} must be at most 2`);
      return spec(args);
    }
    const { checks, optionalFrom = checks.length } = spec;
    if (args.length > checks.length) fail('arguments', `to ${name}: expected at most ${checks.length}, got ${args.length}`);
    const names = ARG_NAMES[name] ?? [];
    const clean = checks.map((check, index) => {
      const value = args[index];
      if (value === undefined) {
        if (index < optionalFrom) fail(names[index] ?? `argument ${index + 1}`, 'is required');
        return undefined;
      }
      return check(value, names[index] ?? `argument ${index + 1}`);
    });
    while (clean.length > 0 && clean[clean.length - 1] === undefined) clean.pop();
    return clean;
  } catch (error) {
    if (error instanceof ApiInputError && !error.message.startsWith('Invalid input')) {
      throw new ApiInputError(`Invalid input to ${name}: ${error.message}`);
    }
    throw error;
  }
}
