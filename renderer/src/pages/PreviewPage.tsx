// The preview: every change before it touches Plecto, grouped and counted,
// filterable, each with its reason and rule; what the registrations import
// would bring (R9); a safeguard's hold with its reason and an "Approve and
// apply" path; apply with confirmation, live progress and the result. A plan
// waiting for approval is reopened after a reload and can be discarded; a
// partial apply marks its failed rows and offers "Retry failed changes"; a
// plan can be exported before it is applied (issue 11).
import { useEffect, useId, useMemo, useState } from 'react';
import type { ChangeKind, RegistrationPreviewView } from '../../../preload/contract';
import { Banner } from '../components/Banner';
import { ChangeList } from '../components/ChangeList';
import { searchText, skippedText } from '../components/change-text';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ConnectionPicker } from '../components/ConnectionPicker';
import { EmptyState } from '../components/EmptyState';
import { NeedsConnection } from '../components/NeedsConnection';
import { PageHeader } from '../components/PageHeader';
import { RunStatusBanner } from '../components/RunStatusBanner';
import { StatusBadge } from '../components/StatusBadge';
import { UndoPlanCard } from '../components/Undo';
import { download } from '../download';
import { KIND_LABEL, KIND_ORDER, duration, plural, when } from '../format';
import { isCredentialProblem, isPlectoProblem, plain } from '../plain';
import { fixCredentials, useApp, useCurrentConnection } from '../store/app-store';
import { api, errorText } from '../api';
import { usePreview } from '../store/preview-store';

