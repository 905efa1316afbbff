// Who may call the API over IPC: only the app's own renderer page. A frame
// from anywhere else (a navigated-away window, an injected iframe) is refused,
// whatever it asks for.

/**
 * True when `url` belongs to the app's renderer at `rendererUrl`.
 * - app:// and http(s):// (dev server): same origin.
 * - file://: the same file (query and hash ignored); any other file is foreign.
 */
export function isAppUrl(url: string | null | undefined, rendererUrl: string): boolean {
  if (!url) return false;
  let candidate: URL;
  let app: URL;
  try {
    candidate = new URL(url);
    app = new URL(rendererUrl);
  } catch {
    return false;
  }
  if (candidate.protocol !== app.protocol) return false;
  if (app.protocol === 'file:') return candidate.pathname === app.pathname && candidate.host === app.host;
  // `origin` is "null" for non-special schemes in some runtimes; compare the parts instead.
  return candidate.host === app.host && candidate.username === '' && candidate.password === '';
}

/** The sender check of an IPC call: the calling frame must be the app's renderer. */
export function isTrustedSender(senderFrameUrl: string | null | undefined, rendererUrl: string): boolean {
  return isAppUrl(senderFrameUrl, rendererUrl);
}
