// OS notifications for the scheduler ("held for approval", "sync failed").
// A click opens the window, where the preview or History explains more.
import { Notification } from 'electron';
import type { Logger } from '../common/logger';
import type { Notification as AppNotification } from '../schedule/scheduler';

export function createNotifier(options: { icon?: string; onClick: () => void; logger: Logger }) {
  return (notification: AppNotification): void => {
    if (!Notification.isSupported()) {
      options.logger.warn('OS notifications unsupported; not shown', { title: notification.title });
      return;
    }
    const shown = new Notification({ title: notification.title, body: notification.body, icon: options.icon });
    shown.on('click', options.onClick);
    shown.show();
  };
}
