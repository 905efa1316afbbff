// Public face of the Intercom connector folder.
export { createIntercomConnector, type IntercomConnectorOptions } from './connector';
export { IntercomApi, INTERCOM_VERSION, rateLimitResetWait, type IntercomApiOptions } from './api';
