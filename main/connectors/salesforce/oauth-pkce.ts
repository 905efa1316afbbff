// Desktop sign-in: OAuth 2.0 authorization code with PKCE and a loopback
// redirect (contracts/salesforce-api.md). The browser does the login; the app
// only ever sees the code, which is useless without the verifier kept here.
import { createHash, randomBytes } from 'node:crypto';
import { SourceReadError } from '../../domain/model';
import type { HttpDeps } from '../../http/http';
import { secureOrigin } from './errors';
import { CallbackPortInUseError, DEFAULT_CALLBACK_PORT, startLoopbackListener, type LoopbackCallback } from './loopback';
import { requestToken, type Token } from './oauth';
import { SALESFORCE } from './wire';

export interface PkceSignInOptions {
  loginUrl: string;
  clientId: string;
  openBrowser: (url: string) => Promise<void>;
  /** How long to wait for the browser to come back; default 5 minutes. */
  timeoutMs?: number;
  /** Default ['api', 'refresh_token']. */
  scopes?: string[];
  /** The fixed port of http://localhost:PORT/callback registered in the org's app; default 7890. */
  callbackPort?: number;
}

export interface PkceSignInResult {
  refreshToken: string;
  accessToken: string;
  instanceUrl: string;
}

export interface PkcePair {
  verifier: string;
  challenge: string;
}

export const DEFAULT_SIGN_IN_TIMEOUT_MS = 5 * 60_000;
export const DEFAULT_SCOPES = ['api', 'refresh_token'];

const base64url = (bytes: Buffer) => bytes.toString('base64url');

/** A fresh code verifier (43 chars of base64url from 32 random bytes) and its S256 challenge. */
export function createPkcePair(): PkcePair {
  const verifier = base64url(randomBytes(32));
  return { verifier, challenge: pkceChallenge(verifier) };
}

export function pkceChallenge(verifier: string): string {
  return base64url(createHash('sha256').update(verifier, 'ascii').digest());
}

export function createState(): string {
  return base64url(randomBytes(24));
}

export function buildAuthorizeUrl(p: {
  loginUrl: string;
  clientId: string;
  redirectUri: string;
  challenge: string;
  state: string;
  scopes: string[];
}): string {
  const params = new URLSearchParams({
    response_type: 'code',
    client_id: p.clientId,
    redirect_uri: p.redirectUri,
    code_challenge: p.challenge,
    code_challenge_method: 'S256',
    state: p.state,
    scope: p.scopes.join(' '),
  });
  return `${secureOrigin(p.loginUrl, 'login URL')}/services/oauth2/authorize?${params}`;
}

export async function signInWithPkce(options: PkceSignInOptions, deps: HttpDeps): Promise<PkceSignInResult> {
  const loginOrigin = secureOrigin(options.loginUrl, 'login URL');
  const timeoutMs = options.timeoutMs ?? DEFAULT_SIGN_IN_TIMEOUT_MS;
  const pair = createPkcePair();
  const state = createState();
  let listener;
  try {
    listener = await startLoopbackListener(options.callbackPort ?? DEFAULT_CALLBACK_PORT);
  } catch (error) {
    if (error instanceof CallbackPortInUseError) throw new SourceReadError(`Salesforce sign-in could not start: ${error.message}`, SALESFORCE, 'auth');
    throw error;
  }
  try {
    const url = buildAuthorizeUrl({
      loginUrl: loginOrigin,
      clientId: options.clientId,
      redirectUri: listener.redirectUri,
      challenge: pair.challenge,
      state,
      scopes: options.scopes ?? DEFAULT_SCOPES,
    });
    // The browser opens the configured login host only (issue 9), whatever built the URL.
    if (new URL(url).origin !== loginOrigin) throw signInError(`would open ${new URL(url).origin}, not the configured login host`, loginOrigin);
    try {
      await options.openBrowser(url);
    } catch (error) {
      throw signInError(`could not open the browser (${(error as Error)?.message ?? error})`, loginOrigin);
    }
    const callback = await withTimeout(listener.callback, timeoutMs, () =>
      signInError(`did not finish within ${formatDuration(timeoutMs)}; nothing was saved. Try again`, loginOrigin),
    );
    const token = await finish(callback, {
      state,
      loginOrigin,
      clientId: options.clientId,
      verifier: pair.verifier,
      redirectUri: listener.redirectUri,
      deps,
    });
    return { refreshToken: token.refreshToken!, accessToken: token.accessToken, instanceUrl: token.instanceUrl };
  } finally {
    await listener.close();
  }
}

/** Checks the browser's answer, exchanges the code, and tells the browser how it went. */
async function finish(
  callback: LoopbackCallback,
  ctx: { state: string; loginOrigin: string; clientId: string; verifier: string; redirectUri: string; deps: HttpDeps },
): Promise<Token> {
  const { params } = callback;
  if (params.get('state') !== ctx.state) {
    // Not the answer to this sign-in (a stale tab, or a forged request): never use its code.
    await callback.respond(400, page('Sign-in failed', 'This answer does not belong to the sign-in the app started. Close this window and sign in again from the app.'));
    throw signInError('answered with a state that does not match this sign-in (possible stale or forged request)', ctx.loginOrigin);
  }
  const error = params.get('error');
  if (error) {
    const cancelled = error === 'access_denied';
    await callback.respond(
      400,
      page(cancelled ? 'Sign-in cancelled' : 'Sign-in failed', cancelled ? 'Access was not allowed. You can close this window.' : `Salesforce said: ${error}. You can close this window.`),
    );
    const description = params.get('error_description');
    throw signInError(
      cancelled ? 'was cancelled: access was not allowed (access_denied)' : `failed (${error}${description ? `: ${description}` : ''})`,
      ctx.loginOrigin,
    );
  }
  const code = params.get('code');
  if (!code) {
    await callback.respond(400, page('Sign-in failed', 'Salesforce did not send an authorization code. Close this window and try again.'));
    throw signInError('answered without an authorization code', ctx.loginOrigin);
  }
  let token: Token;
  try {
    token = await requestToken(
      ctx.loginOrigin,
      { kind: 'authorization_code', clientId: ctx.clientId, code, codeVerifier: ctx.verifier, redirectUri: ctx.redirectUri },
      ctx.deps,
    );
  } catch (e) {
    await callback.respond(502, page('Sign-in failed', 'The app could not finish the sign-in with Salesforce. Return to the app for details.'));
    throw e;
  }
  if (!token.refreshToken) {
    await callback.respond(502, page('Sign-in failed', 'Salesforce did not hand out a refresh token. Return to the app for details.'));
    throw signInError('gave no refresh token; the connected app must allow the "refresh_token" (offline access) scope', ctx.loginOrigin);
  }
  await callback.respond(200, page('Signed in to Salesforce', 'You can close this window and return to Plecto Directory Sync.'));
  return token;
}

function signInError(what: string, loginOrigin: string): SourceReadError {
  return new SourceReadError(`Salesforce sign-in at ${loginOrigin} ${what}.`, SALESFORCE, 'auth');
}

function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function formatDuration(ms: number): string {
  return ms >= 60_000 && ms % 60_000 === 0 ? `${ms / 60_000} minute${ms === 60_000 ? '' : 's'}` : `${Math.round(ms / 1000)} s`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, message: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body style="font-family:sans-serif;margin:3em"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></body></html>`;
}
