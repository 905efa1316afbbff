// The Salesforce connector's public face.
export { createSalesforceConnector, createSalesforceClient } from './connector';
export type { SalesforceConnectorOptions, SalesforceClient } from './connector';
export { SalesforceApi } from './api';
export { signInWithPkce, createPkcePair, pkceChallenge, buildAuthorizeUrl } from './oauth-pkce';
export type { PkceSignInOptions, PkceSignInResult } from './oauth-pkce';
