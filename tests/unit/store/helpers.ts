// Shared fixtures for the mirror tests: temp folders that are removed after
// each file, and typical connection configs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import type { ConnectionConfig } from '../../../main/config/profile';
import { DEFAULT_SAFEGUARDS, DEFAULT_SETTINGS } from '../../../main/domain/model';

const created: string[] = [];
afterAll(() => {
  for (const dir of created) fs.rmSync(dir, { recursive: true, force: true });
});

/** A fresh temp folder, removed when the test file ends. */
export function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mirror-test-'));
  created.push(dir);
  return dir;
}

export function intercomConnection(overrides: Partial<ConnectionConfig> = {}): ConnectionConfig {
  return {
    id: 'intercom',
    type: 'intercom',
    providerLabel: 'Intercom',
    baseUrl: 'https://api.intercom.io',
    credentials: { accessToken: { env: 'INTERCOM_TOKEN' } },
    settings: { ...DEFAULT_SETTINGS },
    safeguards: { ...DEFAULT_SAFEGUARDS },
    ...overrides,
  };
}

export function salesforceConnection(overrides: Partial<ConnectionConfig> = {}): ConnectionConfig {
  return {
    id: 'salesforce',
    type: 'salesforce',
    providerLabel: 'Salesforce',
    loginUrl: 'https://login.salesforce.com',
    credentials: {
      clientId: '3MVG9-plain-client-id',
      clientSecret: { keychain: 'salesforce/clientSecret' },
      refreshToken: { env: 'SF_REFRESH_TOKEN' },
    },
    settings: { ...DEFAULT_SETTINGS, onlySelectedTeams: true, selectedTeams: ['00E1', '00E2'] },
    safeguards: { maxDeactivations: 10, maxDeactivationPercent: 5 },
    registrations: { enabled: true, dataSource: 'Salesforce calls', since: '2026-01-01T00:00:00Z' },
    ...overrides,
  };
}

export function enreachConnection(overrides: Partial<ConnectionConfig> = {}): ConnectionConfig {
  return {
    id: 'enreach',
    type: 'enreach',
    providerLabel: 'Enreach',
    baseUrl: 'https://api-sedna.enreachvoice.com',
    credentials: { username: 'api@acme.com', secretKey: { env: 'ENREACH_SECRET_KEY' } },
    settings: { ...DEFAULT_SETTINGS },
    safeguards: { ...DEFAULT_SAFEGUARDS },
    ...overrides,
  };
}
