// The one place that knows every source system. A fourth source is a new
// folder plus one entry here.
import type { ConnectionConfig, ResolvedCredentials } from '../config/profile';
import { ConfigError } from '../engine/errors';
import type { ConnectorType } from '../domain/model';
import type { HttpDeps } from '../http/http';
import type { Connector } from './connector';
import { createEnreachConnector } from './enreach/connector';
import { createIntercomConnector } from './intercom/connector';
import { createSalesforceConnector } from './salesforce/connector';

/**
 * What each source's credentials are made of: plain fields (ids, user names),
 * secret fields (kept in the keychain or read from the environment, never
 * written anywhere else), and which sets of fields suffice to sign in.
 */
export const CREDENTIALS: Record<
  ConnectorType,
  { plain: readonly string[]; secret: readonly string[]; required: readonly (readonly string[])[] }
> = {
  intercom: { plain: [], secret: ['accessToken'], required: [['accessToken']] },
  // A refresh token (desktop sign-in), or the client-credentials grant (servers).
  salesforce: {
    plain: ['clientId'],
    secret: ['clientSecret', 'refreshToken'],
    required: [
      ['clientId', 'refreshToken'],
      ['clientId', 'clientSecret'],
    ],
  },
  enreach: { plain: ['username'], secret: ['secretKey'], required: [['username', 'secretKey']] },
};

export const CONNECTOR_TYPES = Object.keys(CREDENTIALS) as ConnectorType[];

/** Where a connection points when its profile does not say (Enreach: discovered from the user name). */
export const DEFAULT_BASE_URL: Partial<Record<ConnectorType, string>> = { intercom: 'https://api.intercom.io' };
export const DEFAULT_LOGIN_URL = 'https://login.salesforce.com';

export function missingCredentials(config: ConnectionConfig): string | null {
  const options = CREDENTIALS[config.type].required;
  if (options.some((fields) => fields.every((f) => config.credentials[f] !== undefined))) return null;
  return options.map((fields) => fields.join(' + ')).join(' or ');
}

export function createConnector(config: ConnectionConfig, credentials: ResolvedCredentials, deps: HttpDeps): Connector {
  switch (config.type) {
    case 'intercom':
      return createIntercomConnector({ baseUrl: config.baseUrl ?? DEFAULT_BASE_URL.intercom!, accessToken: credentials.accessToken }, deps);
    case 'salesforce':
      return createSalesforceConnector(
        {
          loginUrl: config.loginUrl ?? DEFAULT_LOGIN_URL,
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
