// Left navigation: real buttons, the current page marked with aria-current.
import { useApp, type Page } from '../store/app-store';
import { StatusBadge } from './StatusBadge';

const PAGES: { page: Page; label: string }[] = [
  { page: 'connections', label: 'Connections' },
  { page: 'settings', label: 'Settings' },
  { page: 'teams', label: 'Teams' },
  { page: 'preview', label: 'Preview' },
  { page: 'employees', label: 'Employees' },
  { page: 'history', label: 'History' },
];

export function Sidebar() {
  const page = useApp((s) => s.page);
  const go = useApp((s) => s.go);
  const overview = useApp((s) => s.overview);
  const lastRun = overview?.connections
    .map((c) => c.lastRun)
    .filter((r) => r !== null)
    .sort((a, b) => b!.startedAt - a!.startedAt)[0];
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
      <div className="sidebar-foot">
        <p className="small muted">Automatic sync</p>
        <p className="small">{overview?.automaticSyncPaused ? 'Paused' : 'On, every 24 hours'}</p>
        {lastRun && (
          <>
            <p className="small muted">Last run</p>
            <StatusBadge status={lastRun.status} />
          </>
        )}
      </div>
    </nav>
  );
}
