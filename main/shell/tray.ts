// Electron's Tray behind the TrayLike interface of main/tray/tray-service.ts.
import { Menu, Tray, nativeImage, type MenuItemConstructorOptions } from 'electron';
import type { TrayFactory, TrayMenuItem } from '../tray/tray-service';

export function toMenuTemplate(items: TrayMenuItem[]): MenuItemConstructorOptions[] {
  const template: MenuItemConstructorOptions[] = [];
  for (const item of items) {
    if (item.separatorBefore) template.push({ type: 'separator' });
    template.push({ id: item.id, label: item.label, enabled: item.enabled, click: item.click });
  }
  return template;
}

export function electronTrayFactory(iconPath: string): TrayFactory {
  return () => {
    const tray = new Tray(nativeImage.createFromPath(iconPath));
    return {
      setMenu: (items) => tray.setContextMenu(Menu.buildFromTemplate(toMenuTemplate(items))),
      setToolTip: (text) => tray.setToolTip(text),
      onClick: (listener) => {
        tray.on('click', listener);
      },
      destroy: () => tray.destroy(),
    };
  };
}