export function PreviewPage() {
  const connection = useCurrentConnection();
  const refresh = useApp((s) => s.refresh);
  const preview = usePreview();
  const searchId = useId();
  const [confirming, setConfirming] = useState<null | { force: boolean } | { discard: true } | { retry: true }>(null);
  const [exportError, setExportError] = useState<string | null>(null);

  useEffect(() => {
    if (connection) void preview.open(connection.id);
  }, [connection?.id]);

  const run = preview.connectionId === connection?.id ? preview.run : null;
  const changes = run?.plan?.changes ?? [];
  const failedById = useMemo(() => {
    const out = new Map<string, string>();
    if (run?.status === 'partial') for (const f of run.failed) for (const id of f.changeIds) out.set(id, plain(f.error));
    return out;
  }, [run]);
  const counts = useMemo(() => {
    const out = new Map<ChangeKind, number>();
    for (const c of changes) out.set(c.kind, (out.get(c.kind) ?? 0) + 1);
    return out;
  }, [changes]);
  const shown = useMemo(() => {
    const needle = preview.search.trim().toLowerCase();
    return changes.filter((c) => (preview.kind === 'all' || c.kind === preview.kind) && (!needle || searchText(c).includes(needle)));
  }, [changes, preview.kind, preview.search]);

  if (!connection) {
    return (
      <>
        <PageHeader title="Preview" />
        <NeedsConnection />
      </>
    );
  }

  // R13: what the admin left out takes along what depends on it; both are left out.
  const leftOut = changes.filter((c) => preview.excluded.has(c.id) || preview.implied.has(c.id)).length;
  const included = changes.length - leftOut;
  // Counts of what an apply *would* import; once applied, the result banner has the real ones.
  const imports = run && (run.status === 'planned' || run.status === 'held') ? preview.registrations : null;
  const importCount = imports?.toImport ?? 0;
  const applyLabel = changes.length === 0 ? `Import ${plural(importCount, 'registration')}` : `Apply ${plural(included, 'change')}`;
  const canApply = run !== null && (run.status === 'planned' || run.status === 'held' || run.status === 'applying') && !preview.applying;
  const readOnly = !canApply;
  const waiting = run !== null && (run.status === 'planned' || run.status === 'held');
  const force = confirming !== null && 'force' in confirming && confirming.force;

  async function planAndRefresh() {
    await preview.plan(connection!.id);
    await refresh();
  }

  async function doApply(approve: boolean) {
    setConfirming(null);
    await preview.apply(approve);
    await refresh();
  }

  async function confirmed() {
    if (confirming && 'discard' in confirming) {
      setConfirming(null);
      await preview.discard();
      await refresh();
    } else if (confirming && 'retry' in confirming) {
      setConfirming(null);
      await preview.retryFailed();
      await refresh();
    } else await doApply(force);
  }

  async function exportPlan(format: 'csv' | 'json') {
    if (!run) return;
    setExportError(null);
    try {
      if (format === 'csv') download(`plecto-directory-sync-plan-${run.id}.csv`, await api().exportRunCsv(run.id), 'text/csv');
      else download(`plecto-directory-sync-plan-${run.id}.json`, JSON.stringify({ run: run.id, connection: run.connectionId, status: run.status, excludedChangeIds: [...preview.excluded], plan: run.plan }, null, 2), 'application/json');
    } catch (e) {
      setExportError(errorText(e));
    }
  }

  return (
    <>
      <PageHeader
        title={`Preview · ${connection.providerLabel}`}
        subtitle={run ? `Planned ${when(run.startedAt)} · run #${run.id}` : 'See every change before it touches Plecto.'}
        actions={
          <>
            <ConnectionPicker />
            {run?.plan && (
              <>
                <button type="button" className="btn" onClick={() => void exportPlan('csv')}>
                  Export CSV
                </button>
                <button type="button" className="btn" onClick={() => void exportPlan('json')}>
                  Export JSON
                </button>
              </>
            )}
            <button type="button" className="btn" disabled={preview.loading || preview.applying} onClick={() => void planAndRefresh()}>
              {preview.loading ? 'Reading…' : run ? 'Preview again' : 'Preview changes'}
            </button>
          </>
        }
      />

      {/* One banner per problem: a failed run has its own below. */}
      {(preview.error || exportError) && (
        <Banner tone="bad" title="That did not work" urgent>
          <p>{preview.error ?? exportError}</p>
          {preview.error && isCredentialProblem(preview.error) && !/not set up/.test(preview.error) && (
            <button type="button" className="btn" onClick={() => fixCredentials(isPlectoProblem(preview.error!) ? null : connection.id)}>
              Fix credentials
            </button>
          )}
          {preview.error && /Plecto is not set up/.test(preview.error) && (
            <button type="button" className="btn" onClick={() => fixCredentials(null)}>
              Set up Plecto
            </button>
          )}
        </Banner>
      )}

      {!run && !preview.loading && !preview.error && (
        <EmptyState title="No preview yet">
          <p>Read {connection.providerLabel} and Plecto and list what a sync would change. Nothing is written until you apply.</p>
          <button type="button" className="btn btn-primary" onClick={() => void planAndRefresh()}>
            Preview changes
          </button>
        </EmptyState>
      )}
      {preview.loading && (
        <p role="status" className="muted loading">
          Reading {connection.providerLabel} and Plecto…
        </p>
      )}

      {run && !preview.loading && (
        <RunStatusBanner
          run={run}
          canApprove={canApply}
          included={included + importCount}
          busy={preview.applying}
          onApprove={() => setConfirming({ force: true })}
          onDiscard={() => setConfirming({ discard: true })}
          onRetry={() => setConfirming({ retry: true })}
        />
      )}
      {run && !preview.loading && <UndoPlanCard run={run} />}
      {run?.plan && !preview.loading && waiting && preview.scope && (
        <p className="scope-note scope-on">
          Only selected teams are synced (R8): this plan leaves out {plural(preview.scope.teamsLeftOut, 'team')} and {plural(preview.scope.peopleLeftOut, 'person', 'people')} of{' '}
          {connection.providerLabel}.
        </p>
      )}

      {run?.plan && !preview.loading && (
        <>
          {imports && <RegistrationPreviewCard preview={imports} providerLabel={connection.providerLabel} />}
          {changes.length === 0 ? (
            <EmptyState title="Plecto is in step">
              <p>Nothing to change in the directory for {connection.providerLabel} (R11).</p>
            </EmptyState>
          ) : (
            <section className="card preview-card" aria-labelledby="changes-title">
              <div className="card-head">
                <h2 id="changes-title">
                  {plural(changes.length, 'change')} <StatusBadge status={run.status} />
                </h2>
                {run.estimatedWrites !== null && (
                  <span className="muted small">
                    {plural(run.estimatedWrites, 'write')} to Plecto · {duration(run.estimatedSeconds)}
                  </span>
                )}
              </div>
              <div className="chips" role="group" aria-label="Filter by kind">
                <button type="button" className="chip" aria-pressed={preview.kind === 'all'} onClick={() => preview.setKind('all')}>
                  All <span className="count">{changes.length.toLocaleString()}</span>
                </button>
                {KIND_ORDER.filter((k) => counts.has(k)).map((kind) => (
                  <button key={kind} type="button" className="chip" aria-pressed={preview.kind === kind} onClick={() => preview.setKind(kind)}>
                    {KIND_LABEL[kind]} <span className="count">{counts.get(kind)!.toLocaleString()}</span>
                  </button>
                ))}
              </div>
              <div className="toolbar">
                <label htmlFor={searchId} className="visually-hidden">
                  Search changes
                </label>
                <input id={searchId} type="search" placeholder="Search names, emails, teams, reasons" value={preview.search} onChange={(e) => preview.setSearch(e.target.value)} />
                <span className="muted small push" aria-live="polite">
                  Showing {shown.length.toLocaleString()} of {changes.length.toLocaleString()}
                  {leftOut > 0 && ` · ${leftOut.toLocaleString()} left out`}
                </span>
              </div>
              {shown.length === 0 ? (
                <p className="muted empty-inline">No change matches this filter.</p>
              ) : (
                <ChangeList
                  changes={shown}
                  excluded={preview.excluded}
                  implied={preview.implied}
                  withoutParent={preview.withoutParent}
                  failed={failedById}
                  readOnly={readOnly}
                  onToggle={preview.toggle}
                  onToggleGroup={preview.setExcluded}
                />
              )}
            </section>
          )}

          {run.plan.skipped.length > 0 && (
            <section className="card" aria-labelledby="skipped-title">
              <h2 id="skipped-title">Skipped ({run.plan.skipped.length})</h2>
              <ul className="plain-list">
                {run.plan.skipped.map((item, i) => (
                  <li key={i}>
                    <strong>{item.employee?.name ?? item.team?.name}</strong> <span className="muted">— {skippedText(item)}</span>
                  </li>
                ))}
              </ul>
            </section>
          )}
          {run.plan.notes.length > 0 && (
            <section className="card" aria-labelledby="notes-title">
              <h2 id="notes-title">Notes</h2>
              <ul className="plain-list">
                {run.plan.notes.map((note, i) => (
                  <li key={i}>{note}</li>
                ))}
              </ul>
            </section>
          )}

          {(canApply || preview.applying) && (changes.length > 0 || importCount > 0) && (
            <div className="apply-bar">
              {preview.applying ? (
                <ApplyProgressView progress={preview.progress} />
              ) : (
                <>
                  <span className="muted">
                    {run.status === 'held' ? 'Held by a safeguard: nothing is applied until you approve. ' : waiting ? 'Nothing is written until you apply. ' : ''}
                    {changes.length > 0 && `${plural(included, 'change')} ${run.status === 'held' ? 'would be' : 'will be'} applied`}
                    {leftOut > 0 ? `, ${leftOut.toLocaleString()} left out` : ''}
                    {importCount > 0 && `${changes.length > 0 ? ', then ' : ''}${plural(importCount, 'registration')} imported`}.
                  </span>
                  <span className="form-actions">
                    {waiting && (
                      <button type="button" className="btn" onClick={() => setConfirming({ discard: true })}>
                        Discard
                      </button>
                    )}
                    {run.status === 'held' ? (
                      <button type="button" className="btn btn-warn" disabled={included + importCount === 0} onClick={() => setConfirming({ force: true })}>
                        Approve and apply…
                      </button>
                    ) : (
                      <button type="button" className="btn btn-primary" disabled={included + importCount === 0} onClick={() => setConfirming({ force: false })}>
                        {run.status === 'applying' ? 'Resume apply' : applyLabel}
                      </button>
                    )}
                  </span>
                </>
              )}
            </div>
          )}
        </>
      )}

      <ConfirmDialog
        open={confirming !== null && ('discard' in confirming || 'retry' in confirming)}
        title={confirming && 'retry' in confirming ? 'Retry the failed changes?' : 'Discard this plan?'}
        confirmLabel={confirming && 'retry' in confirming ? 'Retry failed changes' : 'Discard plan'}
        danger={confirming !== null && 'discard' in confirming}
        onConfirm={() => void confirmed()}
        onCancel={() => setConfirming(null)}
      >
        {confirming && 'retry' in confirming ? (
          <p>
            {connection.providerLabel} and Plecto are read again, and only the changes that failed are applied, if they are still needed. Everything else is
            left out; a safeguard may still hold the plan (R10).
          </p>
        ) : (
          <p>Nothing of run #{run?.id} is applied. It stays in History as discarded; preview again whenever you like.</p>
        )}
      </ConfirmDialog>
      <ConfirmDialog
        open={confirming !== null && 'force' in confirming}
        title={force ? 'Approve and apply this held plan?' : `${applyLabel} to Plecto?`}
        confirmLabel={force ? `Approve and apply ${plural(included, 'change')}` : applyLabel}
        danger={force}
        onConfirm={() => void confirmed()}
        onCancel={() => setConfirming(null)}
      >
        {changes.length > 0 && (
          <p>
            {plural(included, 'change')} will be written to Plecto now
            {run?.estimatedSeconds !== null && run?.estimatedSeconds !== undefined ? ` (${duration(run.estimatedSeconds)})` : ''}.
            {leftOut > 0 && ` ${plural(leftOut, 'change')} left out will not${preview.implied.size > 0 ? ` (${preview.implied.size.toLocaleString()} of them because they depend on a change you left out, R13)` : ''}.`}
          </p>
        )}
        {imports && importCount > 0 && (
          <p>
            {changes.length > 0 ? 'Then ' : ''}
            {plural(importCount, 'registration')} {changes.length > 0 ? 'are' : 'will be'} imported into the data source “{imports.dataSource}”.
          </p>
        )}
        {force && run?.holdReason && <p className="text-warn">A safeguard held this plan: {plain(run.holdReason)}</p>}
      </ConfirmDialog>
    </>
  );
}

