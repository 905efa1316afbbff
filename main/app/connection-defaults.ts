// What each connector uses when an admin leaves a field empty.
import type { ConnectorType } from '../engine/model';

export const DEFAULT_BASE_URL: Partial<Record<ConnectorType, string>> = {
  intercom: 'https://api.intercom.io',
};

export const DEFAULT_LOGIN_URL = 'https://login.salesforce.com';

/**
 * The title of the data source each connector creates for its registrations
 * (its reader's `defaultDataSource`). Kept here so a connection's view needs no
 * credentials; a unit test holds it equal to the readers.
 */
export const DEFAULT_DATA_SOURCE: Record<ConnectorType, string> = {
  intercom: 'Intercom conversations',
  salesforce: 'Salesforce opportunities',
  enreach: 'Enreach calls',
};
