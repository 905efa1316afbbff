// Plecto failures as errors people can act on: what failed, where (Plecto +
// host), and Plecto's own explanation. The password never appears here: the
// only identity we name is the user's email.
import { scrubCredentials } from '../common/logger';
import { NetworkError } from '../http/http';

export type PlectoErrorKind =
  | 'auth'
  | 'permission'
  | 'not_found'
  | 'validation'
  | 'throttled'
  | 'server'
  | 'network'
  | 'bad_answer';

export class PlectoError extends Error {
  constructor(
    message: string,
    readonly kind: PlectoErrorKind,
    /** HTTP status of the final answer; null when there was none (network, client-side checks). */
    readonly status: number | null,
    /** 400 answers: Plecto's messages per field (`non_field_errors` included). */
    readonly fieldErrors: Record<string, string[]> = {},
  ) {
    super(message);
    this.name = 'PlectoError';
  }

  /** A write that is not idempotent may have been applied although its answer was lost (R12). */
  maybeApplied = false;
}

/** Where a request went, for messages: "POST /api/v2/members/ at https://app.plecto.com". */
export interface RequestContext {
  method: string;
  url: string;
  email: string;
  attempts?: number;
  /** The request's Authorization header: a server that echoes it must not put it (or the password in it) into a message. */
  authorization?: string;
}

/** The secrets inside a Basic header: the header, its base64 part and the password. */
function secretsOf(authorization: string | undefined): string[] {
  if (!authorization) return [];
  const encoded = authorization.replace(/^Basic\s+/i, '');
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  return [authorization, encoded, decoded, decoded.slice(decoded.indexOf(':') + 1)];
}

export function errorFromStatus(status: number, body: unknown, ctx: RequestContext): PlectoError {
  const { origin, pathname } = new URL(ctx.url);
  const what = `${ctx.method} ${pathname}`;
  const secrets = secretsOf(ctx.authorization);
  const scrub = (text: string) => scrubCredentials(text, secrets);
  // Scrubbed before the excerpt is cut: a cut through an echoed header would leave part of it.
  const detail = scrub(describeBody(typeof body === 'string' ? scrub(body) : body));
  const said = detail ? `${status}: ${detail}` : `${status}`;
  switch (true) {
    case status === 401:
      return new PlectoError(`Plecto rejected the credentials of ${ctx.email} at ${origin} (${said})`, 'auth', status);
    case status === 403:
      return new PlectoError(
        `Plecto user ${ctx.email} is not allowed to ${what} at ${origin} (${said}); give this user administrator rights in Plecto`,
        'permission',
        status,
      );
    case status === 404:
      return new PlectoError(`Plecto has no ${pathname} at ${origin} (${said})`, 'not_found', status);
    case status === 400:
      return new PlectoError(`Plecto refused ${what} at ${origin} (${said})`, 'validation', status, scrubFieldErrors(fieldErrorsOf(body), scrub));
    case status === 429:
      return new PlectoError(
        `Plecto kept throttling ${what} at ${origin} after ${ctx.attempts ?? 1} attempts (${said})`,
        'throttled',
        status,
      );
    case status >= 500:
      return new PlectoError(
        `Plecto failed to answer ${what} at ${origin} after ${ctx.attempts ?? 1} attempts (${said})`,
        'server',
        status,
      );
    default:
      return new PlectoError(`Plecto gave an unexpected answer to ${what} at ${origin} (${said})`, 'bad_answer', status);
  }
}

export function errorFromNetwork(error: NetworkError, maybeApplied = false): PlectoError {
  const failure = new PlectoError(scrubCredentials(error.message), 'network', null);
  failure.maybeApplied = maybeApplied;
  return failure;
}

export function badAnswer(what: string, url: string, problem: string): PlectoError {
  const { origin, pathname } = new URL(url);
  return new PlectoError(`Plecto gave an unusable answer to ${what} ${pathname} at ${origin}: ${scrubCredentials(problem)}`, 'bad_answer', null);
}

/** `{"detail": "..."}`, DRF field errors, or a short, tag-free excerpt of a text/HTML body. */
function describeBody(body: unknown): string {
  if (body === null || body === undefined) return '';
  if (typeof body === 'string') {
    const text = body.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
    return text.length > 120 ? text.slice(0, 117) + '...' : text;
  }
  if (typeof body === 'object' && !Array.isArray(body)) {
    const detail = (body as { detail?: unknown }).detail;
    if (typeof detail === 'string') return detail;
    const fields = fieldErrorsOf(body);
    const parts = Object.entries(fields).map(([field, messages]) =>
      field === 'non_field_errors' ? messages.join(' ') : `${field}: ${messages.join(' ')}`,
    );
    if (parts.length > 0) return parts.join('; ');
  }
  if (Array.isArray(body)) {
    // Bulk answers (registrations) carry one error object per item; name the failing items.
    return body
      .map((item, index) => {
        if (typeof item === 'string') return item;
        const text = describeBody(item);
        return text ? `item ${index + 1}: ${text}` : '';
      })
      .filter(Boolean)
      .join('; ');
  }
  return '';
}

function scrubFieldErrors(fields: Record<string, string[]>, scrub: (text: string) => string): Record<string, string[]> {
  return Object.fromEntries(Object.entries(fields).map(([field, messages]) => [scrub(field), messages.map(scrub)]));
}

function fieldErrorsOf(body: unknown): Record<string, string[]> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return {};
  const result: Record<string, string[]> = {};
  for (const [field, value] of Object.entries(body as Record<string, unknown>)) {
    if (field === 'detail') continue;
    const messages = (Array.isArray(value) ? value : [value]).map((m) => (typeof m === 'string' ? m : JSON.stringify(m)));
    result[field] = messages;
  }
  return result;
}
