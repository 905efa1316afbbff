// A tiny structured logger. Secrets never reach it: callers log ids and
// counts, `redactUrl` scrubs credentials in URLs, and `scrubCredentials`
// scrubs every line and every error message built from a server's answer.
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

/** Writes one line per entry to a stream (stderr for the CLI, a file for the app). */
export function streamLogger(write: (line: string) => void): Logger {
  // Scrubbed here too: a message built from a server's answer must not carry a credential into a log.
  const log = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    write(scrubCredentials(`${new Date().toISOString()} ${level} ${message}${fields ? ' ' + JSON.stringify(fields) : ''}`) + '\n');
  return { info: log('info'), warn: log('warn'), error: log('error') };
}

/** Removes user info and credential-like query parameters from a URL before it is shown or logged. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    for (const key of [...parsed.searchParams.keys()]) {
      if (/token|secret|password|key|code|assertion/i.test(key)) parsed.searchParams.set(key, '***');
    }
    return parsed.toString();
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//');
  }
}

/**
 * Removes credentials from text that may have come back from a server (error bodies that echo the
 * request): every known secret in plain, base64 and URL-encoded form; any `Basic`/`Bearer` header
 * value; base64 that decodes to `user:password`; and values of secret-named fields
 * (`"password": "…"`, `client_secret=…`). Applied to every error message and every log line.
 */
export function scrubCredentials(text: string, secrets: readonly (string | null | undefined)[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret || secret.length < 4) continue;
    const formEncoded = new URLSearchParams({ s: secret }).toString().slice(2);
    for (const form of new Set([secret, Buffer.from(secret, 'utf8').toString('base64'), encodeURIComponent(secret), formEncoded])) {
      out = out.split(form).join('***');
    }
  }
  // A header value (8+ credential characters), not prose such as "Access Token Invalid".
  out = out.replace(/\b(Basic|Bearer|Digest)(\s+|%20)[A-Za-z0-9._~+/=%-]{8,}/gi, '$1 ***');
  out = out.replace(SECRET_FIELD, (_m, name: string, sep: string) => `${name}${sep}***`);
  // Base64 of "someone@example.com:password" (an echoed Basic header without its scheme).
  out = out.replace(/[A-Za-z0-9+/]{12,}={0,2}/g, (run) => (looksLikeBasicPair(run) ? '***' : run));
  return out;
}

/** `"password": "…"` (JSON, quoted value) or `password=…` (forms, query strings). */
const SECRET_FIELD =
  /(\b(?:password|passwd|secret|secretkey|secret_key|client_secret|clientsecret|token|access_token|accesstoken|refresh_token|refreshtoken|authorization|api[_-]?key)["']?)(\s*:\s*["']|=)[^"'&\s,;}]+/gi;

function looksLikeBasicPair(run: string): boolean {
  if (run.length % 4 === 1) return false;
  let decoded: string;
  try {
    decoded = Buffer.from(run, 'base64').toString('utf8');
  } catch {
    return false;
  }
  return /^[\x20-\x7e]+$/.test(decoded) && /^[^:\s]+:./.test(decoded);
}
