// Turns Salesforce answers and failures into SourceReadErrors people can act
// on: what failed, where (host), and what to do — never a secret.
import { scrubCredentials } from '../../common/logger';
import { isLoopbackHost } from '../../config/urls';
import { SourceReadError } from '../../domain/model';
import { NetworkError } from '../../http/http';
import { SALESFORCE, type ApiErrorWire, type OAuthErrorWire } from './wire';

/** Replaces every known secret value in `text` (servers may echo what they were sent). */
export function scrub(text: string, secrets: readonly (string | undefined | null)[]): string {
  return scrubCredentials(text, secrets);
}

export function isApiErrorArray(body: unknown): body is ApiErrorWire[] {
  return (
    Array.isArray(body) &&
    body.length > 0 &&
    body.every((e) => typeof e === 'object' && e !== null && typeof (e as ApiErrorWire).errorCode === 'string')
  );
}

export function isOAuthError(body: unknown): body is OAuthErrorWire {
  return typeof body === 'object' && body !== null && typeof (body as OAuthErrorWire).error === 'string';
}

export function hasErrorCode(body: unknown, code: string): boolean {
  return isApiErrorArray(body) && body.some((e) => e.errorCode === code);
}

/** "CODE: message; CODE2: message" — the part of an error array a person needs. */
export function describeApiErrors(errors: ApiErrorWire[]): string {
  return errors.map((e) => `${e.errorCode}: ${e.message ?? ''}`.trim()).join('; ');
}

/** A non-2xx REST API answer (after retries) → SourceReadError. */
export function apiError(status: number, body: unknown, origin: string, secrets: readonly string[] = []): SourceReadError {
  if (isApiErrorArray(body)) {
    const detail = scrub(describeApiErrors(body), secrets);
    if (hasErrorCode(body, 'REQUEST_LIMIT_EXCEEDED')) {
      // The org's daily allowance is spent: retrying only burns more of tomorrow's.
      return new SourceReadError(
        `Salesforce's daily API limit is used up for ${origin} (${detail}); nothing was changed. Try again tomorrow.`,
        SALESFORCE,
        'limit',
      );
    }
    if (status === 401) {
      return new SourceReadError(
        `Salesforce at ${origin} did not accept the session (${detail}); sign in to Salesforce again.`,
        SALESFORCE,
        'auth',
      );
    }
    if (status === 403) {
      return new SourceReadError(
        `Salesforce at ${origin} refused access (${detail}); check the integration user's permissions (it needs API access and "View Roles and Role Hierarchy").`,
        SALESFORCE,
        'permission',
      );
    }
    return new SourceReadError(`Salesforce at ${origin} answered ${status} (${detail}).`, SALESFORCE, 'bad_answer');
  }
  const kind = status === 401 ? 'auth' : status === 403 ? 'permission' : 'bad_answer';
  return new SourceReadError(`Salesforce at ${origin} answered ${status} with no error details.`, SALESFORCE, kind);
}

const INVALID_GRANT_HINT: Record<string, string> = {
  refresh_token: 'Sign in to Salesforce again (the refresh token may be revoked or expired), and check the login URL.',
  client_credentials: 'Check that the connected app has a "Run As" user for the client-credentials flow and that the login URL is the org\'s My Domain.',
  authorization_code: 'Start the sign-in again.',
};

/** An OAuth token endpoint refusal → SourceReadError naming the login host. */
export function oauthError(
  status: number,
  body: unknown,
  loginOrigin: string,
  secrets: readonly string[],
  grantKind = 'refresh_token',
): SourceReadError {
  if (isOAuthError(body)) {
    const detail = scrub(body.error_description ? `${body.error}: ${body.error_description}` : body.error, secrets);
    const hint =
      body.error === 'invalid_grant'
        ? INVALID_GRANT_HINT[grantKind] ?? INVALID_GRANT_HINT.refresh_token
        : body.error.startsWith('invalid_client')
          ? grantKind === 'client_credentials'
            ? "Check the connected app's client id and secret, and that the client-credentials flow is enabled for it."
            : "Check the connected app's client id (and secret, if one is set)."
          : 'Check the connected app settings.';
    return new SourceReadError(`Salesforce sign-in at ${loginOrigin} was refused (${detail}). ${hint}`, SALESFORCE, 'auth');
  }
  const kind = status >= 500 ? 'bad_answer' : 'auth';
  return new SourceReadError(`Salesforce sign-in at ${loginOrigin} answered ${status} with no error details.`, SALESFORCE, kind);
}

/** Anything `send` threw → SourceReadError (network failures keep their host). */
export function transportError(error: unknown, origin: string, secrets: readonly string[] = []): SourceReadError {
  if (error instanceof SourceReadError) return error;
  if (error instanceof NetworkError) return new SourceReadError(scrub(error.message, secrets), SALESFORCE, 'network');
  const detail = scrub((error as Error)?.message ?? String(error), secrets);
  return new SourceReadError(`Salesforce at ${origin} could not be read: ${detail}`, SALESFORCE, 'bad_answer');
}


/**
 * The origin of a Salesforce URL we are about to send credentials to. Plain
 * http is refused except on loopback (fakes and tests): a token must not
 * cross the network in clear text.
 */
export function secureOrigin(url: string, what: string, kind: 'auth' | 'bad_answer' = 'auth'): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new SourceReadError(`The Salesforce ${what} "${url}" is not a URL.`, SALESFORCE, kind);
  }
  const ok = parsed.protocol === 'https:' || (parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname));
  if (!ok) {
    throw new SourceReadError(`The Salesforce ${what} ${parsed.origin} must use https.`, SALESFORCE, kind);
  }
  return parsed.origin;
}
