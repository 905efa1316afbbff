// Where each connector points when an admin leaves the URL empty.
import type { ConnectorType } from '../engine/model';

export const DEFAULT_BASE_URL: Partial<Record<ConnectorType, string>> = {
  intercom: 'https://api.intercom.io',
};

export const DEFAULT_LOGIN_URL = 'https://login.salesforce.com';
