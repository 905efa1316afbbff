// One Enreach exchange through the shared retry layer, with failures turned
// into SourceReadError messages that name Enreach, the host and the account
// but never a secret key or password.
import { scrubCredentials } from '../../common/logger';
import { insecureUrlProblem } from '../../config/urls';
import { SourceReadError } from '../../domain/model';
import { NetworkError, originOf, send, type HttpDeps, type HttpRequest } from '../../http/http';

export const ENREACH_SYSTEM = 'Enreach';

export interface EnreachCall {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  retry?: HttpRequest['retry'];
  /** Who was refused on a 401, e.g. "the credentials of api@acme.com". */
  refused: string;
  /** Values that must never appear in a message (secret key, password). */
  secrets: string[];
}

/** Sends the call and returns the parsed body of a 2xx answer; throws SourceReadError otherwise. */
export async function callEnreach(deps: HttpDeps, call: EnreachCall): Promise<unknown> {
  const origin = originOf(call.url);
  const scrub = (text: string) => scrubCredentials(text, call.secrets);
  if (!URL.canParse(call.url))
    throw new SourceReadError(`Enreach address "${scrub(call.url)}" is not a valid URL`, ENREACH_SYSTEM, 'network');
  // https only (loopback excepted) — also for an API address that discovery returned.
  const insecure = insecureUrlProblem(call.url);
  if (insecure) throw new SourceReadError(`Enreach address ${origin} ${insecure}; nothing was sent to it`, ENREACH_SYSTEM, 'network');
  const what = `${call.method} ${new URL(call.url).pathname}`;
  let response;
  try {
    const { method, url, headers, body, retry } = call;
    response = await send(deps, { system: ENREACH_SYSTEM, method, url, headers, body, retry });
  } catch (error) {
    if (error instanceof NetworkError) throw new SourceReadError(scrub(error.message), ENREACH_SYSTEM, 'network');
    throw error;
  }
  const { status, body, attempts } = response;
  if (status >= 200 && status < 300) return body;
  // Scrubbed before the excerpt is cut: a cut through an echoed secret would leave part of it.
  const detail = scrub(describeErrorBody(status, typeof body === 'string' ? scrub(body) : body));
  const fail = (message: string, kind: SourceReadError['kind']) => new SourceReadError(message, ENREACH_SYSTEM, kind);
  if (status === 401) throw fail(`Enreach rejected ${call.refused} at ${origin} (${detail})`, 'auth');
  if (status === 403)
    throw fail(`Enreach refused ${what} at ${origin} (${detail}); the API user lacks a permission`, 'permission');
  if (status === 429) throw fail(`Enreach kept rate-limiting ${what} at ${origin} after ${attempts} attempts (${detail})`, 'limit');
  if (status >= 500) throw fail(`Enreach failed on ${what} at ${origin} after ${attempts} attempts (${detail})`, 'network');
  throw fail(`Enreach answered ${what} at ${origin} with an error (${detail})`, 'bad_answer');
}

export function badAnswer(what: string, origin: string, expected: string): SourceReadError {
  return new SourceReadError(`Enreach gave an unexpected answer to ${what} at ${origin}: expected ${expected}`, ENREACH_SYSTEM, 'bad_answer');
}

/** "401: Authorization has been denied for this request." from {"Message": ...}. */
function describeErrorBody(status: number, body: unknown): string {
  const record = body as { Message?: unknown; message?: unknown } | null;
  const message = record?.Message ?? record?.message;
  if (typeof message === 'string' && message.trim()) return `${status}: ${message.trim()}`;
  if (typeof body === 'string' && body.trim()) return `${status}: ${body.trim().slice(0, 200)}`;
  return String(status);
}
