import { useApp } from '../store/app-store';
import { EmptyState } from './EmptyState';

/** Shown on per-connection pages before any source is connected. */
export function NeedsConnection() {
  const go = useApp((s) => s.go);
  return (
    <EmptyState title="No source connected yet">
      <p>Connect Intercom, Salesforce or Enreach first; then its settings, teams and preview appear here.</p>
      <button type="button" className="btn btn-primary" onClick={() => go('connections')}>
        Go to Connections
      </button>
    </EmptyState>
  );
}
