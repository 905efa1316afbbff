// Every call to Intercom goes through here: region base URL, bearer token,
// pinned API version, the X-RateLimit-Reset wait on 429, request counting, and
// turning failures into SourceReadError messages that name Intercom and the
// host but never the token. Directory and registration readers share it.
import { scrubCredentials } from '../../common/logger';
import { SourceReadError } from '../../domain/model';
import { NetworkError, originOf, send, type HttpDeps, type RetryPolicy } from '../../http/http';
import { rateLimitHeaders } from '../../http/usage-meter';
import { MeteredApi } from '../metered-api';

export const INTERCOM_VERSION = '2.14';
export const INTERCOM_SYSTEM = 'Intercom';

export interface IntercomApiOptions {
  /** Region base URL: https://api.intercom.io, https://api.eu.intercom.io, https://api.au.intercom.io (or a test server). */
  baseUrl: string;
  accessToken: string;
  retry?: Partial<RetryPolicy>;
}

/** Intercom's 429 carries no Retry-After: wait until X-RateLimit-Reset (Unix seconds). */
export function rateLimitResetWait(response: Response, now: number): number | null {
  const reset = Number(response.headers.get('x-ratelimit-reset'));
  if (!response.headers.has('x-ratelimit-reset') || !Number.isFinite(reset)) return null;
  const wait = reset * 1000 - now;
  // A reset in the past (clock skew) says nothing useful: fall back to backoff.
  return wait > 0 ? wait : null;
}

export class IntercomApi extends MeteredApi {
  readonly baseUrl: string;
  readonly origin: string;

  constructor(
    private readonly options: IntercomApiOptions,
    deps: HttpDeps,
  ) {
    super(deps, rateLimitHeaders('x-ratelimit-remaining', 'x-ratelimit-limit'));
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.origin = originOf(this.baseUrl);
  }

  protected async call(method: 'GET' | 'POST', pathOrUrl: string, body?: unknown): Promise<unknown> {
    const url = /^https?:\/\//i.test(pathOrUrl) ? pathOrUrl : this.baseUrl + pathOrUrl;
    if (!URL.canParse(url))
      throw new SourceReadError(`Intercom base URL "${this.baseUrl}" is not a valid URL`, INTERCOM_SYSTEM, 'network');
    const what = `${method} ${new URL(url).pathname}`;
    let response;
    try {
      response = await send(this.deps, {
        system: INTERCOM_SYSTEM,
        method,
        url,
        body,
        headers: {
          Authorization: `Bearer ${this.options.accessToken}`,
          'Intercom-Version': INTERCOM_VERSION,
          Accept: 'application/json',
        },
        retry: this.options.retry,
        waitHint: rateLimitResetWait,
      });
    } catch (error) {
      if (error instanceof NetworkError) throw new SourceReadError(this.scrub(error.message), INTERCOM_SYSTEM, 'network');
      throw error;
    }
    if (response.status >= 200 && response.status < 300) return response.body;
    throw this.failure(response.status, response.body, what, response.attempts);
  }

  private failure(status: number, body: unknown, what: string, attempts: number): SourceReadError {
    // Scrubbed before the excerpt is cut too: a cut through an echoed token would leave part of it.
    const detail = this.scrub(describeErrorBody(status, typeof body === 'string' ? this.scrub(body) : body));
    const fail = (message: string, kind: SourceReadError['kind']) => new SourceReadError(message, INTERCOM_SYSTEM, kind);
    if (status === 401) return fail(`Intercom rejected the access token at ${this.origin} (${detail})`, 'auth');
    if (status === 403)
      return fail(`Intercom refused ${what} at ${this.origin} (${detail}); the token lacks a permission`, 'permission');
    if (status === 429)
      return fail(`Intercom kept rate-limiting ${what} at ${this.origin} after ${attempts} attempts (${detail})`, 'limit');
    if (status >= 500)
      return fail(`Intercom failed on ${what} at ${this.origin} after ${attempts} attempts (${detail})`, 'network');
    return fail(`Intercom answered ${what} at ${this.origin} with an error (${detail})`, 'bad_answer');
  }

  /** Belt and braces: an error body that echoes the token must not carry it into a message. */
  private scrub(text: string): string {
    return scrubCredentials(text, [this.options.accessToken]);
  }

}

/** "401 unauthorized: Access Token Invalid" from an error.list, or the status and a short text. */
function describeErrorBody(status: number, body: unknown): string {
  const errors = (body as { errors?: unknown })?.errors;
  if (Array.isArray(errors) && errors.length > 0) {
    const first = errors[0] as { code?: unknown; message?: unknown };
    const code = typeof first.code === 'string' ? ` ${first.code}` : '';
    const message = typeof first.message === 'string' ? `: ${first.message}` : '';
    return `${status}${code}${message}`;
  }
  if (typeof body === 'string' && body.trim()) return `${status}: ${body.trim().slice(0, 200)}`;
  return String(status);
}
