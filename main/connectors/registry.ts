// The one place that knows every source system. A fourth source is a new
// folder plus one entry here.
import type { ConnectionConfig, ResolvedCredentials } from '../config/profile';
import { ConfigError } from '../engine/errors';
import type { ConnectorType } from '../engine/model';
import type { HttpDeps } from '../http/http';
import type { Connector } from './connector';
import { createEnreachConnector } from './enreach/connector';
import { createIntercomConnector } from './intercom/connector';
import { createSalesforceConnector } from './salesforce/connector';

/** Credential fields each type needs; the CLI checks them before anything runs. */
export const REQUIRED_CREDENTIALS: Record<ConnectorType, string[][]> = {
  intercom: [['accessToken']],
  // refresh token, or client credentials
  salesforce: [
    ['clientId', 'refreshToken'],
    ['clientId', 'clientSecret'],
  ],
  enreach: [['username', 'secretKey']],
};

export const CONNECTOR_TYPES = Object.keys(REQUIRED_CREDENTIALS) as ConnectorType[];

export function missingCredentials(config: ConnectionConfig): string | null {
  const options = REQUIRED_CREDENTIALS[config.type];
  if (options.some((fields) => fields.every((f) => config.credentials[f] !== undefined))) return null;
  return options.map((fields) => fields.join(' + ')).join(' or ');
}

export function createConnector(config: ConnectionConfig, credentials: ResolvedCredentials, deps: HttpDeps): Connector {
  switch (config.type) {
    case 'intercom':
      return createIntercomConnector({ baseUrl: config.baseUrl ?? 'https://api.intercom.io', accessToken: credentials.accessToken }, deps);
    case 'salesforce':
      return createSalesforceConnector(
        {
          loginUrl: config.loginUrl ?? 'https://login.salesforce.com',
          clientId: credentials.clientId,
          clientSecret: credentials.clientSecret,
          refreshToken: credentials.refreshToken,
        },
        deps,
      );
    case 'enreach':
      return createEnreachConnector(
        { baseUrl: config.baseUrl, username: credentials.username, secretKey: credentials.secretKey },
        deps,
      );
    default:
      throw new ConfigError(`Unknown connection type "${(config as { type: string }).type}" for connection "${(config as { id: string }).id}"`);
  }
}
