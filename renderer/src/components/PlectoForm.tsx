// Plecto's own connection: the API URL, the sync user's email and password.
// The password is sent once and never shown again; "saved" is all we know.
// "Test" tests the form's values without saving them (issue 11, point 1).
import { useEffect, useState, type FormEvent } from 'react';
import type { PlectoSettingsView, TestResult } from '../../../preload/contract';
import { api, errorText } from '../api';
import { useApp } from '../store/app-store';
import { Field } from './Field';
import { TestResultLine } from './TestResultLine';

const DEFAULT_URL = 'https://app.plecto.com/api/v2/';

export function PlectoForm({ saved }: { saved: PlectoSettingsView | null }) {
  const refresh = useApp((s) => s.refresh);
  const setUnsaved = useApp((s) => s.setUnsaved);
  const [baseUrl, setBaseUrl] = useState(saved?.baseUrl ?? DEFAULT_URL);
  const [email, setEmail] = useState(saved?.email ?? '');
  const [password, setPassword] = useState('');
  const [rate, setRate] = useState(String(saved?.requestsPerHour ?? 3600));
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<TestResult | null>(null);

  useEffect(() => {
    if (saved) {
      setBaseUrl(saved.baseUrl);
      setEmail(saved.email);
      setRate(String(saved.requestsPerHour));
    }
  }, [saved?.baseUrl, saved?.email, saved?.requestsPerHour]);

  const dirty =
    password !== '' ||
    baseUrl !== (saved?.baseUrl ?? DEFAULT_URL) ||
    email !== (saved?.email ?? '') ||
    rate !== String(saved?.requestsPerHour ?? 3600);
  useEffect(() => {
    setUnsaved(dirty ? 'the Plecto settings' : null);
  }, [dirty]);
  useEffect(() => () => setUnsaved(null), []);

  const values = () => ({
    baseUrl: baseUrl.trim(),
    email: email.trim(),
    requestsPerHour: Number(rate) || 3600,
    ...(password ? { password } : {}),
  });

  async function test() {
    setBusy(true);
    setResult(null);
    try {
      setResult(await api().testPlectoSettings(values()));
    } catch (error) {
      setResult({ ok: false, message: errorText(error) });
    } finally {
      setBusy(false);
    }
  }

  async function save() {
    setBusy(true);
    setResult(null);
    try {
      await api().savePlectoSettings(values());
      setPassword('');
      setUnsaved(null);
      await refresh();
      setResult({ ok: true, message: 'Plecto settings saved.' });
    } catch (error) {
      setResult({ ok: false, message: errorText(error) });
    } finally {
      setBusy(false);
    }
  }

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void save();
  };

  return (
    <form className="card" onSubmit={onSubmit} aria-labelledby="plecto-title">
      <div className="card-head">
        <h2 id="plecto-title">Plecto</h2>
        <span className={saved?.hasPassword ? 'pill pill-ok' : 'pill'}>{saved?.hasPassword ? `Saved: ${saved.email}` : 'Not set up'}</span>
      </div>
      <p className="muted small">Where teams and employees are written. Use a Plecto user that may manage employees.</p>
      <div className="grid-2">
        <Field label="Plecto API URL" value={baseUrl} onChange={setBaseUrl} type="url" required />
        <Field label="Email" value={email} onChange={setEmail} type="email" autoComplete="username" required />
        <Field
          label="Password"
          value={password}
          onChange={setPassword}
          type="password"
          autoComplete="new-password"
          placeholder={saved?.hasPassword ? 'Saved in the keychain' : ''}
          hint={saved?.hasPassword ? 'Leave empty to keep the saved password.' : 'Stored in the OS keychain, never shown again.'}
        />
        <Field label="Requests per hour" value={rate} onChange={setRate} type="number" min={1} hint="Plecto's API allowance; writes are paced to stay under it." />
      </div>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          Save Plecto settings
        </button>
        <button type="button" className="btn" disabled={busy} onClick={() => void test()}>
          Test Plecto connection
        </button>
      </div>
      <TestResultLine result={result} busy={busy} />
    </form>
  );
}
