// The Intercom connector: admins are people, teams are teams (R1, R3).
import type { Connector } from '../connector';
import type { HttpDeps, RetryPolicy } from '../../http/http';
import { IntercomApi, INTERCOM_SYSTEM, type IntercomApiOptions } from './api';
import { parseAdmins, readIntercomDirectory } from './directory';
import { createIntercomRegistrationReader } from './registrations';

export interface IntercomConnectorOptions {
  /** Region base URL (https://api.intercom.io, https://api.eu.intercom.io, https://api.au.intercom.io). */
  baseUrl: string;
  accessToken: string;
  retry?: Partial<RetryPolicy>;
}

export function createIntercomConnector(options: IntercomConnectorOptions, deps: HttpDeps): Connector {
  const api = new IntercomApi(options satisfies IntercomApiOptions, deps);
  return {
    type: 'intercom',
    rules: { employeeNeedsSyncedTeam: false, teamNesting: false, hasTitle: true },
    readDirectory: () => readIntercomDirectory(api),
    async testConnection() {
      const admins = parseAdmins(await api.get('/admins'), api.origin);
      return `Connected to ${INTERCOM_SYSTEM}: ${admins.length} admin${admins.length === 1 ? '' : 's'}`;
    },
    usage: () => ({ requests: api.requests, apiUsage: api.apiUsage }),
    registrations: createIntercomRegistrationReader(api),
  };
}
