// Public face of the Enreach connector folder.
export { createEnreachConnector, type EnreachConnectorOptions } from './connector';
export { EnreachApi, type EnreachApiOptions } from './api';
export { discoverApiBase, DEFAULT_DISCOVERY_URL } from './discovery';
export { obtainSecretKey } from './secret-key';
