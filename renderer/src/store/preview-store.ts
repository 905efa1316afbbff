// The preview: one run's plan, the changes an admin leaves out, the filter,
// and the live progress of an apply. It lives outside the page, so an apply
// keeps its progress while the admin looks at other pages; a waiting plan is
// reopened from the mirror after a reload or restart (issue 11, points 6, 8).
import { create } from 'zustand';
import type { ApplyProgress, ChangeKind, ChangeProgress, RegistrationPreviewView, RunRecord, ScopeView } from '../../../preload/contract';
import type { DirectorySyncEvent } from '../../../preload/contract';
import { api, errorText } from '../api';

type Progress = Pick<ApplyProgress, 'done' | 'total' | 'failed'> & ChangeProgress;

interface PreviewState {
  connectionId: string | null;
  run: RunRecord | null;
  /** What an apply of this plan would import (R9); null when the import is off or the plan was reopened. */
  registrations: RegistrationPreviewView | null;
  /** What the scope leaves out (R8); null when the scope is off. */
  scope: ScopeView | null;
  loading: boolean;
  error: string | null;
  excluded: Set<string>;
  /** R13: changes left out only because they depend on one in `excluded`, with the reason the preview shows. */
  implied: Map<string, string>;
  /** R13: kept team changes written without their parent because of what is left out, with the note. */
  withoutParent: Map<string, string>;
  kind: ChangeKind | 'all';
  search: string;
  applying: boolean;
  progress: Progress | null;
  /** The run as it came back from apply. */
  result: RunRecord | null;
  /** Shows the connection's plan waiting for approval (or `runId`), so nothing is stranded by a reload. */
  open(connectionId: string, runId?: number): Promise<void>;
  plan(connectionId: string): Promise<void>;
  toggle(changeId: string): void;
  setExcluded(ids: string[], excluded: boolean): void;
  setKind(kind: ChangeKind | 'all'): void;
  setSearch(search: string): void;
  apply(force: boolean): Promise<void>;
  discard(): Promise<void>;
  retryFailed(): Promise<void>;
  onEvent(event: DirectorySyncEvent): void;
}

/** Counts the leave-out questions asked, so an answer to an older one (the admin toggled again since) is dropped. */
let leaveOutAsked = 0;

const NOTHING_IMPLIED = () => ({ implied: new Map<string, string>(), withoutParent: new Map<string, string>() });

const SHOWN_WHEN_REOPENED = new Set<RunRecord['status']>(['planned', 'held', 'applying', 'partial']);

