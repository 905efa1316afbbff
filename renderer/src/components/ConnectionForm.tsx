// Add or edit a source connection. Secrets are typed here, sent once with
// saveConnection, and cleared from memory; afterwards the form only knows
// which of them are saved.
import { useId, useState, type FormEvent } from 'react';
import type { ConnectionInput, ConnectionView, ConnectorType, TestResult } from '../../../preload/contract';
import { api, errorText } from '../api';
import { TYPE_LABEL } from '../format';
import { useApp } from '../store/app-store';
import { Field } from './Field';
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

function freeId(type: ConnectorType, taken: string[]): string {
  if (!taken.includes(type)) return type;
  for (let n = 2; ; n++) if (!taken.includes(`${type}-${n}`)) return `${type}-${n}`;
}

export function ConnectionForm({ existing, takenIds, onDone }: Props) {
  const refresh = useApp((s) => s.refresh);
  const formId = useId();
  const [type, setType] = useState<ConnectorType>(existing?.type ?? 'intercom');
  const [id, setId] = useState(existing?.id ?? freeId('intercom', takenIds));
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

  async function save(then: 'close' | 'test' | 'salesforce') {
    setBusy(true);
    setResult(null);
    try {
      const view = await api().saveConnection(input(), secretsToSend());
      setSecrets({}); // the secret has been handed over; do not keep it around
      await refresh();
      if (then === 'test') setResult(await api().testConnection(view.id));
      else if (then === 'salesforce') setResult(await api().signInSalesforce(view.id));
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
                  setId(freeId(t, takenIds));
                  setResult(null);
                }}
              />
              {TYPE_LABEL[t]}
            </label>
          ))}
        </fieldset>
      )}
      <div className="grid-2">
        {!existing && <Field label="Connection id" value={id} onChange={setId} hint="Used in profiles and the command line, e.g. intercom." required pattern="[A-Za-z0-9_-]+" />}
        <Field label="Provider label" value={label} onChange={setLabel} placeholder={TYPE_LABEL[type]} hint="What Plecto shows as the source of these employees." />

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
        <button type="button" className="btn" disabled={busy} onClick={() => void save('test')}>
          Test connection
        </button>
        {type === 'salesforce' && (
          <button type="button" className="btn" disabled={busy || !clientId.trim()} onClick={() => void save('salesforce')}>
            Sign in with Salesforce
          </button>
        )}
        <button type="button" className="btn btn-quiet" onClick={onDone}>
          {result?.ok ? 'Done' : 'Cancel'}
        </button>
      </div>
      <TestResultLine result={result} busy={busy} />
    </form>
  );
}
