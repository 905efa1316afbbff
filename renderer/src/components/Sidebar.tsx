// Left navigation: real buttons, the current page marked with aria-current.
// The foot says what is so (issue 11, point 2): automatic sync is "On" only
// when a connection has it on, with the next run and its time; "Last sync" is
// the last apply and its outcome (a preview is not a sync); a plan waiting for
// approval opens from here.
import type { ConnectionView } from '../../../preload/contract';
import { plural, shortWhen } from '../format';
import { useApp, type Page } from '../store/app-store';
import { usePreview } from '../store/preview-store';
import { StatusBadge } from './StatusBadge';

const PAGES: { page: Page; label: string }[] = [
  { page: 'connections', label: 'Connections' },
  { page: 'settings', label: 'Settings' },
  { page: 'teams', label: 'Teams' },
  { page: 'preview', label: 'Preview' },
  { page: 'employees', label: 'Employees' },
  { page: 'history', label: 'History' },
  { page: 'rules', label: 'Rules' },
];

/** "On for Intercom · next Jan 5, 9:00 AM" or why not. */
export function automaticSyncText(connections: ConnectionView[], paused: boolean): { state: string; next: string | null } {
  const on = connections.filter((c) => c.settings.automaticSync);
  if (on.length === 0) return { state: 'Off', next: null };
  if (paused) return { state: 'Paused', next: null };
  const who = on.length === connections.length && on.length > 1 ? 'every connection' : on.map((c) => c.providerLabel).join(', ');
  const scheduled = on.filter((c) => c.schedule.nextRunAt !== null && !c.schedule.paused).sort((a, b) => a.schedule.nextRunAt! - b.schedule.nextRunAt!);
  const first = scheduled[0];
  if (!first) return { state: `On for ${who}`, next: 'Next run: being scheduled' };
  const kind = first.appliedByHand ? '' : ' (a preview for your review)';
  return { state: `On for ${who}`, next: `Next: ${first.providerLabel}, ${shortWhen(first.schedule.nextRunAt)}${kind}` };
}

export function Sidebar() {
  const page = useApp((s) => s.page);
  const go = useApp((s) => s.go);
  const selectConnection = useApp((s) => s.selectConnection);
  const overview = useApp((s) => s.overview);
  const applying = usePreview((s) => s.applying);
  const progress = usePreview((s) => s.progress);
  const connections = overview?.connections ?? [];
  const lastSync = connections
    .map((c) => c.lastSync)
    .filter((r) => r !== null)
    .sort((a, b) => b!.startedAt - a!.startedAt)[0];
  const writingRunId = usePreview((s) => (s.applying ? s.run?.id : undefined));
  // A plan being applied right now no longer waits for approval.
  const waiting = connections.filter((c) => c.waiting !== null && c.waiting.id !== writingRunId);
  const auto = automaticSyncText(connections, overview?.automaticSyncPaused ?? false);

  function openWaiting(connection: ConnectionView) {
    selectConnection(connection.id);
    void usePreview.getState().open(connection.id, connection.waiting!.id);
    go('preview');
  }

  return (
    <nav className="sidebar" aria-label="Main">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true" />
        <span>
          <strong>Plecto</strong>
          <br />
          Directory Sync
        </span>
      </div>
      <ul>
        {PAGES.map((p) => (
          <li key={p.page}>
            <button type="button" className="nav-item" aria-current={page === p.page ? 'page' : undefined} onClick={() => go(p.page)}>
              {p.label}
            </button>
          </li>
        ))}
      </ul>
      <div className="sidebar-foot" aria-label="Status" role="group">
        {applying && (
          <>
            <p className="small muted">Applying</p>
            <p className="small">
              {progress?.changesTotal ? `${progress.changesDone ?? 0} of ${plural(progress.changesTotal, 'change')}` : 'Starting…'}
            </p>
          </>
        )}
        {waiting.map((c) => (
          <button key={c.id} type="button" className="sidebar-waiting" onClick={() => openWaiting(c)}>
            {c.waiting!.status === 'held' ? `${c.providerLabel}: held plan waits for approval` : `${c.providerLabel}: preview waits for approval`}
          </button>
        ))}
        <p className="small muted">Automatic sync</p>
        <p className="small">{auto.state}</p>
        {auto.next && <p className="small">{auto.next}</p>}
        <p className="small muted">Last sync</p>
        {lastSync ? (
          <>
            <StatusBadge status={lastSync.status} />
            <p className="small">
              {lastSync.providerLabel}, {shortWhen(lastSync.finishedAt ?? lastSync.startedAt)}
            </p>
          </>
        ) : (
          <p className="small">Never</p>
        )}
      </div>
    </nav>
  );
}
