// What an admin must set up in Salesforce before "Sign in with Salesforce"
// works (contracts/salesforce-api.md): an External Client App whose callback
// URL is exactly http://localhost:PORT/callback (copy button), the scopes and
// PKCE; and a warning that the client-credentials flow works only on the
// org's My Domain host, said before anyone tries it elsewhere.
import { useState } from 'react';

/** main/connectors/salesforce/loopback.ts DEFAULT_CALLBACK_PORT (the renderer takes only types from main; a test keeps them equal). */
const CALLBACK_PORT = 7890;

const SHARED_HOSTS = ['login.salesforce.com', 'test.salesforce.com'];

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return '';
  }
}

export function SalesforceSetupHelp({ loginUrl, port = CALLBACK_PORT }: { loginUrl: string; port?: number }) {
  const uri = `http://localhost:${port}/callback`;
  const [copied, setCopied] = useState(false);
  const shared = SHARED_HOSTS.includes(hostOf(loginUrl));

  async function copy() {
    try {
      await navigator.clipboard.writeText(uri);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      setCopied(false);
    }
  }

  return (
    <details className="field">
      <summary>Set up Salesforce for this app (External Client App)</summary>
      <p className="small">Callback URL to register — exactly this, character for character:</p>
      <p>
        <code>{uri}</code>{' '}
        <button type="button" className="btn" onClick={() => void copy()} aria-label="Copy the callback URL">
          {copied ? 'Copied' : 'Copy'}
        </button>
      </p>
      <ol className="small">
        <li>In Salesforce Setup, open External Client App Manager and choose New External Client App.</li>
        <li>Enable OAuth; paste the callback URL above; add the scopes “Manage user data via APIs (api)” and “Perform requests at any time (refresh_token, offline_access)”.</li>
        <li>Require Proof Key for Code Exchange (PKCE); no client secret is needed for the desktop sign-in.</li>
        <li>Save, copy the consumer key into “Client id” here, then choose “Sign in with Salesforce”.</li>
      </ol>
      <p className="small muted">
        The app listens on port {port} only while you sign in; if another program uses that port, the sign-in says so.
      </p>
      {shared && (
        <p className="small text-bad">
          For the client-credentials flow (client secret, on servers) use your org’s My Domain URL (https://YOUR-DOMAIN.my.salesforce.com) as the login
          host: {hostOf(loginUrl)} refuses it.
        </p>
      )}
    </details>
  );
}
