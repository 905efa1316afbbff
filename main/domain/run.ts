// A run: one plan (and maybe its apply) for one connection, as recorded in
// the mirror and shown in History, the preview and the CLI's JSON.
import type { Plan, Summary } from './model';

export type RunStatus =
  | 'planning' // reading sources and Plecto
  | 'planned' // a plan waits for approval (desktop) or was only printed (CLI `plan`)
  | 'held' // a safeguard holds the plan (R10)
  | 'applying' // writes in flight; an interrupted apply stays here until resumed (R12)
  | 'applied' // every change succeeded
  | 'partial' // applied, but some changes failed after retries
  | 'failed' // a source or Plecto could not be read, or the run broke: nothing applied
  | 'discarded' // an admin discarded the preview or held plan: nothing applied
  | 'retired'; // the preview went out of date (settings changed) before anyone applied it: nothing applied

export type RunTrigger = 'manual' | 'schedule' | 'cli';

export interface FailedChange {
  changeIds: string[];
  /** A readable description of the write, e.g. "Create employee Jane Doe". */
  description: string;
  error: string;
}

export interface RegistrationCounts {
  imported: number;
  skippedOutOfScope: number;
  failed: number;
}

export interface RunRecord {
  id: number;
  connectionId: string;
  trigger: RunTrigger;
  status: RunStatus;
  startedAt: number;
  finishedAt: number | null;
  holdReason: string | null;
  error: string | null;
  plan: Plan | null;
  summary: Summary | null;
  /** Changes an admin left out of this run in the preview. */
  excludedChangeIds: string[];
  failed: FailedChange[];
  /** Requests spent per system, e.g. {"Intercom": 2, "Plecto": 4}, plus a quota reading when a system gives one. */
  apiUsage: Record<string, number | string>;
  /** Plecto writes the plan needs, and how long they take at the configured pace. */
  estimatedWrites: number | null;
  estimatedSeconds: number | null;
  registrations: RegistrationCounts | null;
}

export interface ApplyProgress {
  runId: number;
  done: number;
  total: number;
  failed: number;
}

export interface ApplyOptions {
  excludeChangeIds?: string[];
  /** Apply a plan a safeguard holds (an admin's approval, or `--force`). */
  force?: boolean;
  onProgress?: (progress: ApplyProgress) => void;
}

/** The engine as the CLI, the scheduler and the desktop use it. */
export interface SyncEngine {
  /** Reads the source and Plecto, stores snapshots, plans, applies safeguards; records a run. Never writes to Plecto. */
  plan(connectionId: string, trigger: RunTrigger): Promise<RunRecord>;
  /** Applies a planned (or, with force, held) run. Resumes an interrupted one without doing anything twice. */
  apply(runId: number, options?: ApplyOptions): Promise<RunRecord>;
  /** plan, then apply unless a safeguard holds it (CLI `apply`, scheduled runs). */
  sync(connectionId: string, trigger: RunTrigger, options?: ApplyOptions): Promise<RunRecord>;
}
