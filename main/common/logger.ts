// A tiny structured logger. Secrets never reach it: callers log ids and
// counts, and `redact` scrubs anything that looks like a credential in URLs.
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

/** Writes one line per entry to a stream (stderr for the CLI, a file for the app). */
export function streamLogger(write: (line: string) => void): Logger {
  const log = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    write(`${new Date().toISOString()} ${level} ${message}${fields ? ' ' + JSON.stringify(fields) : ''}\n`);
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
