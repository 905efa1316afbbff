// What each connector uses when an admin leaves a field empty.
import type { ConnectorType } from '../domain/model';

export { DEFAULT_BASE_URL, DEFAULT_LOGIN_URL } from '../connectors/registry';

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
