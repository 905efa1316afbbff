import { describe, expect, it, vi } from 'vitest';
import type { RunSummary } from '../../../preload/contract';
import { hideOnClose, type QuitState } from '../../../main/shell/close-to-tray';
import { lastResultLabel, SystemTrayService, type TrayLike, type TrayMenuItem } from '../../../main/tray/tray-service';
import { runRecord } from '../../support/records';

class FakeTray implements TrayLike {
  menu: TrayMenuItem[] = [];
  toolTip = '';
  clickListener: (() => void) | null = null;
  destroyed = false;
  setMenu(items: TrayMenuItem[]) {
    this.menu = items;
  }
  setToolTip(text: string) {
    this.toolTip = text;
  }
  onClick(listener: () => void) {
    this.clickListener = listener;
  }
  destroy() {
    this.destroyed = true;
  }
  item(id: string) {
    const found = this.menu.find((i) => i.id === id);
    if (!found) throw new Error(`no menu item ${id}`);
    return found;
  }
}

function run(patch: Partial<RunSummary>): RunSummary {
  const { plan: _plan, ...record } = runRecord();
  return { ...record, providerLabel: 'Intercom', changeCount: 0, ...patch };
}

function setup(options: { paused?: boolean } = {}) {
  const tray = new FakeTray();
  const actions = { open: vi.fn(), syncNow: vi.fn(async () => {}), setPaused: vi.fn(async () => {}), quit: vi.fn() };
  const service = new SystemTrayService({ createTray: () => tray, actions, paused: options.paused });
  service.start();
  return { tray, actions, service };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('SystemTrayService', () => {
  it('shows Open, Sync now, Last result, Pause and Quit, in that order', () => {
    const { tray } = setup();
    expect(tray.menu.map((i) => i.label)).toEqual([
      'Open Plecto Directory Sync',
      'Sync now',
      'Last result: no sync yet',
      'Pause automatic sync',
      'Quit',
    ]);
    expect(tray.item('last-result').enabled).toBe(false);
  });

  it('creates the tray once, even when started twice', () => {
    const tray = new FakeTray();
    const createTray = vi.fn(() => tray);
    const service = new SystemTrayService({
      createTray,
      actions: { open() {}, syncNow() {}, setPaused() {}, quit() {} },
    });
    service.start();
    service.start();
    expect(createTray).toHaveBeenCalledTimes(1);
  });

  it('Open, a click on the icon, Sync now and Quit call their actions', async () => {
    const { tray, actions } = setup();
    tray.item('open').click!();
    tray.clickListener!();
    tray.item('sync-now').click!();
    tray.item('quit').click!();
    await flush();
    expect(actions.open).toHaveBeenCalledTimes(2);
    expect(actions.syncNow).toHaveBeenCalledTimes(1);
    expect(actions.quit).toHaveBeenCalledTimes(1);
  });

  it('updates the last-result label and tooltip after a run', () => {
    const { tray, service } = setup();
    service.setLastRun(run({ status: 'applied', changeCount: 12, excludedChangeIds: ['x', 'y'] }));
    expect(tray.item('last-result').label).toBe('Last result: Intercom: 10 changes applied');
    expect(tray.toolTip).toBe('Plecto Directory Sync — Intercom: 10 changes applied');

    service.setLastRun(run({ status: 'held', changeCount: 40 }));
    expect(tray.item('last-result').label).toBe('Last result: Intercom: held for approval');

    service.setLastRun(run({ status: 'failed', error: 'Intercom (api.intercom.io) answered 401' }));
    expect(tray.item('last-result').label).toBe('Last result: Intercom: failed');
  });

  it('describes each run status in one short line', () => {
    expect(lastResultLabel(null)).toBe('Last result: no sync yet');
    expect(lastResultLabel(run({ status: 'applied', changeCount: 0 }))).toBe('Last result: Intercom: up to date');
    expect(lastResultLabel(run({ status: 'applied', changeCount: 1 }))).toBe('Last result: Intercom: 1 change applied');
    expect(
      lastResultLabel(run({ status: 'partial', changeCount: 5, failed: [{ changeIds: ['a'], description: 'x', error: 'y' }] })),
    ).toBe('Last result: Intercom: 1 failed, see History');
    expect(lastResultLabel(run({ status: 'planned', changeCount: 3 }))).toBe('Last result: Intercom: 3 changes waiting in the preview');
    expect(lastResultLabel(run({ status: 'applying' }))).toBe('Last result: Intercom: syncing…');
  });

  it('greys out Sync now while a sync runs', () => {
    const { tray, service } = setup();
    service.setSyncing(true);
    expect(tray.item('sync-now')).toMatchObject({ label: 'Syncing…', enabled: false });
    service.setSyncing(false);
    expect(tray.item('sync-now')).toMatchObject({ label: 'Sync now', enabled: true });
  });

  it('Pause toggles to Resume and back, persisting each choice through the action', async () => {
    const { tray, actions, service } = setup();
    tray.item('toggle-pause').click!();
    expect(tray.item('toggle-pause').label).toBe('Resume automatic sync');
    expect(service.isPaused()).toBe(true);
    expect(tray.toolTip).toContain('automatic sync paused');
    tray.item('toggle-pause').click!();
    expect(tray.item('toggle-pause').label).toBe('Pause automatic sync');
    await flush();
    expect(actions.setPaused.mock.calls).toEqual([[true], [false]]);
  });

  it('starts paused when the stored setting says so, and follows a pause changed in the window', () => {
    const { tray, actions, service } = setup({ paused: true });
    expect(tray.item('toggle-pause').label).toBe('Resume automatic sync');
    service.setPaused(false);
    expect(tray.item('toggle-pause').label).toBe('Pause automatic sync');
    expect(actions.setPaused).not.toHaveBeenCalled(); // a reflected change is not written back
  });

  it('a failing action is logged, not thrown out of the menu click', async () => {
    const tray = new FakeTray();
    const error = vi.fn();
    const service = new SystemTrayService({
      createTray: () => tray,
      actions: { open() {}, syncNow: async () => Promise.reject(new Error('Plecto unreachable')), setPaused() {}, quit() {} },
      logger: { info() {}, warn() {}, error },
    });
    service.start();
    tray.item('sync-now').click!();
    await flush();
    expect(error).toHaveBeenCalledWith('tray action failed', { error: 'Plecto unreachable' });
  });

  it('destroy removes the icon', () => {
    const { tray, service } = setup();
    service.destroy();
    expect(tray.destroyed).toBe(true);
  });
});

describe('hideOnClose (closing the window keeps the app in the tray)', () => {
  function fakeWindow() {
    let listener: ((event: { preventDefault(): void }) => void) | null = null;
    const window = {
      hidden: false,
      on: (_event: 'close', l: (event: { preventDefault(): void }) => void) => {
        listener = l;
      },
      hide() {
        window.hidden = true;
      },
      close() {
        const event = { prevented: false, preventDefault() { event.prevented = true; } };
        listener!(event);
        return event.prevented;
      },
    };
    return window;
  }

  it('hides instead of closing while the app is not quitting', () => {
    const window = fakeWindow();
    const state: QuitState = { quitting: false };
    hideOnClose(window, state);
    expect(window.close()).toBe(true);
    expect(window.hidden).toBe(true);
  });

  it('really closes once Quit was chosen', () => {
    const window = fakeWindow();
    const state: QuitState = { quitting: false };
    hideOnClose(window, state);
    state.quitting = true;
    expect(window.close()).toBe(false);
    expect(window.hidden).toBe(false);
  });
});
