// History: every run with status and counts (changes, and registrations
// imported / skipped by scope / failed); one run's change log (the journal of
// Plecto writes) and its CSV export. Previews, applied syncs, held, discarded,
// out-of-date and failed runs read differently; a waiting plan opens in the
// Preview; a write in progress shows as in progress (issue 11, points 3, 6).
import { useEffect, useState } from 'react';
import type { RegistrationCounts, RunDetail, RunSummary } from '../../../preload/contract';
import { api, errorText } from '../api';
import { Banner } from '../components/Banner';
import { EmptyState } from '../components/EmptyState';
import { PageHeader } from '../components/PageHeader';
import { StatusBadge } from '../components/StatusBadge';
import { UndoOfLine, UndoRunButton } from '../components/Undo';
import { download } from '../download';
import { KIND_LABEL, KIND_ORDER, plural, shortWhen, when } from '../format';
import { plain } from '../plain';
import { skippedText } from '../components/change-text';
import { useApp } from '../store/app-store';
import { usePreview } from '../store/preview-store';

const TRIGGER_LABEL = { manual: 'By hand', schedule: 'Scheduled', cli: 'Command line' } as const;
const STATE_LABEL = { done: 'Done', failed: 'Failed', sending: 'Interrupted' } as const;

/** What a run was, in words: a preview is not a sync. */
function kindOf(run: { status: RunSummary['status']; inProgress?: boolean }): string {
  switch (run.status) {
    case 'planned':
    case 'held':
    case 'discarded':
    case 'retired':
      return 'Preview';
    case 'applying':
      return run.inProgress ? 'Sync, writing now' : 'Sync, interrupted';
    case 'applied':
    case 'partial':
      return 'Sync';
    default:
      return 'Run';
  }
}

