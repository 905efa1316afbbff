// One banner per run state, each with the action that helps (issue 11,
// points 6, 7, 9): approve or discard a held plan, fix the credentials a
// failed read needs, retry the changes a partial apply could not make.
import type { RunRecord } from '../../../preload/contract';
import { plural, registrationCountsText } from '../format';
import { isCredentialProblem, isPlectoProblem, plain } from '../plain';
import { fixCredentials, useApp } from '../store/app-store';
import { Banner } from './Banner';

interface Props {
  run: RunRecord;
  canApprove: boolean;
  included: number;
  busy: boolean;
  onApprove(): void;
  onDiscard(): void;
  onRetry(): void;
}

export function RunStatusBanner({ run, canApprove, included, busy, onApprove, onDiscard, onRetry }: Props) {
  const go = useApp((s) => s.go);
  switch (run.status) {
    case 'held':
      return (
        <Banner tone="warn" title="Held by a safeguard (R10)" urgent>
          <p>{plain(run.holdReason ?? 'This plan needs your approval before it is applied.')}</p>
          <p className="small">Nothing is applied until you approve. Check the changes below, leave out what should not happen, then approve — or discard the plan.</p>
          {canApprove && (
            <div className="form-actions">
              <button type="button" className="btn btn-warn" disabled={included === 0 || busy} onClick={onApprove}>
                Approve and apply
              </button>
              <button type="button" className="btn" disabled={busy} onClick={onDiscard}>
                Discard
              </button>
            </div>
          )}
        </Banner>
      );
    case 'failed': {
      const message = plain(run.error ?? 'The run failed.');
      return (
        <Banner tone="bad" title="Nothing was applied" urgent>
          <p>{message}</p>
          {/not set up/.test(message) ? (
            <button type="button" className="btn" onClick={() => fixCredentials(null)}>
              Set up Plecto
            </button>
          ) : (
            isCredentialProblem(message) && (
              <button type="button" className="btn" onClick={() => fixCredentials(isPlectoProblem(message) ? null : run.connectionId)}>
                Fix credentials
              </button>
            )
          )}
        </Banner>
      );
    }
    case 'discarded':
    case 'retired':
      return (
        <Banner tone="info" title={run.status === 'discarded' ? 'Discarded: nothing was applied' : 'Out of date: nothing was applied'}>
          {plain(run.error ?? '')} Preview again to see what a sync would do now.
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
              <p>
                {plural(run.failed.length, 'write')} failed after retries ({run.failed.length === 1 ? 'its changes are' : 'their changes are'} marked below). Everything else was applied.
              </p>
              <ul className="plain-list">
                {run.failed.slice(0, 5).map((f, i) => (
                  <li key={i}>
                    <strong>{f.description}</strong> — {plain(f.error)}
                  </li>
                ))}
                {run.failed.length > 5 && <li>… and {run.failed.length - 5} more, marked in the list below</li>}
              </ul>
              <button type="button" className="btn btn-primary" disabled={busy} onClick={onRetry}>
                Retry failed changes
              </button>
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
        <Banner tone="info" title={busy ? 'Applying' : 'An apply was interrupted'}>
          {busy ? 'Changes are being written to Plecto.' : 'Resuming it continues where it stopped; nothing is done twice (R12).'}
        </Banner>
      );
    default:
      return null;
  }
}
