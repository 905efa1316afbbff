// Which links the app may open in the system browser. The renderer never
// navigates away from the app; a link outside this list is simply not opened,
// so a compromised or confused renderer cannot send the admin anywhere.

/** Hosts (and their subdomains) the app links to: the systems it syncs and their help pages. */
export const ALLOWED_EXTERNAL_HOSTS: readonly string[] = [
  'plecto.com', // app, help.plecto.com, docs.plecto.com
  'salesforce.com', // help.salesforce.com, login pages
  'intercom.com', // developers.intercom.com, app.intercom.com
  'enreachvoice.com', // doc.enreachvoice.com
];

/** True for https URLs (default port, no user info) on an allowed host or one of its subdomains. */
export function isAllowedExternalUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:') return false;
  // user:pass@host hides the real destination from a reader; a custom port is never a help page.
  if (parsed.username || parsed.password || parsed.port) return false;
  const host = parsed.hostname.toLowerCase().replace(/\.$/, '');
  return ALLOWED_EXTERNAL_HOSTS.some((allowed) => host === allowed || host.endsWith(`.${allowed}`));
}
