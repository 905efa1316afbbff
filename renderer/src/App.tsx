import { useEffect, useRef } from 'react';
import { Banner } from './components/Banner';
import { ConfirmDialog } from './components/ConfirmDialog';
import { RulesPage } from './pages/RulesPage';
import { Sidebar } from './components/Sidebar';
import { ConnectionsPage } from './pages/ConnectionsPage';
import { EmployeesPage } from './pages/EmployeesPage';
import { HistoryPage } from './pages/HistoryPage';
import { PreviewPage } from './pages/PreviewPage';
import { SettingsPage } from './pages/SettingsPage';
import { TeamsPage } from './pages/TeamsPage';
import { useApp, type Page } from './store/app-store';

const PAGES: Record<Page, () => React.JSX.Element> = {
  connections: ConnectionsPage,
  settings: SettingsPage,
  teams: TeamsPage,
  preview: PreviewPage,
  employees: EmployeesPage,
  history: HistoryPage,
  rules: RulesPage,
};

export function App() {
  const page = useApp((s) => s.page);
  const overview = useApp((s) => s.overview);
  const loadError = useApp((s) => s.loadError);
  const notice = useApp((s) => s.notice);
  const unsaved = useApp((s) => s.unsaved);
  const leaving = useApp((s) => s.leaving);
  const confirmLeave = useApp((s) => s.confirmLeave);
  const stay = useApp((s) => s.stay);
  const main = useRef<HTMLElement>(null);

  // A new page moves focus to its content, so keyboard and screen-reader users land there.
  useEffect(() => {
    main.current?.focus();
  }, [page]);

  const Current = PAGES[page];
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Sidebar />
      <main id="main" ref={main} tabIndex={-1} className="main">
        {loadError && (
          <Banner tone="bad" title="The app could not load its data" urgent>
            {loadError}
          </Banner>
        )}
        {notice && (
          <Banner tone="ok" title={notice} />
        )}
        {overview ? <Current key={page} /> : !loadError && <p className="muted loading">Loading…</p>}
      </main>
      {/* Unsaved edits are never lost silently (issue 11, point 5). */}
      <ConfirmDialog
        open={leaving !== null}
        title="Leave without saving?"
        confirmLabel="Discard changes"
        cancelLabel="Keep editing"
        danger
        onConfirm={confirmLeave}
        onCancel={stay}
      >
        <p>You have not saved {unsaved ?? 'your changes'}. Leaving this page discards them.</p>
      </ConfirmDialog>
    </div>
  );
}
