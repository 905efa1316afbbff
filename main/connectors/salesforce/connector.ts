// The Salesforce connector: signs in (refresh token, else client credentials),
// reads roles and users, and reports its API usage.
import type { HttpDeps } from '../../http/http';
import type { Connector } from '../connector';
import { SalesforceApi } from './api';
import { readSalesforceDirectory } from './directory';
import { createSalesforceRegistrationReader } from './registrations';
import { SalesforceSession } from './session';
import type { UsageMeter } from '../../http/usage-meter';
import { salesforceUsageMeter } from './usage';

export interface SalesforceConnectorOptions {
  /** Login host: https://login.salesforce.com, https://test.salesforce.com or a My Domain URL. */
  loginUrl: string;
  clientId: string;
  clientSecret?: string;
  refreshToken?: string;
}

export interface SalesforceClient {
  api: SalesforceApi;
  meter: UsageMeter;
}

/** The signed-in API of one connection; what the directory and registrations readers share. */
export function createSalesforceClient(options: SalesforceConnectorOptions, deps: HttpDeps): SalesforceClient {
  const meter = salesforceUsageMeter();
  const http = meter.wrap(deps);
  const grant = options.refreshToken
    ? { kind: 'refresh_token' as const, clientId: options.clientId, clientSecret: options.clientSecret, refreshToken: options.refreshToken }
    : { kind: 'client_credentials' as const, clientId: options.clientId, clientSecret: options.clientSecret ?? '' };
  const session = new SalesforceSession(options.loginUrl, grant, http);
  return { api: new SalesforceApi(session, http), meter };
}

export function createSalesforceConnector(options: SalesforceConnectorOptions, deps: HttpDeps): Connector {
  const { api, meter } = createSalesforceClient(options, deps);
  return {
    type: 'salesforce',
    // R3: a Salesforce user is an employee only if its role is synced as a team.
    rules: { employeeNeedsSyncedTeam: true, teamNesting: true, hasTitle: false },
    readDirectory: () => readSalesforceDirectory(api),
    async testConnection() {
      // One cheap query that also proves the "View Roles" permission the directory read needs.
      await api.query('SELECT Id FROM UserRole LIMIT 1');
      return `Connected to Salesforce at ${await api.instanceUrl()}`;
    },
    usage: () => meter.usage(),
    registrations: createSalesforceRegistrationReader(api),
  };
}
