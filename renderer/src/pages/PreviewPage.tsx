// The preview: every change before it touches Plecto, grouped and counted,
// filterable, each with its reason and rule; what the registrations import
// would bring (R9); a safeguard's hold with its reason and an "Approve and
// apply" path; apply with confirmation, live progress and the result.
import { useEffect, useId, useMemo, useState } from 'react';
import type { ChangeKind, RegistrationPreviewView, RunRecord } from '../../../preload/contract';
import { Banner } from '../components/Banner';
import { ChangeList } from '../components/ChangeList';
import { searchText } from '../components/change-text';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ConnectionPicker } from '../components/ConnectionPicker';
import { EmptyState } from '../components/EmptyState';
import { NeedsConnection } from '../components/NeedsConnection';
import { PageHeader } from '../components/PageHeader';
import { StatusBadge } from '../components/StatusBadge';
import { KIND_LABEL, KIND_ORDER, duration, plural, registrationCountsText, when } from '../format';
import { useApp, useCurrentConnection } from '../store/app-store';
import { usePreview } from '../store/preview-store';

export function PreviewPage() {
  const connection = useCurrentConnection();
  const refresh = useApp((s) => s.refresh);
  const preview = usePreview();
  const searchId = useId();
  const [confirming, setConfirming] = useState<null | { force: boolean }>(null);

  useEffect(() => {
    if (connection) void preview.open(connection.id);
  }, [connection?.id]);

  const run = preview.connectionId === connection?.id ? preview.run : null;
  const changes = run?.plan?.changes ?? [];
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

  const included = changes.filter((c) => !preview.excluded.has(c.id)).length;
  // Counts of what an apply *would* import; once applied, the result banner has the real ones.
  const imports = run && (run.status === 'planned' || run.status === 'held') ? preview.registrations : null;
  const importCount = imports?.toImport ?? 0;
  const applyLabel = changes.length === 0 ? `Import ${plural(importCount, 'registration')}` : `Apply ${plural(included, 'change')}`;
  const canApply = run !== null && (run.status === 'planned' || run.status === 'held' || run.status === 'applying') && !preview.applying;
  const readOnly = !canApply;

  async function planAndRefresh() {
    await preview.plan(connection!.id);
    await refresh();
  }

  async function doApply(force: boolean) {
    setConfirming(null);
    await preview.apply(force);
    await refresh();
  }

  return (
    <>
      <PageHeader
        title={`Preview · ${connection.providerLabel}`}
        subtitle={run ? `Planned ${when(run.startedAt)} · run #${run.id}` : 'See every change before it touches Plecto.'}
        actions={
          <>
            <ConnectionPicker />
            <button type="button" className="btn" disabled={preview.loading || preview.applying} onClick={() => void planAndRefresh()}>
              {preview.loading ? 'Reading…' : run ? 'Preview again' : 'Preview changes'}
            </button>
          </>
        }
      />

      {preview.error && (
        <Banner tone="bad" title="Something went wrong" urgent>
          {preview.error}
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
        <RunStatusBanner run={run} onApprove={() => setConfirming({ force: true })} canApprove={canApply} included={included + importCount} />
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
                  {preview.excluded.size > 0 && ` · ${preview.excluded.size.toLocaleString()} left out`}
                </span>
              </div>
              {shown.length === 0 ? (
                <p className="muted empty-inline">No change matches this filter.</p>
              ) : (
                <ChangeList changes={shown} excluded={preview.excluded} readOnly={readOnly} onToggle={preview.toggle} onToggleGroup={preview.setExcluded} />
              )}
            </section>
          )}

          {run.plan.skipped.length > 0 && (
            <section className="card" aria-labelledby="skipped-title">
              <h2 id="skipped-title">Skipped ({run.plan.skipped.length})</h2>
              <ul className="plain-list">
                {run.plan.skipped.map((item, i) => (
                  <li key={i}>
                    <strong>{item.employee?.name ?? item.team?.name}</strong> <span className="muted">— {item.reason}</span>
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
                <ApplyProgressView done={preview.progress?.done ?? 0} total={preview.progress?.total ?? 0} failed={preview.progress?.failed ?? 0} />
              ) : (
                <>
                  <span className="muted">
                    {run.status === 'held' ? 'Held by a safeguard: ' : ''}
                    {changes.length > 0 && `${plural(included, 'change')} will be applied`}
                    {preview.excluded.size > 0 ? `, ${preview.excluded.size.toLocaleString()} left out` : ''}
                    {importCount > 0 && `${changes.length > 0 ? ', then ' : ''}${plural(importCount, 'registration')} imported`}.
                  </span>
                  {run.status === 'held' ? (
                    <button type="button" className="btn btn-warn" disabled={included + importCount === 0} onClick={() => setConfirming({ force: true })}>
                      Approve and apply…
                    </button>
                  ) : (
                    <button type="button" className="btn btn-primary" disabled={included + importCount === 0} onClick={() => setConfirming({ force: false })}>
                      {run.status === 'applying' ? 'Resume apply' : applyLabel}
                    </button>
                  )}
                </>
              )}
            </div>
          )}
        </>
      )}

      <ConfirmDialog
        open={confirming !== null}
        title={confirming?.force ? 'Approve and apply this held plan?' : `${applyLabel} to Plecto?`}
        confirmLabel={confirming?.force ? `Approve and apply ${plural(included, 'change')}` : applyLabel}
        danger={confirming?.force}
        onConfirm={() => void doApply(confirming?.force ?? false)}
        onCancel={() => setConfirming(null)}
      >
        {changes.length > 0 && (
          <p>
            {plural(included, 'change')} will be written to Plecto now
            {run?.estimatedSeconds !== null && run?.estimatedSeconds !== undefined ? ` (${duration(run.estimatedSeconds)})` : ''}.
            {preview.excluded.size > 0 && ` ${plural(preview.excluded.size, 'change')} you left out will not.`}
          </p>
        )}
        {imports && importCount > 0 && (
          <p>
            {changes.length > 0 ? 'Then ' : ''}
            {plural(importCount, 'registration')} {changes.length > 0 ? 'are' : 'will be'} imported into the data source “{imports.dataSource}”.
          </p>
        )}
        {confirming?.force && run?.holdReason && <p className="text-warn">A safeguard held this plan: {run.holdReason}</p>}
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

function ApplyProgressView({ done, total, failed }: { done: number; total: number; failed: number }) {
  return (
    <div className="progress-wrap">
      <label htmlFor="apply-progress">
        Applying… {total > 0 ? `${done.toLocaleString()} of ${plural(total, 'write')}` : 'starting'}
        {failed > 0 && <span className="text-bad"> · {failed} failed</span>}
      </label>
      <progress id="apply-progress" max={Math.max(total, 1)} value={done} />
    </div>
  );
}

function RunStatusBanner({ run, onApprove, canApprove, included }: { run: RunRecord; onApprove(): void; canApprove: boolean; included: number }) {
  const go = useApp((s) => s.go);
  switch (run.status) {
    case 'held':
      return (
        <Banner tone="warn" title="Held by a safeguard (R10)" urgent>
          <p>{run.holdReason ?? 'This plan needs your approval before it is applied.'}</p>
          <p className="small">Check the deactivations below. Leave out what should not happen, then approve.</p>
          {canApprove && (
            <button type="button" className="btn btn-warn" disabled={included === 0} onClick={onApprove}>
              Approve and apply
            </button>
          )}
        </Banner>
      );
    case 'failed':
      return (
        <Banner tone="bad" title="Nothing was applied" urgent>
          {run.error ?? 'The run failed.'}
        </Banner>
      );
    case 'applied':
      return (
        <Banner tone="ok" title="Applied">
          <p>
            {plural((run.plan?.changes.length ?? 0) - run.excludedChangeIds.length, 'change')} applied
            {run.excludedChangeIds.length > 0 ? `, ${run.excludedChangeIds.length} left out` : ''}
            {run.registrations ? `; ${registrationCountsText(run.registrations)}` : ''}.{' '}
            <button type="button" className="link" onClick={() => go('history')}>
              See it in History
            </button>
          </p>
        </Banner>
      );
    case 'partial':
      return (
        <Banner tone="warn" title="Applied, with failures" urgent>
          {run.failed.length > 0 && (
            <>
              <p>These changes failed after retries; everything else was applied:</p>
              <ul className="plain-list">
                {run.failed.map((f, i) => (
                  <li key={i}>
                    <strong>{f.description}</strong> — {f.error}
                  </li>
                ))}
              </ul>
            </>
          )}
          {run.registrations && run.registrations.failed > 0 && (
            <p>
              The registrations import did not complete ({registrationCountsText(run.registrations)}). The next sync continues where it stopped;
              nothing is imported twice.
            </p>
          )}
        </Banner>
      );
    case 'applying':
      return (
        <Banner tone="info" title="An apply is in progress or was interrupted">
          Resuming it continues where it stopped; nothing is done twice (R12).
        </Banner>
      );
    default:
      return null;
  }
}
