// The Enreach connector: users are people, user groups are teams (R1, R3).
import type { Connector } from '../connector';
import type { HttpDeps, RetryPolicy } from '../../http/http';
import { EnreachApi } from './api';
import { readEnreachDirectory } from './directory';
import { createEnreachRegistrationReader } from './registrations';

export interface EnreachConnectorOptions {
  /** API base URL; wins over discovery when set. */
  baseUrl?: string;
  /** Discovery service; default https://discover.enreachvoice.com. */
  discoveryUrl?: string;
  username: string;
  secretKey: string;
  retry?: Partial<RetryPolicy>;
}

export function createEnreachConnector(options: EnreachConnectorOptions, deps: HttpDeps): Connector {
  const api = new EnreachApi(options, deps);
  return {
    type: 'enreach',
    rules: { employeeNeedsSyncedTeam: false, teamNesting: true, hasTitle: false },
    readDirectory: () => readEnreachDirectory(api),
    async testConnection() {
      await api.get('/users?skip=0&take=1');
      return `Connected to Enreach at ${await api.origin()} as ${options.username}`;
    },
    usage: () => ({ requests: api.requests, apiUsage: api.apiUsage }),
    registrations: createEnreachRegistrationReader(api, deps.clock),
  };
}
