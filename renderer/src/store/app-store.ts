// App-wide state: the page, the overview (Plecto + connections), the
// connection the per-connection pages work on, and the guard that keeps
// unsaved edits from being lost silently when the admin leaves a page.
import { create } from 'zustand';
import type { Overview } from '../../../preload/contract';
import { api, errorText } from '../api';
import { useSettingsDraft } from './settings-draft';

export type Page = 'connections' | 'settings' | 'teams' | 'preview' | 'employees' | 'history' | 'rules';

interface AppState {
  page: Page;
  overview: Overview | null;
  loadError: string | null;
  connectionId: string | null;
  /** A short message for everyone (role=status), e.g. "Settings saved". */
  notice: string | null;
  /** What the current page has not saved yet, e.g. "the Intercom form"; null when nothing. */
  unsaved: string | null;
  /** A page the admin asked for while there were unsaved edits; the leave dialog asks first. */
  leaving: Page | null;
  /** The connection whose form the Connections page opens (e.g. "Fix credentials"); "new" for a new one. */
  editing: string | null;
  go(page: Page): void;
  /** Goes without asking: the page's edits are kept as a draft (the "Pick teams" link). */
  goKeepingDraft(page: Page): void;
  confirmLeave(): void;
  stay(): void;
  setUnsaved(what: string | null): void;
  edit(connectionId: string | null): void;
  selectConnection(id: string): void;
  refresh(): Promise<void>;
  say(notice: string | null): void;
}

export const useApp = create<AppState>((set, get) => ({
  page: 'connections',
  overview: null,
  loadError: null,
  connectionId: null,
  notice: null,
  unsaved: null,
  leaving: null,
  editing: null,
  go: (page) => {
    if (page === get().page) return;
    if (get().unsaved) set({ leaving: page });
    else set({ page, notice: null });
  },
  goKeepingDraft: (page) => set({ page, notice: null, unsaved: null }),
  confirmLeave: () => {
    const page = get().leaving;
    if (!page) return;
    useSettingsDraft.getState().set(null); // "Discard changes" discards the kept Settings draft too
    set({ page, leaving: null, unsaved: null, notice: null });
  },
  stay: () => set({ leaving: null }),
  setUnsaved: (unsaved) => set({ unsaved }),
  edit: (editing) => set({ editing }),
  selectConnection: (id) => set({ connectionId: id }),
  say: (notice) => set({ notice }),
  async refresh() {
    try {
      const overview = await api().getOverview();
      const current = get().connectionId;
      const stillThere = overview.connections.some((c) => c.id === current);
      set({
        overview,
        loadError: null,
        connectionId: stillThere ? current : (overview.connections[0]?.id ?? null),
      });
    } catch (error) {
      set({ loadError: errorText(error) });
    }
  },
}));

export function useCurrentConnection() {
  return useApp((s) => s.overview?.connections.find((c) => c.id === s.connectionId) ?? null);
}

/** "Fix credentials": the Connections page with that connection's form open. */
export function fixCredentials(connectionId: string | null): void {
  const app = useApp.getState();
  app.edit(connectionId);
  app.go('connections');
}