/** The registrations an apply would import (R9), or why they could not be counted. */
function RegistrationPreviewCard({ preview, providerLabel }: { preview: RegistrationPreviewView; providerLabel: string }) {
  return (
    <section className="card registrations-card" aria-labelledby="registrations-title">
      <h2 id="registrations-title">Registrations</h2>
      {preview.error ? (
        <p className="text-warn">
          {preview.error}. The directory changes below are not affected; the apply still tries the import.
        </p>
      ) : (
        <>
          <ul className="summary-chips" aria-label="Registrations by outcome">
            <li className="chip static">
              To import <span className="count">{(preview.toImport ?? 0).toLocaleString()}</span>
            </li>
            <li className="chip static">
              Skipped by scope (R9) <span className="count">{(preview.skippedOutOfScope ?? 0).toLocaleString()}</span>
            </li>
          </ul>
          <p>
            {preview.toImport === 0
              ? `No new ${providerLabel} records to import into “${preview.dataSource}”.`
              : `${plural(preview.toImport ?? 0, 'record')} would be imported into the data source “${preview.dataSource}” after the directory changes below.`}
            {(preview.skippedOutOfScope ?? 0) > 0 &&
              ` ${plural(preview.skippedOutOfScope ?? 0, 'record')} would be skipped: the owner is not an employee of a selected team (R9).`}
          </p>
        </>
      )}
    </section>
  );
}

/** Progress in changes, as the admin counts them, with the time left at Plecto's pace (issue 11, point 8). */
function ApplyProgressView({ progress }: { progress: { done: number; total: number; failed: number; changesDone?: number; changesTotal?: number; secondsLeft?: number | null } | null }) {
  const done = progress?.changesDone ?? 0;
  const total = progress?.changesTotal ?? 0;
  const failed = progress?.failed ?? 0;
  const left = progress?.secondsLeft;
  return (
    <div className="progress-wrap">
      <label htmlFor="apply-progress">
        Applying… {total > 0 ? `${done.toLocaleString()} of ${plural(total, 'change')}` : 'starting'}
        {total > 0 && left !== undefined && left !== null && ` · ${left < 60 ? 'under a minute' : duration(left)} left`}
        {failed > 0 && <span className="text-bad"> · {plural(failed, 'write')} failed</span>}
      </label>
      <progress id="apply-progress" max={Math.max(total, 1)} value={done} />
    </div>
  );
}
