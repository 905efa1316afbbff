// One HTTP exchange with the retry policy of R12: transient failures (429,
// 5xx, network errors, timeouts) are retried with exponential backoff that
// honours the server's wait hint; every other answer goes back to the caller,
// which turns it into an error people can act on.
import type { Clock } from '../common/clock';
import { redactUrl, type Logger } from '../common/logger';

export type FetchFn = (input: string, init?: RequestInit) => Promise<Response>;

export interface HttpDeps {
  fetch: FetchFn;
  clock: Clock;
  logger: Logger;
}

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  timeoutMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 60_000, timeoutMs: 30_000 };

export interface HttpRequest {
  /** The system's name for messages: "Plecto", "Intercom", ... */
  system: string;
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  /** Objects are sent as JSON; strings as they are. */
  body?: unknown;
  retry?: Partial<RetryPolicy>;
  /** How long the server asks us to wait before the next attempt, if it says so (ms), else null. */
  waitHint?: (response: Response, now: number) => number | null;
  /**
   * May the request be sent again after an answer was lost? Default yes: reads, PATCHes and
   * upserts keyed by an id give the same result when repeated. A request that is not idempotent (creating a team) is retried only when it surely did not
   * take effect (429, or the connection was never made); a 5xx, a timeout or a reset go back to
   * the caller, which looks for what it may have created before it tries again (R12).
   */
  idempotent?: boolean;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON when the body is JSON, the raw text otherwise, null when empty. */
  body: unknown;
  attempts: number;
}

/** The server could not be reached (DNS, refused, reset, timeout) even after retries. */
export class NetworkError extends Error {
  constructor(
    readonly system: string,
    readonly url: string,
    detail: string,
    /** True when the request may have reached the server before the failure (reset, timeout). */
    readonly maybeDelivered = false,
  ) {
    super(`Could not reach ${system} at ${originOf(url)}: ${detail}`);
    this.name = 'NetworkError';
  }
}

export function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return redactUrl(url);
  }
}

/** Standard `Retry-After` (seconds or HTTP date). */
export function retryAfterMs(response: Response, now: number): number | null {
  const value = response.headers.get('retry-after');
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

function isTransient(status: number): boolean {
  return status === 429 || status >= 500;
}

function backoff(policy: RetryPolicy, attempt: number): number {
  const exp = policy.baseDelayMs * 2 ** (attempt - 1);
  const jitter = exp * 0.2 * Math.random();
  return Math.min(policy.maxDelayMs, exp + jitter);
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return null;
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json') || /^\s*[[{]/.test(text)) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

export async function send(deps: HttpDeps, request: HttpRequest): Promise<HttpResponse> {
  const policy = { ...DEFAULT_RETRY, ...request.retry };
  const headers: Record<string, string> = { Accept: 'application/json', ...request.headers };
  let body: string | undefined;
  if (request.body !== undefined) {
    body = typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
    if (typeof request.body !== 'string' && !headers['Content-Type']) headers['Content-Type'] = 'application/json';
  }
  const where = `${request.method} ${redactUrl(request.url)}`;
  const idempotent = request.idempotent ?? true;

  for (let attempt = 1; ; attempt++) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), policy.timeoutMs);
    let response: Response;
    try {
      response = await deps.fetch(request.url, { method: request.method, headers, body, signal: controller.signal });
    } catch (error) {
      clearTimeout(timer);
      const detail = controller.signal.aborted ? `no answer within ${policy.timeoutMs / 1000} s` : describeNetworkError(error);
      const maybeDelivered = !neverConnected(error);
      if (attempt >= policy.maxAttempts || isPermanent(error) || (maybeDelivered && !idempotent)) {
        throw new NetworkError(request.system, request.url, detail, maybeDelivered);
      }
      const delay = backoff(policy, attempt);
      deps.logger.warn(`${request.system}: ${where} failed (${detail}); retrying`, { attempt, delayMs: Math.round(delay) });
      await deps.clock.sleep(delay);
      continue;
    }
    let parsed: unknown;
    try {
      parsed = await readBody(response);
    } catch (error) {
      clearTimeout(timer);
      if (attempt >= policy.maxAttempts || !idempotent) {
        throw new NetworkError(request.system, request.url, describeNetworkError(error), true);
      }
      await deps.clock.sleep(backoff(policy, attempt));
      continue;
    } finally {
      clearTimeout(timer);
    }
    // A 429 was refused before any work; a 5xx may have been applied: only idempotent requests repeat it.
    const retryable = response.status === 429 || (isTransient(response.status) && idempotent);
    if (retryable && attempt < policy.maxAttempts) {
      const hinted = (request.waitHint ?? retryAfterMs)(response, deps.clock.now());
      const delay = Math.min(policy.maxDelayMs * 10, hinted ?? backoff(policy, attempt));
      deps.logger.warn(`${request.system}: ${where} answered ${response.status}; retrying`, { attempt, delayMs: Math.round(delay) });
      await deps.clock.sleep(delay);
      continue;
    }
    return { status: response.status, headers: response.headers, body: parsed, attempts: attempt };
  }
}