export function HistoryPage() {
  const [runs, setRuns] = useState<RunSummary[] | null>(null);
  const [detail, setDetail] = useState<RunDetail | null>(null);
  const [error, setError] = useState<string | null>(null);

  // The overview is refreshed after every finished run: the list follows, keeping the open run.
  const overview = useApp((s) => s.overview);
  useEffect(() => {
    api()
      .listRuns({ limit: 200 })
      .then((list) => {
        setRuns(list);
        setDetail((current) => {
          const id = current && list.some((r) => r.id === current.run.id) ? current.run.id : list[0]?.id;
          if (id !== undefined) void open(id);
          return current;
        });
      })
      .catch((e) => setError(errorText(e)));
  }, [overview]);

  async function open(id: number) {
    try {
      setDetail(await api().getRun(id));
    } catch (e) {
      setError(errorText(e));
    }
  }

  async function exportCsv(id: number) {
    try {
      download(`plecto-directory-sync-run-${id}.csv`, await api().exportRunCsv(id), 'text/csv');
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <>
      <PageHeader title="History" subtitle="Every preview and sync, newest first, with what was written to Plecto." />
      {error && (
        <Banner tone="bad" title="Could not load the history" urgent>
          {error}
        </Banner>
      )}
      {runs && runs.length === 0 && <EmptyState title="No runs yet">A preview or sync appears here as soon as it starts.</EmptyState>}
      {runs && runs.length > 0 && (
        <div className="history">
          <div className="card table-card history-list">
            <table className="table">
              <caption className="visually-hidden">Runs</caption>
              <thead>
                <tr>
                  <th scope="col">Run</th>
                  <th scope="col">Status</th>
                  <th scope="col">Changes</th>
                </tr>
              </thead>
              <tbody>
                {runs.map((run) => (
                  <tr key={run.id} className={detail?.run.id === run.id ? 'is-selected' : ''}>
                    <td>
                      <button type="button" className="link run-link" aria-current={detail?.run.id === run.id ? 'true' : undefined} onClick={() => void open(run.id)}>
                        #{run.id} · {run.providerLabel}
                      </button>
                      <div className="muted small">
                        {shortWhen(run.startedAt)} · {TRIGGER_LABEL[run.trigger]} · {kindOf(run)}
                      </div>
                      <UndoOfLine undoOf={run.undoOf} />
                    </td>
                    <td>
                      <StatusBadge status={run.status} />
                    </td>
                    <td className="small">
                      {plural(run.changeCount, 'change')}
                      {run.failed.length > 0 && <div className="text-bad">{run.failed.length} failed</div>}
                      {run.excludedChangeIds.length > 0 && <div className="muted">{run.excludedChangeIds.length} left out</div>}
                      {run.registrations && <RegistrationLines counts={run.registrations} />}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {detail && <RunDetailView detail={detail} onExport={() => void exportCsv(detail.run.id)} />}
        </div>
      )}
    </>
  );
}

/** A run's registrations in the list: imported, and the skipped and failed counts when there are any. */
function RegistrationLines({ counts }: { counts: RegistrationCounts }) {
  return (
    <div className="registration-lines">
      <div>{counts.imported.toLocaleString()} imported</div>
      {counts.skippedOutOfScope > 0 && <div className="muted">{counts.skippedOutOfScope.toLocaleString()} skipped (R9)</div>}
      {counts.failed > 0 && <div className="text-bad">{counts.failed.toLocaleString()} failed</div>}
    </div>
  );
}

function RunDetailView({ detail, onExport }: { detail: RunDetail; onExport(): void }) {
  const { run, journal } = detail;
  const go = useApp((s) => s.go);
  const selectConnection = useApp((s) => s.selectConnection);
  const waiting = run.status === 'planned' || run.status === 'held';
  const writingNow = run.status === 'applying' && run.inProgress === true;
  const openInPreview = () => {
    selectConnection(run.connectionId);
    void usePreview.getState().open(run.connectionId, run.id);
    go('preview');
  };
  const summary = KIND_ORDER.filter((k) => (run.summary?.[k] ?? 0) > 0);
  return (
    <section className="card run-detail" aria-labelledby="run-title">
      <div className="card-head">
        <h2 id="run-title">
          Run #{run.id} · {run.providerLabel}
        </h2>
        {waiting && (
          <button type="button" className="btn btn-primary" onClick={openInPreview}>
            {run.status === 'held' ? 'Review held plan' : 'Open in Preview'}
          </button>
        )}
        <div className="page-actions">
          <button type="button" className="btn" onClick={onExport}>
            Export CSV
          </button>
          <UndoRunButton run={run} />
        </div>
      </div>
      <UndoOfLine undoOf={run.plan?.undoOf} />
      <dl className="facts">
        <div>
          <dt>Status</dt>
          <dd>
            <StatusBadge status={run.status} />
          </dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd>{when(run.startedAt)}</dd>
        </div>
        <div>
          <dt>Finished</dt>
          <dd>{writingNow ? 'In progress' : run.status === 'applying' ? 'Interrupted; resume it from the Preview' : when(run.finishedAt)}</dd>
        </div>
        <div>
          <dt>Requests</dt>
          <dd>{Object.entries(run.apiUsage).map(([k, v]) => `${k}: ${v}`).join(' · ') || '—'}</dd>
        </div>
        {run.registrations && (
          <div>
            <dt>Registrations</dt>
            <dd className={run.registrations.failed > 0 ? 'text-bad' : undefined}>
              {run.registrations.imported.toLocaleString()} imported · {run.registrations.skippedOutOfScope.toLocaleString()} skipped by scope (R9) ·{' '}
              {run.registrations.failed.toLocaleString()} failed
            </dd>
          </div>
        )}
      </dl>
      {run.holdReason && <Banner tone="warn" title="Held by a safeguard (R10)">{plain(run.holdReason)}</Banner>}
      {run.error && (run.status === 'discarded' || run.status === 'retired') && (
        <Banner tone="info" title={run.status === 'discarded' ? 'Discarded: nothing was applied' : 'Out of date: nothing was applied'}>
          {plain(run.error)}
        </Banner>
      )}
      {run.error && run.status === 'failed' && <Banner tone="bad" title="Failed: nothing was applied">{plain(run.error)}</Banner>}
      {summary.length > 0 && (
        <ul className="summary-chips" aria-label="Changes by kind">
          {summary.map((k) => (
            <li key={k} className="chip static">
              {KIND_LABEL[k]} <span className="count">{run.summary![k]}</span>
            </li>
          ))}
        </ul>
      )}
      {(run.plan?.skipped.length ?? 0) > 0 && (
        <details className="skipped">
          <summary>{plural(run.plan!.skipped.length, 'item')} skipped</summary>
          <ul className="plain-list">
            {run.plan!.skipped.map((item, i) => (
              <li key={i}>
                <strong>{item.employee?.name ?? item.team?.name}</strong> <span className="muted">— {skippedText(item)}</span>
              </li>
            ))}
          </ul>
        </details>
      )}
      <h3>Change log</h3>
      {journal.length === 0 ? (
        <p className="muted">{run.status === 'planned' || run.status === 'held' ? 'Not applied: nothing was written to Plecto.' : 'No writes to Plecto in this run.'}</p>
      ) : (
        <table className="table compact">
          <thead>
            <tr>
              <th scope="col">Write</th>
              <th scope="col">Result</th>
              <th scope="col">Time</th>
            </tr>
          </thead>
          <tbody>
            {journal.map((entry) => (
              <tr key={entry.opKey}>
                <td>
                  {entry.description}
                  {entry.error && <div className="text-bad small">{entry.error}</div>}
                </td>
                <td>
                  <span className={`badge badge-${entry.state === 'done' ? 'ok' : entry.state === 'failed' ? 'bad' : writingNow ? 'info' : 'warn'}`}>
                    {entry.state === 'sending' && writingNow ? 'Sending now' : STATE_LABEL[entry.state]}
                  </span>
                </td>
                <td className="small muted">{entry.state === 'sending' && writingNow ? 'In progress' : when(entry.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
