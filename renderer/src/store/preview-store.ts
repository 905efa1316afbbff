// The preview: one run's plan, the changes an admin leaves out, the filter,
// and the live progress of an apply.
import { create } from 'zustand';
import type { ApplyProgress, ChangeKind, RegistrationPreviewView, RunRecord } from '../../../preload/contract';
import type { DirectorySyncEvent } from '../../../preload/contract';
import { api, errorText } from '../api';

type Progress = Pick<ApplyProgress, 'done' | 'total' | 'failed'>;

interface PreviewState {
  connectionId: string | null;
  run: RunRecord | null;
  /** What an apply of this plan would import (R9); null when the import is off or the plan was reopened. */
  registrations: RegistrationPreviewView | null;
  loading: boolean;
  error: string | null;
  excluded: Set<string>;
  kind: ChangeKind | 'all';
  search: string;
  applying: boolean;
  progress: Progress | null;
  /** The run as it came back from apply. */
  result: RunRecord | null;
  /** Shows a scheduled run that waits for approval (held, or planned); manual previews are made fresh. */
  open(connectionId: string): Promise<void>;
  plan(connectionId: string): Promise<void>;
  toggle(changeId: string): void;
  setExcluded(ids: string[], excluded: boolean): void;
  setKind(kind: ChangeKind | 'all'): void;
  setSearch(search: string): void;
  apply(force: boolean): Promise<void>;
  onEvent(event: DirectorySyncEvent): void;
}

export const usePreview = create<PreviewState>((set, get) => ({
  connectionId: null,
  run: null,
  registrations: null,
  loading: false,
  error: null,
  excluded: new Set(),
  kind: 'all',
  search: '',
  applying: false,
  progress: null,
  result: null,

  async open(connectionId) {
    if (get().connectionId === connectionId && get().run) return;
    set({ connectionId, run: null, registrations: null, result: null, error: null, excluded: new Set(), progress: null, kind: 'all', search: '' });
    try {
      const [latest] = await api().listRuns({ connectionId, limit: 1 });
      // A manual plan from earlier may predate settings changes, so only a scheduled one is reopened.
      if (latest && latest.trigger === 'schedule' && (latest.status === 'planned' || latest.status === 'held')) {
        const detail = await api().getRun(latest.id);
        if (get().connectionId === connectionId && detail) set({ run: detail.run, excluded: new Set(detail.run.excludedChangeIds) });
      }
    } catch (error) {
      set({ error: errorText(error) });
    }
  },

  async plan(connectionId) {
    set({ connectionId, loading: true, error: null, registrations: null, result: null, progress: null, excluded: new Set(), kind: 'all', search: '' });
    try {
      const { registrationPreview, ...run } = await api().preview(connectionId);
      set({ run, registrations: registrationPreview ?? null, loading: false, error: run.status === 'failed' ? (run.error ?? 'The plan failed') : null });
    } catch (error) {
      set({ loading: false, error: errorText(error) });
    }
  },

  toggle(changeId) {
    const excluded = new Set(get().excluded);
    if (excluded.has(changeId)) excluded.delete(changeId);
    else excluded.add(changeId);
    set({ excluded });
  },

  setExcluded(ids, exclude) {
    const excluded = new Set(get().excluded);
    for (const id of ids) {
      if (exclude) excluded.add(id);
      else excluded.delete(id);
    }
    set({ excluded });
  },

  setKind: (kind) => set({ kind }),
  setSearch: (search) => set({ search }),

  async apply(force) {
    const run = get().run;
    if (!run) return;
    set({ applying: true, error: null, progress: { done: 0, total: 0, failed: 0 } });
    try {
      const result = await api().apply(run.id, { excludeChangeIds: [...get().excluded], force });
      set({ applying: false, result, run: result });
    } catch (error) {
      set({ applying: false, error: errorText(error) });
    }
  },

  onEvent(event) {
    if (event.type === 'run-progress' && event.runId === get().run?.id) {
      set({ progress: { done: event.done, total: event.total, failed: event.failed } });
    }
  },
}));
