// Add or edit a source connection. Secrets are typed here, sent once with
// saveConnection, and cleared from memory; afterwards the form only knows
// which of them are saved. "Test connection" tests the values in the form
// without saving them; Save saves; Cancel discards (issue 11, point 1).
import { useEffect, useId, useState, type FormEvent } from 'react';
import type { ConnectionInput, ConnectionView, ConnectorType, TestResult } from '../../../preload/contract';
import { api, errorText } from '../api';
import { TYPE_LABEL } from '../format';
import { useApp } from '../store/app-store';
import { Field } from './Field';
import { SalesforceSetupHelp } from './SalesforceSetupHelp';
import { TestResultLine } from './TestResultLine';

const INTERCOM_REGIONS: { url: string; label: string }[] = [
  { url: 'https://api.intercom.io', label: 'United States (api.intercom.io)' },
  { url: 'https://api.eu.intercom.io', label: 'Europe (api.eu.intercom.io)' },
  { url: 'https://api.au.intercom.io', label: 'Australia (api.au.intercom.io)' },
];
const OTHER = 'other';

interface Props {
  existing: ConnectionView | null;
  takenIds: string[];
  onDone(): void;
}

/** The connection id from the label ("Support desk" → "support-desk"), unique among the saved ones. */
export function idFromLabel(label: string, type: ConnectorType, taken: string[]): string {
  const base =
    label
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 48) || type;
  if (!taken.includes(base)) return base;
  for (let n = 2; ; n++) if (!taken.includes(`${base}-${n}`)) return `${base}-${n}`;
}

