// Connections: Plecto itself, then every source with add / edit / remove,
// and profile import/export for the command line.
import { useEffect, useRef, useState } from 'react';
import type { ConnectionView } from '../../../preload/contract';
import { api, errorText } from '../api';
import { Banner } from '../components/Banner';
import { CompatibilityCheck } from '../components/CompatibilityCheck';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ConnectionForm } from '../components/ConnectionForm';
import { EmptyState } from '../components/EmptyState';
import { PageHeader } from '../components/PageHeader';
import { PlectoForm } from '../components/PlectoForm';
import { StatusBadge } from '../components/StatusBadge';
import { download } from '../download';
import { SECRET_LABEL, TYPE_LABEL, when } from '../format';
import { automaticSyncText } from '../components/Sidebar';
import { useApp } from '../store/app-store';

export function ConnectionsPage() {
  const overview = useApp((s) => s.overview);
  const refresh = useApp((s) => s.refresh);
  const say = useApp((s) => s.say);
  // The open form lives in the app store, so "Fix credentials" elsewhere opens it here.
  const editing = useApp((s) => s.editing);
  const setEditing = useApp((s) => s.edit);
  useEffect(() => () => setEditing(null), []);
  const [removing, setRemoving] = useState<ConnectionView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const connections = overview?.connections ?? [];

  async function remove(connection: ConnectionView) {
    setRemoving(null);
    try {
      await api().deleteConnection(connection.id);
      await refresh();
      say(`${connection.providerLabel} was removed, with its keychain entries.`);
    } catch (e) {
      setError(errorText(e));
    }
  }

  async function exportProfile() {
    try {
      download('plecto-directory-sync-profile.json', await api().exportProfile(), 'application/json');
    } catch (e) {
      setError(errorText(e));
    }
  }

  async function importProfile(file: File) {
    try {
      const result = await api().importProfile(await file.text());
      await refresh();
      say(`Imported ${result.connections.length} connection(s)${result.plecto ? ' and the Plecto settings' : ''}. Enter any secret that is not saved yet.`);
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <>
      <PageHeader
        title="Connections"
        subtitle="Plecto and the systems whose teams and employees it follows. Secrets stay in the OS keychain."
        actions={
          <>
            <button type="button" className="btn" onClick={() => void exportProfile()}>
              Export profile
            </button>
            <button type="button" className="btn" onClick={() => fileInput.current?.click()}>
              Import profile…
            </button>
            <input
              ref={fileInput}
              type="file"
              accept="application/json,.json"
              className="visually-hidden"
              tabIndex={-1}
              aria-hidden="true"
              onChange={(e) => {
                const file = e.target.files?.[0];
                e.target.value = '';
                if (file) void importProfile(file);
              }}
            />
          </>
        }
      />
      {error && (
        <Banner tone="bad" title="That did not work" urgent>
          {error}
        </Banner>
      )}
      <PlectoForm saved={overview?.plecto ?? null} />
      {overview?.plecto && <CompatibilityCheck target="plecto" label="Plecto" />}

      <section aria-labelledby="sources-title" className="section">
        <div className="section-head">
          <h2 id="sources-title">Sources</h2>
          {editing !== 'new' && (
            <button type="button" className="btn btn-primary" onClick={() => setEditing('new')}>
              Add a source
            </button>
          )}
        </div>
        {editing === 'new' && <ConnectionForm existing={null} takenIds={connections.map((c) => c.id)} onDone={() => setEditing(null)} />}
        {connections.length === 0 && editing !== 'new' && (
          <EmptyState title="No sources yet">Add Intercom, Salesforce or Enreach to start syncing teams and employees into Plecto.</EmptyState>
        )}
        <ul className="cards">
          {connections.map((c) =>
            editing === c.id ? (
              <li key={c.id}>
                <ConnectionForm existing={c} takenIds={connections.map((x) => x.id)} onDone={() => setEditing(null)} />
              </li>
            ) : (
              <li key={c.id} className="card connection-card">
                <div className="card-head">
                  <h3>
                    {c.providerLabel} <span className="muted small">· {TYPE_LABEL[c.type]} · {c.id}</span>
                  </h3>
                  {c.lastSync ? <StatusBadge status={c.lastSync.status} /> : <span className="pill">Never synced</span>}
                </div>
                <dl className="facts">
                  <div>
                    <dt>Address</dt>
                    <dd>{c.baseUrl ?? c.loginUrl ?? 'Discovered from the email'}</dd>
                  </div>
                  <div>
                    <dt>Secrets</dt>
                    <dd>{c.savedSecrets.length ? `${c.savedSecrets.map((f) => SECRET_LABEL[f] ?? f).join(', ')} saved` : <span className="text-bad">None saved</span>}</dd>
                  </div>
                  <div>
                    <dt>Automatic sync</dt>
                    <dd>
                      {automaticSyncText([c], overview?.automaticSyncPaused ?? false).state.replace(/ for .*$/, '')}
                      {c.settings.automaticSync && !overview?.automaticSyncPaused && c.schedule.nextRunAt && ` · next ${when(c.schedule.nextRunAt)}`}
                      {c.settings.automaticSync && !c.appliedByHand && <span className="muted small"> · a preview for your review until you apply one by hand</span>}
                    </dd>
                  </div>
                  <div>
                    <dt>Last sync</dt>
                    <dd>{c.lastSync ? when(c.lastSync.finishedAt ?? c.lastSync.startedAt) : 'Never'}</dd>
                  </div>
                </dl>
                <div className="form-actions">
                  <button type="button" className="btn" onClick={() => setEditing(c.id)} aria-label={`Edit ${c.providerLabel}`}>
                    Edit
                  </button>
                  <button type="button" className="btn btn-quiet-danger" onClick={() => setRemoving(c)} aria-label={`Remove ${c.providerLabel}`}>
                    Remove
                  </button>
                </div>
              </li>
            ),
          )}
        </ul>
      </section>
      <ConfirmDialog
        open={removing !== null}
        title={`Remove ${removing?.providerLabel ?? ''}?`}
        confirmLabel="Remove connection"
        danger
        onConfirm={() => removing && void remove(removing)}
        onCancel={() => setRemoving(null)}
      >
        <p>The connection, its saved secrets and its links are removed from this computer. Nothing changes in Plecto; its history stays.</p>
      </ConfirmDialog>
    </>
  );
}
