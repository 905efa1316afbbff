// The OAuth token endpoint: one form-encoded POST that turns a grant
// (refresh token, client credentials, authorization code) into an access
// token and the org's instance URL.
import { SourceReadError } from '../../domain/model';
import { send, type HttpDeps } from '../../http/http';
import { oauthError, secureOrigin, transportError } from './errors';
import { SALESFORCE, type TokenAnswer } from './wire';

export type TokenGrant =
  | { kind: 'refresh_token'; clientId: string; clientSecret?: string; refreshToken: string }
  | { kind: 'client_credentials'; clientId: string; clientSecret: string }
  | { kind: 'authorization_code'; clientId: string; code: string; codeVerifier: string; redirectUri: string };

export interface Token {
  accessToken: string;
  instanceUrl: string;
  /** Only the authorization-code grant hands out a (new) refresh token. */
  refreshToken?: string;
}

/** The secret values of a grant, to keep them out of every message. */
export function grantSecrets(grant: TokenGrant): string[] {
  switch (grant.kind) {
    case 'refresh_token':
      return [grant.refreshToken, grant.clientSecret ?? ''];
    case 'client_credentials':
      return [grant.clientSecret];
    case 'authorization_code':
      return [grant.code, grant.codeVerifier];
  }
}

function grantForm(grant: TokenGrant): URLSearchParams {
  const form = new URLSearchParams({ grant_type: grant.kind, client_id: grant.clientId });
  switch (grant.kind) {
    case 'refresh_token':
      form.set('refresh_token', grant.refreshToken);
      if (grant.clientSecret) form.set('client_secret', grant.clientSecret);
      break;
    case 'client_credentials':
      form.set('client_secret', grant.clientSecret);
      break;
    case 'authorization_code':
      form.set('code', grant.code);
      form.set('code_verifier', grant.codeVerifier);
      form.set('redirect_uri', grant.redirectUri);
      break;
  }
  return form;
}

export async function requestToken(loginUrl: string, grant: TokenGrant, http: HttpDeps): Promise<Token> {
  const loginOrigin = secureOrigin(loginUrl, 'login URL');
  const secrets = grantSecrets(grant);
  if (grant.kind === 'client_credentials' && !grant.clientSecret) {
    throw new SourceReadError(
      `Salesforce sign-in at ${loginOrigin} needs a refresh token (sign in from the desktop app) or a client secret for the client-credentials flow.`,
      SALESFORCE,
      'auth',
    );
  }
  if (grant.kind === 'client_credentials') assertMyDomain(loginOrigin);
  let response;
  try {
    response = await send(http, {
      system: SALESFORCE,
      method: 'POST',
      url: `${loginOrigin}/services/oauth2/token`,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: grantForm(grant).toString(),
    });
  } catch (error) {
    throw transportError(error, loginOrigin, secrets);
  }
  if (response.status !== 200) throw oauthError(response.status, response.body, loginOrigin, secrets, grant.kind);
  const answer = response.body as Partial<TokenAnswer> | null;
  if (!answer || typeof answer.access_token !== 'string' || typeof answer.instance_url !== 'string') {
    throw new SourceReadError(
      `Salesforce sign-in at ${loginOrigin} answered without an access token or instance URL.`,
      SALESFORCE,
      'bad_answer',
    );
  }
  return {
    accessToken: answer.access_token,
    instanceUrl: secureOrigin(answer.instance_url, 'instance URL', 'bad_answer'),
    refreshToken: typeof answer.refresh_token === 'string' ? answer.refresh_token : undefined,
  };
}

/** The shared login hosts that refuse the client-credentials grant (contracts/salesforce-api.md). */
const SHARED_LOGIN_HOSTS = new Set(['login.salesforce.com', 'test.salesforce.com']);

/** True when `loginUrl` is a shared login host: client credentials need the org's My Domain host instead. */
export function isSharedLoginHost(loginUrl: string): boolean {
  try {
    return SHARED_LOGIN_HOSTS.has(new URL(loginUrl).hostname.toLowerCase());
  } catch {
    return false;
  }
}

/** Says so before trying: login./test.salesforce.com refuse client credentials, and the refusal there is cryptic. */
export function assertMyDomain(loginOrigin: string): void {
  if (!isSharedLoginHost(loginOrigin)) return;
  throw new SourceReadError(
    `Salesforce signs in with a client id and secret only on your org's My Domain host (https://YOUR-DOMAIN.my.salesforce.com), not on ${loginOrigin}. ` +
      'Set the login URL of this connection to your My Domain URL (Setup > My Domain), or sign in with Salesforce from the desktop app instead.',
    SALESFORCE,
    'auth',
  );
}