/** Node's and undici's error codes in plain words: an admin reads these, not a developer. */
const NETWORK_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EPIPE: 'the connection broke while sending',
  ECONNABORTED: 'the connection was aborted',
  UND_ERR_SOCKET: 'the server closed the connection before answering',
  UND_ERR_CLOSED: 'the connection was closed',
  UND_ERR_HEADERS_TIMEOUT: 'the server did not start answering in time',
  UND_ERR_BODY_TIMEOUT: 'the server stopped sending its answer',
  UND_ERR_HEADERS_OVERFLOW: 'the server sent headers that are too large',
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: 'the answer was cut short',
  UND_ERR_REQ_CONTENT_LENGTH_MISMATCH: 'the request was cut short',
  HPE_INVALID_CONSTANT: 'the server did not answer in HTTP',
  ERR_SSL_WRONG_VERSION_NUMBER: 'TLS: the server does not speak https on this port',
  EPROTO: 'TLS: the secure connection could not be set up',
  CERT_HAS_EXPIRED: 'TLS: the server certificate has expired',
  ERR_TLS_CERT_ALTNAME_INVALID: 'TLS: the server certificate is for another host name',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'TLS: the server certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'TLS: the server certificate is signed by an untrusted authority',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS: the server certificate cannot be verified',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'TLS: the server certificate cannot be verified',
};

function networkCause(error: unknown): { code?: string; message?: string } | undefined {
  return (error as { cause?: { code?: string; message?: string } })?.cause;
}

/** "connection refused", "host not found", "TLS: the server certificate has expired", … rather than fetch's bare "fetch failed" or a raw code. */
export function describeNetworkError(error: unknown): string {
  const cause = networkCause(error);
  const code = cause?.code;
  if (code) {
    if (NETWORK_ERRORS[code]) return NETWORK_ERRORS[code];
    // An unlisted code still gets words; the code stays in brackets for whoever has to look it up.
    if (/CERT|SSL|TLS/.test(code)) return `TLS: the secure connection failed (${code})`;
    return `the connection failed (${code})`;
  }
  return cause?.message ?? (error as Error)?.message ?? String(error);
}

/** The connection was never made, so the server cannot have seen the request. */
function neverConnected(error: unknown): boolean {
  const code = networkCause(error)?.code ?? '';
  return ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT'].includes(code) || isPermanent(error);
}

/** Failures that no retry can fix: the request never left this machine. */
function isPermanent(error: unknown): boolean {
  const message = networkCause(error)?.message ?? '';
  return message === 'bad port' || (error instanceof TypeError && /Invalid URL/i.test(error.message));
}

/** Basic auth header value. */
export function basicAuth(user: string, password: string): string {
  return 'Basic ' + Buffer.from(`${user}:${password}`, 'utf8').toString('base64');
}
