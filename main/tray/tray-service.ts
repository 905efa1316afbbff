// The tray icon and its menu (Open, Sync now, Last result, Pause/Resume,
// Quit), in the style of Signal's SystemTrayService: the service owns the
// state and rebuilds a plain menu description; the tray itself comes from an
// injected factory, so the logic runs in Node with a fake tray and the
// Electron adapter (main/shell/tray.ts) stays a few lines.
import type { RunSummary } from '../../preload/contract';
import { silentLogger, type Logger } from '../common/logger';

export type TrayItemId = 'open' | 'sync-now' | 'last-result' | 'toggle-pause' | 'quit';

export interface TrayMenuItem {
  id: TrayItemId;
  label: string;
  enabled: boolean;
  /** Absent for informational items (the last result). */
  click?: () => void;
  /** Draw a separator line before this item. */
  separatorBefore?: boolean;
}

/** What the service needs from a tray icon; Electron's Tray behind main/shell/tray.ts. */
export interface TrayLike {
  setMenu(items: TrayMenuItem[]): void;
  setToolTip(text: string): void;
  /** A click on the icon itself (Windows/Linux open the window on it). */
  onClick(listener: () => void): void;
  destroy(): void;
}

export type TrayFactory = () => TrayLike;

export interface TrayActions {
  open(): void;
  syncNow(): void | Promise<unknown>;
  /** Persist and apply the global pause of automatic sync. */
  setPaused(paused: boolean): void | Promise<unknown>;
  quit(): void;
}

export interface TrayServiceOptions {
  createTray: TrayFactory;
  actions: TrayActions;
  paused?: boolean;
  lastRun?: RunSummary | null;
  appName?: string;
  logger?: Logger;
}

/** "Last result: …" for the tray: one short line an admin can read at a glance. */
export function lastResultLabel(run: RunSummary | null | undefined): string {
  if (!run) return 'Last result: no sync yet';
  const who = run.providerLabel ? `${run.providerLabel}: ` : '';
  const changes = (n: number) => `${n} change${n === 1 ? '' : 's'}`;
  switch (run.status) {
    case 'applied':
      return `Last result: ${who}${run.changeCount === 0 ? 'up to date' : `${changes(Math.max(0, run.changeCount - run.excludedChangeIds.length))} applied`}`;
    case 'partial':
      return `Last result: ${who}${run.failed.length} failed, see History`;
    case 'held':
      return `Last result: ${who}held for approval`;
    case 'failed':
      return `Last result: ${who}failed`;
    case 'planned':
      return `Last result: ${who}${changes(run.changeCount)} waiting in the preview`;
    case 'planning':
    case 'applying':
      return `Last result: ${who}syncing…`;
    case 'discarded':
      return `Last result: ${who}preview discarded`;
    case 'retired':
      return `Last result: ${who}preview out of date`;
  }
}

export class SystemTrayService {
  private tray: TrayLike | null = null;
  private paused: boolean;
  private syncing = false;
  private lastRun: RunSummary | null;
  private readonly appName: string;

  constructor(private readonly options: TrayServiceOptions) {
    this.paused = options.paused ?? false;
    this.lastRun = options.lastRun ?? null;
    this.appName = options.appName ?? 'Plecto Directory Sync';
  }

  /** Creates the tray icon (once). */
  start(): void {
    if (this.tray) return;
    this.tray = this.options.createTray();
    this.tray.onClick(() => this.options.actions.open());
    this.render();
  }

  destroy(): void {
    this.tray?.destroy();
    this.tray = null;
  }

  /** Called after every run (manual or scheduled) so the menu shows the latest result. */
  setLastRun(run: RunSummary | null): void {
    this.lastRun = run;
    this.render();
  }

  /** Greys out "Sync now" while a sync is running. */
  setSyncing(syncing: boolean): void {
    this.syncing = syncing;
    this.render();
  }

  /** Reflects a pause changed elsewhere (the window's switch); the tray's own toggle calls actions.setPaused. */
  setPaused(paused: boolean): void {
    this.paused = paused;
    this.render();
  }

  isPaused(): boolean {
    return this.paused;
  }

  menuItems(): TrayMenuItem[] {
    const { actions } = this.options;
    return [
      { id: 'open', label: `Open ${this.appName}`, enabled: true, click: () => actions.open() },
      {
        id: 'sync-now',
        label: this.syncing ? 'Syncing…' : 'Sync now',
        enabled: !this.syncing,
        click: () => this.runAction(() => actions.syncNow()),
      },
      { id: 'last-result', label: lastResultLabel(this.lastRun), enabled: false, separatorBefore: true },
      {
        id: 'toggle-pause',
        label: this.paused ? 'Resume automatic sync' : 'Pause automatic sync',
        enabled: true,
        separatorBefore: true,
        click: () => {
          const next = !this.paused;
          this.setPaused(next);
          this.runAction(() => actions.setPaused(next));
        },
      },
      { id: 'quit', label: 'Quit', enabled: true, separatorBefore: true, click: () => actions.quit() },
    ];
  }

  toolTip(): string {
    const state = this.paused ? 'automatic sync paused' : lastResultLabel(this.lastRun).replace(/^Last result: /, '');
    return `${this.appName} — ${state}`;
  }

  private render(): void {
    if (!this.tray) return;
    this.tray.setMenu(this.menuItems());
    this.tray.setToolTip(this.toolTip());
  }

  // Menu clicks cannot await; a rejected action must not become an unhandled rejection.
  private runAction(action: () => void | Promise<unknown>): void {
    void Promise.resolve()
      .then(action)
      .catch((error: unknown) =>
        (this.options.logger ?? silentLogger).error('tray action failed', {
          error: error instanceof Error ? error.message : String(error),
        }),
      );
  }
}
