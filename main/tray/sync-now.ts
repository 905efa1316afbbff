// What the tray's "Sync now" tells the admin afterwards. A connection no
// admin has applied by hand only gets a preview (issue 11, point 12), and the
// notification says to review it; a held or failed run says so too.
import type { RunSummary } from '../../preload/contract';
import { notificationFor, type Notification } from '../schedule/scheduler';
import { firstSyncNotification } from '../schedule/first-apply';

export function syncNowNotifications(runs: RunSummary[]): Notification[] {
  const out: Notification[] = [];
  for (const run of runs) {
    const label = run.providerLabel || run.connectionId;
    // A plain preview after "Sync now" is a first sync waiting for review; applies go on as before.
    const notification = run.status === 'planned' ? firstSyncNotification(label, run) : notificationFor(label, { ...run, plan: null });
    if (notification) out.push(notification);
  }
  return out;
}
