// Undo a sync (R14) in the desktop: "Undo this sync…" on an applied run in
// History opens its undo plan in the ordinary Preview; there a card says what
// it undoes, lists the conflicts (left as they are now), warns that the next
// sync redoes the run's changes if the source still says so, and offers to
// pause automatic sync for the connection.
import { useState } from 'react';
import type { RunRecord } from '../../../preload/contract';
import { api, errorText } from '../api';
import { KIND_LABEL, plural } from '../format';
import { useApp } from '../store/app-store';
import { usePreview } from '../store/preview-store';
import { subjectOf } from './change-text';

/** On an applied run: plans its undo (reads Plecto, writes nothing) and opens it in the Preview. */
export function UndoRunButton({ run }: { run: Pick<RunRecord, 'id' | 'status'> }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (run.status !== 'applied' && run.status !== 'partial') return null;

  async function start() {
    setBusy(true);
    setError(null);
    try {
      const undo = await api().previewUndo(run.id);
      const app = useApp.getState();
      app.selectConnection(undo.connectionId);
      await usePreview.getState().open(undo.connectionId, undo.id);
      await app.refresh();
      app.go('preview');
    } catch (e) {
      setError(errorText(e));
      setBusy(false);
    }
  }

  return (
    <>
      <button type="button" className="btn" disabled={busy} onClick={() => void start()}>
        {busy ? 'Reading Plecto…' : 'Undo this sync…'}
      </button>
      {error && (
        <p role="alert" className="text-bad small">
          {error}
        </p>
      )}
    </>
  );
}

/** "Undo of run #N" in a History row. */
export function UndoOfLine({ undoOf }: { undoOf: number | null | undefined }) {
  if (undoOf === null || undoOf === undefined) return null;
  return <div className="muted small">Undo of run #{undoOf}</div>;
}

/** The undo plan's card in the Preview: what it undoes, its conflicts, and the redo warning with the pause offer. */
export function UndoPlanCard({ run }: { run: RunRecord }) {
  const undoOf = run.plan?.undoOf;
  const connection = useApp((s) => s.overview?.connections.find((c) => c.id === run.connectionId) ?? null);
  const [pauseError, setPauseError] = useState<string | null>(null);
  if (undoOf === undefined || !run.plan) return null;
  const conflicts = run.plan.conflicts ?? [];
  const label = connection?.providerLabel ?? run.plan.providerLabel;

  async function pause() {
    try {
      await api().saveSettings(run.connectionId, { settings: { automaticSync: false } });
      await useApp.getState().refresh();
      useApp.getState().say(`Automatic sync paused for ${label}`);
    } catch (e) {
      setPauseError(errorText(e));
    }
  }

  return (
    <section className="card undo-card" aria-labelledby="undo-title">
      <h2 id="undo-title">Undo of run #{undoOf}</h2>
      <p>
        These changes put back what run #{undoOf} changed in Plecto (R14): whom it deactivated is reactivated, whom it created or reactivated is
        deactivated, memberships, names and parents go back, and teams it created are emptied (never deleted). Registrations are not undone.
      </p>
      <p>
        <strong>The next sync of {label} will redo these changes if {label} still says so.</strong>{' '}
        {connection?.settings.automaticSync ? (
          <button type="button" className="btn" onClick={() => void pause()}>
            Pause automatic sync for {label}
          </button>
        ) : (
          connection && <span className="muted">Automatic sync is off for {label}.</span>
        )}
      </p>
      {pauseError && (
        <p role="alert" className="text-bad small">
          {pauseError}
        </p>
      )}
      {conflicts.length > 0 && (
        <>
          <h3>
            Not undone: {plural(conflicts.length, 'item')} changed since run #{undoOf}
          </h3>
          <ul className="plain-list" aria-label="Conflicts">
            {conflicts.map((conflict, i) => (
              <li key={i}>
                <strong>
                  {KIND_LABEL[conflict.change.kind]}: {subjectOf(conflict.change)}
                </strong>{' '}
                <span className="muted">— now: {conflict.now}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
