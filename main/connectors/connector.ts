// What every source system offers the engine. A fourth source is one new
// folder next to intercom/, salesforce/ and enreach/ plus a line in registry.ts.
import type { ConnectorRules, ConnectorType, SourceDirectory } from '../domain/model';

export interface ConnectorUsage {
  /** HTTP requests this connector sent (retries included). */
  requests: number;
  /** The system's own quota reading, when it gives one (Salesforce `Sforce-Limit-Info`). */
  apiUsage?: string;
}

/** One record a source produced that becomes a Plecto registration (R9). */
export interface SourceRecord {
  /** Source record id; sent as `external_id`, so a retry never duplicates. */
  externalId: string;
  /** Source id of the person who owns it (`member_api_id`). */
  ownerSourceId: string;
  /** ISO 8601 UTC. */
  date: string;
  /** The connector's own fields (contracts/cli.md, Registrations). */
  fields: Record<string, string | number | boolean | null>;
}

export interface RegistrationPage {
  records: SourceRecord[];
  /** Where the next incremental read starts; kept in the mirror after the page is imported. */
  cursor: string;
}

export interface RegistrationReader {
  /** The fields the Plecto data source gets when it is created. */
  readonly fields: string[];
  /** Default data source title, e.g. "Intercom conversations". */
  readonly defaultDataSource: string;
  /** Reads records changed since `cursor` (or since `since` on the first import), page by page. */
  read(cursor: string | null, since: string): AsyncIterable<RegistrationPage>;
}

export interface Connector {
  readonly type: ConnectorType;
  readonly rules: ConnectorRules;
  /**
   * Reads the whole directory: teams, people, memberships. Throws
   * SourceReadError (domain/model.ts) when any page fails, so an incomplete
   * read never reaches the planner (R10).
   */
  readDirectory(): Promise<SourceDirectory>;
  /** Checks credentials and reachability with one cheap call; resolves to a short description. */
  testConnection(): Promise<string>;
  usage(): ConnectorUsage;
  readonly registrations?: RegistrationReader;
}
