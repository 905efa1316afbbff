// Where the app may send credentials: https only, except loopback hosts (the
// fakes tests and demos run on 127.0.0.1). One rule for profiles, the desktop's
// settings, Enreach's discovered API address and Salesforce's sign-in.

/** 127.0.0.0/8, [::1] and localhost: traffic that never leaves the machine. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

export const MAX_URL_LENGTH = 2000;

/** Why `url` may not carry credentials, or null when it may. Never echoes user info from the URL. */
export function insecureUrlProblem(url: string): string | null {
  if (url.length > MAX_URL_LENGTH) return `is longer than ${MAX_URL_LENGTH} characters`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not a URL';
  }
  if (parsed.username || parsed.password) return 'must not contain a user name or password (secrets are references, never part of a URL)';
  const secretParam = [...parsed.searchParams.keys()].find((key) => /token|secret|password|passwd|api[_-]?key|signature/i.test(key));
  if (secretParam) return `must not carry a secret in its query ("${secretParam}"); secrets are references, never part of a URL`;
  if (parsed.protocol === 'https:') return null;
  if (parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname)) return null;
  if (parsed.protocol === 'http:') return `must use https:// (plain http is allowed only for 127.0.0.1, [::1] and localhost), not ${parsed.origin}`;
  return `must be an https:// URL, not a ${parsed.protocol.replace(/:$/, '')}: address`;
}

/** "https://app.plecto.com" (lowercase host, default port dropped), or null for a non-URL. */
export function originOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.origin === 'null' ? null : parsed.origin.toLowerCase();
  } catch {
    return null;
  }
}