export function ConnectionForm({ existing, takenIds, onDone }: Props) {
  const refresh = useApp((s) => s.refresh);
  const setUnsaved = useApp((s) => s.setUnsaved);
  const formId = useId();
  const [type, setType] = useState<ConnectorType>(existing?.type ?? 'intercom');
  /** Null: derived from the label; a string once the admin edits the id itself. */
  const [customId, setCustomId] = useState<string | null>(null);
  const [label, setLabel] = useState(existing?.providerLabel ?? '');
  const knownRegion = INTERCOM_REGIONS.some((r) => r.url === existing?.baseUrl);
  const [region, setRegion] = useState(existing?.baseUrl && !knownRegion ? OTHER : (existing?.baseUrl ?? INTERCOM_REGIONS[0].url));
  const [baseUrl, setBaseUrl] = useState(existing?.baseUrl ?? '');
  const [loginUrl, setLoginUrl] = useState(existing?.loginUrl ?? 'https://login.salesforce.com');
  const [clientId, setClientId] = useState(existing?.credentials.clientId ?? '');
  const [username, setUsername] = useState(existing?.credentials.username ?? '');
  const [enreachAuth, setEnreachAuth] = useState<'key' | 'password'>('key');
  const [secrets, setSecrets] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<TestResult | null>(null);
  const saved = new Set(existing?.savedSecrets ?? []);
  const id = existing?.id ?? customId ?? idFromLabel(label.trim() || TYPE_LABEL[type], type, takenIds);
  const [initial] = useState(() => JSON.stringify({ type, label, region, baseUrl, loginUrl, clientId, username }));
  const dirty = Object.values(secrets).some(Boolean) || initial !== JSON.stringify({ type, label, region, baseUrl, loginUrl, clientId, username });

  // Leaving the page with unsaved edits asks first (issue 11, point 5).
  useEffect(() => {
    setUnsaved(dirty ? `the ${existing ? existing.providerLabel : 'new source'} form` : null);
  }, [dirty]);
  useEffect(() => () => setUnsaved(null), []);

  /** A secret goes to the keychain once; the form only ever shows whether one is saved. */
  const secretField = (field: string, label: string, hint: string) => (
    <Field
      label={label}
      type="password"
      autoComplete="off"
      value={secrets[field] ?? ''}
      onChange={(value) => setSecrets((s) => ({ ...s, [field]: value }))}
      placeholder={saved.has(field) ? 'Saved in the keychain' : ''}
      hint={saved.has(field) ? 'Saved in the keychain. Leave empty to keep it.' : hint}
    />
  );

  function input(): ConnectionInput {
    const base: ConnectionInput = { id: id.trim(), type, credentials: {} };
    if (label.trim()) base.providerLabel = label.trim();
    if (type === 'intercom') base.baseUrl = region === OTHER ? baseUrl.trim() : region;
    if (type === 'salesforce') {
      base.loginUrl = loginUrl.trim();
      base.credentials = { clientId: clientId.trim() };
    }
    if (type === 'enreach') {
      base.credentials = { username: username.trim() };
      if (baseUrl.trim()) base.baseUrl = baseUrl.trim();
    }
    return base;
  }

  function secretsToSend(): Record<string, string> {
    const out: Record<string, string> = {};
    const fields = type === 'intercom' ? ['accessToken'] : type === 'salesforce' ? ['clientSecret'] : enreachAuth === 'key' ? ['secretKey'] : ['password'];
    for (const field of fields) if (secrets[field]) out[field] = secrets[field];
    return out;
  }

  /** Tests the form's values; nothing is saved, so a wrong secret never replaces a working one. */
  async function test() {
    setBusy(true);
    setResult(null);
    try {
      setResult(await api().testConnectionSettings(input(), secretsToSend()));
    } catch (error) {
      setResult({ ok: false, message: errorText(error) });
    } finally {
      setBusy(false);
    }
  }

  async function save(then: 'close' | 'salesforce') {
    setBusy(true);
    setResult(null);
    try {
      const view = await api().saveConnection(input(), secretsToSend());
      setSecrets({}); // the secret has been handed over; do not keep it around
      setUnsaved(null);
      await refresh();
      if (then === 'salesforce') setResult(await api().signInSalesforce(view.id));
      else onDone();
      if (then !== 'close') await refresh();
    } catch (error) {
      setResult({ ok: false, message: errorText(error) });
    } finally {
      setBusy(false);
    }
  }

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void save('close');
  };

  return (
    <form className="card card-edit" onSubmit={onSubmit} aria-labelledby={`${formId}-title`}>
      <h2 id={`${formId}-title`}>{existing ? `Edit ${existing.providerLabel}` : 'Add a source'}</h2>
      {!existing && (
        <fieldset className="type-choice">
          <legend>System</legend>
          {(['intercom', 'salesforce', 'enreach'] as ConnectorType[]).map((t) => (
            <label key={t} className="radio-card">
              <input
                type="radio"
                name={`${formId}-type`}
                value={t}
                checked={type === t}
                onChange={() => {
                  setType(t);
                  setResult(null);
                }}
              />
              {TYPE_LABEL[t]}
            </label>
          ))}
        </fieldset>
      )}
      <div className="grid-2">
        <Field
          label="Provider label"
          value={label}
          onChange={setLabel}
          placeholder={TYPE_LABEL[type]}
          hint={<>What Plecto shows as the source of these employees. {existing ? `Connection id: ${existing.id}.` : `Saved as “${id}” for profiles and the command line.`}</>}
        />
        {!existing && (
          <details className="field advanced">
            <summary>Change the connection id</summary>
            {/* `-` escaped: Chromium compiles pattern with the v flag, where a bare "-" in a class is an error. */}
            <Field label="Connection id" value={id} onChange={setCustomId} hint="Letters, digits, “-” and “_”; used in profiles and the command line." required pattern="[A-Za-z0-9_\-]+" />
          </details>
        )}

        {type === 'intercom' && (
          <>
            <div className="field">
              <label htmlFor={`${formId}-region`}>Intercom region</label>
              <select id={`${formId}-region`} value={region} onChange={(e) => setRegion(e.target.value)}>
                {INTERCOM_REGIONS.map((r) => (
                  <option key={r.url} value={r.url}>
                    {r.label}
                  </option>
                ))}
                <option value={OTHER}>Other URL…</option>
              </select>
            </div>
            {region === OTHER && <Field label="Intercom API URL" value={baseUrl} onChange={setBaseUrl} type="url" required />}
            {secretField('accessToken', 'Access token', 'From your Intercom app: Settings → Developer Hub → Authentication.')}
          </>
        )}

        {type === 'salesforce' && (
          <>
            <Field label="Login host" value={loginUrl} onChange={setLoginUrl} type="url" hint="login.salesforce.com, test.salesforce.com for sandboxes, or your My Domain URL." required />
            <Field label="Client id" value={clientId} onChange={setClientId} hint="The consumer key of your connected app." required />
            {secretField('clientSecret', 'Client secret (optional)', 'Only for the client-credentials flow on servers; the desktop signs in below.')}
            <SalesforceSetupHelp loginUrl={loginUrl} port={existing?.callbackPort} />
            <div className="field">
              <span className="label-like">Salesforce account</span>
              <p className="small">{saved.has('refreshToken') ? 'Signed in; the refresh token is in the keychain.' : 'Not signed in yet.'}</p>
            </div>
          </>
        )}

        {type === 'enreach' && (
          <>
            <Field label="Email or user name" value={username} onChange={setUsername} type="text" autoComplete="username" required />
            <fieldset className="field inline-choice">
              <legend>Authenticate with</legend>
              <label>
                <input type="radio" name={`${formId}-auth`} checked={enreachAuth === 'key'} onChange={() => setEnreachAuth('key')} /> Secret key
              </label>
              <label>
                <input type="radio" name={`${formId}-auth`} checked={enreachAuth === 'password'} onChange={() => setEnreachAuth('password')} /> Password (exchanged for a key)
              </label>
            </fieldset>
            {enreachAuth === 'key' ? (
              secretField('secretKey', 'Secret key', 'Stored in the OS keychain.')
            ) : (
              secretField('password', 'Password', 'Used once to get a secret key; the password itself is not stored.')
            )}
            <Field label="API URL (optional)" value={baseUrl} onChange={setBaseUrl} type="url" hint="Leave empty to discover it from the email." />
          </>
        )}
      </div>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {existing ? 'Save changes' : 'Save connection'}
        </button>
        <button type="button" className="btn" disabled={busy} onClick={() => void test()}>
          Test connection
        </button>
        {type === 'salesforce' && (
          <button type="button" className="btn" disabled={busy || !clientId.trim()} onClick={() => void save('salesforce')}>
            Save and sign in with Salesforce
          </button>
        )}
        <button
          type="button"
          className="btn btn-quiet"
          onClick={() => {
            setUnsaved(null);
            onDone();
          }}
        >
          Cancel
        </button>
      </div>
      <TestResultLine result={result} busy={busy} />
    </form>
  );
}
