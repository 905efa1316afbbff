// "Check compatibility" for Plecto or one connection (issue 10, point 5): a
// read-only check of the account against what the app expects, item by item,
// with the report saved as a file an admin can send to support.
import { useState } from 'react';
import type { CompatibilityReportView } from '../../../preload/contract';
import { api, errorText } from '../api';
import { download } from '../download';

const MARK = { ok: '✓', differs: '✕', 'not seen': '–' } as const;
const TONE = { ok: 'text-ok', differs: 'text-bad', 'not seen': 'muted' } as const;

/** `target` is "plecto" or a connection id; `label` names it for people. */
export function CompatibilityCheck({ target, label }: { target: string; label: string }) {
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<CompatibilityReportView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const titleId = `compat-${target}`;

  async function run() {
    setBusy(true);
    setError(null);
    try {
      setReport(await api().checkCompatibility(target));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  const differs = report?.items.filter((i) => i.status === 'differs') ?? [];
  const blocking = differs.some((i) => i.guardsWrites);
  return (
    <section className="card" aria-labelledby={titleId}>
      <div className="card-head">
        <h2 id={titleId}>Compatibility · {label}</h2>
        <div className="form-actions">
          <button type="button" className="btn" disabled={busy} onClick={() => void run()}>
            {busy ? 'Checking…' : 'Check compatibility'}
          </button>
          {report && (
            <button type="button" className="btn" onClick={() => download(`compatibility-${report.system}.json`, report.file, 'application/json')}>
              Save report
            </button>
          )}
        </div>
      </div>
      <p className="muted small">
        Reads one page of everything the sync uses and compares it with what the app expects. It writes nothing, and the report holds no
        password and nobody’s name or email — only counts and field names.
      </p>
      <p role="status" aria-live="polite">
        {error ? (
          <span className="text-bad">{error}</span>
        ) : report ? (
          <span className={report.passed ? 'text-ok' : 'text-bad'}>
            {report.error
              ? `${label} could not be read: ${report.error}`
              : report.passed
                ? `Everything the sync relies on looks as expected (${report.checkedAt.replace('T', ' ').slice(0, 16)} UTC).`
                : `${differs.length} item${differs.length === 1 ? '' : 's'} differ${differs.length === 1 ? 's' : ''}${blocking ? '; previews and syncs will not write until a new check finds it fixed' : ''}. Save the report and send it to support if you need help.`}
          </span>
        ) : null}
      </p>
      {report && report.items.length > 0 && (
        <ul className="compat-items" aria-label={`Compatibility of ${label}`}>
          {report.items.map((i) => (
            <li key={i.item}>
              <span className={TONE[i.status]} aria-hidden="true">
                {MARK[i.status]}{' '}
              </span>
              <strong>{i.item}</strong> <span className={TONE[i.status]}>({i.status})</span>: <span className="small">{i.detail}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
