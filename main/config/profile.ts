// The profile of contracts/cli.md as types. Secrets are references only.
import type { ConnectorType, SafeguardSettings, SyncSettings } from '../domain/model';

export type SecretRef = { env: string } | { keychain: string };

export interface PlectoConfig {
  baseUrl: string;
  email: string;
  password: SecretRef;
  requestsPerHour: number;
}

export interface RegistrationSettings {
  enabled: boolean;
  /** Plecto data source title or uuid. */
  dataSource: string;
  /** ISO 8601; where the first import starts. */
  since: string;
}

export interface ConnectionConfig {
  id: string;
  type: ConnectorType;
  providerLabel: string;
  /** Intercom region URL, Enreach API URL (resolved by discovery or overridden). */
  baseUrl?: string;
  /** Salesforce login host. */
  loginUrl?: string;
  /** Salesforce desktop sign-in: the fixed port of http://localhost:PORT/callback registered in the org's app (default 7890). */
  callbackPort?: number;
  /** Plain values (clientId, username) or secret references. */
  credentials: Record<string, string | SecretRef>;
  settings: SyncSettings;
  safeguards: SafeguardSettings;
  registrations?: RegistrationSettings;
}

export interface Profile {
  plecto: PlectoConfig;
  connections: ConnectionConfig[];
}

/** Credentials with every secret resolved, handed to a connector. Never logged or stored. */
export type ResolvedCredentials = Record<string, string>;