export const usePreview = create<PreviewState>((set, get) => ({
  connectionId: null,
  run: null,
  registrations: null,
  scope: null,
  loading: false,
  error: null,
  excluded: new Set(),
  ...NOTHING_IMPLIED(),
  kind: 'all',
  search: '',
  applying: false,
  progress: null,
  result: null,

  async open(connectionId, runId) {
    const current = get();
    if (current.connectionId === connectionId && current.run && (runId === undefined || current.run.id === runId)) return;
    if (current.applying) return; // the apply in progress stays on screen
    leaveOutAsked++;
    set({ connectionId, run: null, registrations: null, scope: null, result: null, error: null, excluded: new Set(), ...NOTHING_IMPLIED(), progress: null, kind: 'all', search: '' });
    try {
      let id = runId;
      if (id === undefined) {
        const [latest] = await api().listRuns({ connectionId, limit: 1 });
        if (latest && SHOWN_WHEN_REOPENED.has(latest.status)) id = latest.id;
      }
      if (id === undefined) return;
      const detail = await api().getRun(id);
      if (get().connectionId !== connectionId || !detail) return;
      const { providerLabel: _label, inProgress, ...run } = detail.run;
      set({
        run,
        scope: detail.scope ?? null,
        excluded: new Set(run.excludedChangeIds),
        applying: inProgress === true,
        progress: inProgress ? { done: 0, total: 0, failed: 0 } : null,
      });
      void explainLeftOut();
    } catch (error) {
      set({ error: errorText(error) });
    }
  },

  async plan(connectionId) {
    leaveOutAsked++;
    set({ connectionId, loading: true, error: null, registrations: null, scope: null, result: null, progress: null, excluded: new Set(), ...NOTHING_IMPLIED(), kind: 'all', search: '' });
    try {
      const { registrationPreview, scope, ...run } = await api().preview(connectionId);
      set({ run, registrations: registrationPreview ?? null, scope: scope ?? null, loading: false, error: null });
    } catch (error) {
      set({ loading: false, error: errorText(error) });
    }
  },

  toggle(changeId) {
    const excluded = new Set(get().excluded);
    if (excluded.has(changeId)) excluded.delete(changeId);
    else excluded.add(changeId);
    set({ excluded });
    void explainLeftOut();
  },

  setExcluded(ids, exclude) {
    const excluded = new Set(get().excluded);
    for (const id of ids) {
      if (exclude) excluded.add(id);
      else excluded.delete(id);
    }
    set({ excluded });
    void explainLeftOut();
  },

  setKind: (kind) => set({ kind }),
  setSearch: (search) => set({ search }),

  async apply(force) {
    const run = get().run;
    if (!run) return;
    // The plan is being written from now on: it no longer waits as a preview.
    set({ applying: true, error: null, progress: { done: 0, total: 0, failed: 0 }, run: { ...run, status: 'applying' } });
    try {
      const result = await api().apply(run.id, { excludeChangeIds: [...get().excluded], force });
      set({ applying: false, result, run: result });
    } catch (error) {
      set({ applying: false, error: errorText(error), run });
    }
  },

  async discard() {
    const run = get().run;
    if (!run) return;
    try {
      const result = await api().discardRun(run.id);
      set({ run: result, result: null, error: null });
    } catch (error) {
      set({ error: errorText(error) });
    }
  },

  async retryFailed() {
    const run = get().run;
    if (!run) return;
    set({ applying: true, error: null, progress: { done: 0, total: 0, failed: 0 } });
    try {
      const result = await api().retryFailed(run.id);
      set({ applying: false, result, run: result, excluded: new Set(result.excludedChangeIds), kind: 'all', search: '' });
      void explainLeftOut();
    } catch (error) {
      set({ applying: false, error: errorText(error) });
    }
  },

  onEvent(event) {
    const { run, applying } = get();
    if (!run) return;
    if (event.type === 'run-finished') {
      // An apply this window did not start (reopened after a reload) finished: show its outcome.
      if (event.run.id === run.id && run.status === 'applying' && applying) {
        void api()
          .getRun(run.id)
          .then((detail) => {
            if (detail && get().run?.id === run.id) set({ run: detail.run, result: detail.run, applying: false });
          });
      }
      return;
    }
    // A retry applies a new run: follow the progress of whatever this connection is writing.
    const ours = event.runId === run.id || (applying && event.runId > run.id);
    if (!ours || (!applying && run.status !== 'applying')) return;
    set({
      applying: true,
      progress: { done: event.done, total: event.total, failed: event.failed, changesDone: event.changesDone, changesTotal: event.changesTotal, secondsLeft: event.secondsLeft },
    });
  },
}));

/**
 * Asks the main process what the changes left out take with them (R13), for the run on screen,
 * and keeps the answer unless the admin changed the choice (or the run) meanwhile.
 */
async function explainLeftOut(): Promise<void> {
  const asked = ++leaveOutAsked;
  const { run, excluded } = usePreview.getState();
  if (!run?.plan || excluded.size === 0) {
    usePreview.setState(NOTHING_IMPLIED());
    return;
  }
  try {
    const view = await api().explainLeaveOut(run.id, [...excluded]);
    if (asked !== leaveOutAsked) return;
    usePreview.setState({
      implied: new Map(view.dependents.map((d) => [d.changeId, d.reason])),
      withoutParent: new Map(view.withoutParent.map((w) => [w.changeId, w.reason])),
    });
  } catch (error) {
    if (asked !== leaveOutAsked) return;
    usePreview.setState({ ...NOTHING_IMPLIED(), error: errorText(error) });
  }
}
