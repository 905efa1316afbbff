// App-wide state: the page, the overview (Plecto + connections) and the
// connection the per-connection pages work on.
import { create } from 'zustand';
import type { Overview } from '../../../preload/contract';
import { api, errorText } from '../api';

export type Page = 'connections' | 'settings' | 'teams' | 'preview' | 'employees' | 'history';

interface AppState {
  page: Page;
  overview: Overview | null;
  loadError: string | null;
  connectionId: string | null;
  /** A short message for everyone (role=status), e.g. "Settings saved". */
  notice: string | null;
  go(page: Page): void;
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
  go: (page) => set({ page, notice: null }),
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
