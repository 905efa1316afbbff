// The desktop's read-only side of the registrations import: the data sources
// Plecto already has (for the picker) and what the next import would do (for
// the preview). Neither writes to Plecto nor moves the import cursor; the
// import itself runs in the engine after an apply.
import type { DataSourceView, RegistrationPreviewView } from '../../preload/contract';
import type { ConnectionConfig } from '../config/profile';
import { resolveCredentials, resolveSecret, type SecretSources } from '../config/secrets';
import { createConnector } from '../connectors/registry';
import { previewRegistrations } from '../engine/registrations';
import type { HttpDeps } from '../http/http';
import { PlectoClient } from '../plecto/client';
import type { Mirror } from '../store/mirror';
import { DEFAULT_DATA_SOURCE } from './connection-defaults';
import { requirePlectoConfig } from './plecto-settings';

export interface RegistrationServicesDeps {
  mirror: Mirror;
  sources: SecretSources;
  http: HttpDeps;
}

export interface RegistrationServices {
  listDataSources(): Promise<DataSourceView[]>;
  /** Counts the next import of a connection whose import is on; null when it is off. Never throws: a failure is in `error`. */
  preview(config: ConnectionConfig): Promise<(RegistrationPreviewView & { requests: number }) | null>;
}

export function createRegistrationServices(deps: RegistrationServicesDeps): RegistrationServices {
  const { mirror, sources, http } = deps;
  return {
    async listDataSources() {
      const config = requirePlectoConfig(mirror);
      const password = await resolveSecret(config.password, sources, 'plecto.password', config.baseUrl);
      const client = new PlectoClient({ baseUrl: config.baseUrl, email: config.email, password, requestsPerHour: config.requestsPerHour }, http);
      const list = await client.listDataSources();
      return list
        .map((source) => ({ uuid: source.uuid, title: source.title }))
        .sort((a, b) => a.title.localeCompare(b.title) || a.uuid.localeCompare(b.uuid));
    },

    async preview(config) {
      const settings = config.registrations;
      if (!settings?.enabled) return null;
      const dataSource = settings.dataSource.trim() || DEFAULT_DATA_SOURCE[config.type];
      let connector;
      try {
        connector = createConnector(config, await resolveCredentials(config, sources), http);
        if (!connector.registrations) {
          return { dataSource, toImport: null, skippedOutOfScope: null, error: `${config.providerLabel} has no records to import`, requests: 0 };
        }
        const counts = await previewRegistrations({ config, connector, mirror });
        return { dataSource, ...counts, error: null, requests: connector.usage().requests };
      } catch (error) {
        return {
          dataSource,
          toImport: null,
          skippedOutOfScope: null,
          error: `Could not count the records to import from ${config.providerLabel}: ${(error as Error).message}`,
          requests: connector?.usage().requests ?? 0,
        };
      }
    },
  };
}
