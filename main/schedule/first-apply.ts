// Nothing is applied automatically to a connection before an admin has
// applied one of its previews by hand (issue 11, point 12): until then a
// scheduled run and the tray's "Sync now" only make a preview and ask for a
// review. The mark lives in the mirror's settings table, per connection.
import type { RunRecord } from '../domain/run';

interface SettingsStore {
  getSetting(key: string): unknown;
  setSetting(key: string, value: string | null): void;
}

const key = (connectionId: string) => `appliedByHand.${connectionId}`;

export function hasBeenAppliedByHand(store: SettingsStore, connectionId: string): boolean {
  const value = store.getSetting(key(connectionId));
  return value === 'true' || value === true;
}

/** After an admin's own apply wrote (or tried to write) the plan: from now on automatic runs may apply. */
export function markAppliedByHand(store: SettingsStore, connectionId: string, run: Pick<RunRecord, 'status'>): void {
  if (run.status === 'applied' || run.status === 'partial') store.setSetting(key(connectionId), 'true');
}

/** A removed connection that is added again starts over. */
export function forgetAppliedByHand(store: SettingsStore, connectionId: string): void {
  store.setSetting(key(connectionId), null);
}

/** What the admin is told when an automatic run made the first preview instead of applying it. */
export function firstSyncNotification(label: string, run: Pick<RunRecord, 'status' | 'error' | 'summary'>): { title: string; body: string } | null {
  if (run.status !== 'planned' && run.status !== 'held') return null;
  const changes = Object.values(run.summary ?? {}).reduce((sum, n) => sum + n, 0);
  return {
    title: `Review the first sync of ${label}`,
    body:
      `${changes} change${changes === 1 ? '' : 's'} waiting in the preview. Nothing is applied automatically ` +
      `until you apply one preview of ${label} by hand.`,
  };
}
