// Runs `check` for Plecto and each connection (contracts/cli.md): resolves the
// secrets, picks the module per system, and scrubs every report before it
// leaves — no secret and no email address may reach a report an admin sends on.
import type { ConnectionConfig, PlectoConfig } from '../config/profile';
import { resolveCredentials, resolveSecret, type SecretSources } from '../config/secrets';
import { DEFAULT_BASE_URL, DEFAULT_LOGIN_URL } from '../connectors/registry';
import type { HttpDeps } from '../http/http';
import { checkEnreach } from './enreach';
import { checkIntercom } from './intercom';
import { checkPlecto } from './plecto';
import type { SystemReport } from './report';
import { checkSalesforce } from './salesforce';

export interface CheckDeps {
  http: HttpDeps;
  sources: SecretSources;
}

/** "plecto", or a connection id. */
export type CheckTarget = 'plecto' | { connection: ConnectionConfig };

export async function checkPlectoAccount(config: PlectoConfig, deps: CheckDeps): Promise<SystemReport> {
  const password = await resolveSecret(config.password, deps.sources, 'plecto.password', config.baseUrl);
  const report = await safely('plecto', 'plecto', () =>
    checkPlecto({ baseUrl: config.baseUrl, email: config.email, password }, deps.http, now(deps)),
  );
  return scrubReport(report, [password]);
}

export async function checkConnection(config: ConnectionConfig, deps: CheckDeps): Promise<SystemReport> {
  const credentials = await resolveCredentials(config, deps.sources);
  const registrations = config.registrations?.enabled === true;
  const report = await safely(config.id, config.type, () => {
    switch (config.type) {
      case 'intercom':
        return checkIntercom(
          { system: config.id, baseUrl: config.baseUrl ?? DEFAULT_BASE_URL.intercom!, accessToken: credentials.accessToken, registrations },
          deps.http,
          now(deps),
        );
      case 'salesforce':
        return checkSalesforce(
          {
            system: config.id,
            registrations,
            loginUrl: config.loginUrl ?? DEFAULT_LOGIN_URL,
            clientId: credentials.clientId,
            clientSecret: credentials.clientSecret,
            refreshToken: credentials.refreshToken,
          },
          deps.http,
          now(deps),
        );
      case 'enreach':
        return checkEnreach(
          { system: config.id, baseUrl: config.baseUrl, username: credentials.username, secretKey: credentials.secretKey, registrations },
          deps.http,
          now(deps),
        );
    }
  });
  return scrubReport(report, Object.values(credentials));
}

function now(deps: CheckDeps): () => Date {
  return () => new Date(deps.http.clock.now());
}

/** A check that throws (a bad URL, an unexpected answer) still yields a report naming the failure. */
async function safely(system: string, type: string, run: () => Promise<SystemReport>): Promise<SystemReport> {
  try {
    return await run();
  } catch (error) {
    return { system, type, account: '', checkedAt: new Date().toISOString(), items: [], error: (error as Error).message };
  }
}

const EMAIL = /[^\s@"'()<>,;:]+@[^\s@"'()<>,;:]+\.[A-Za-z]{2,}/g;

/** Removes secrets and email addresses from every text of a report. */
export function scrubReport(report: SystemReport, secrets: (string | undefined)[]): SystemReport {
  const values = secrets.filter((s): s is string => typeof s === 'string' && s.length >= 4).sort((a, b) => b.length - a.length);
  const clean = (text: string) => values.reduce((t, s) => t.split(s).join('***'), text).replace(EMAIL, 'the configured user');
  return {
    ...report,
    account: clean(report.account),
    ...(report.error ? { error: clean(report.error) } : {}),
    items: report.items.map((i) => ({ ...i, detail: clean(i.detail) })),
  };
}
