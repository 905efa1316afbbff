// The runs as the desktop reports them: summaries for lists and events, which
// apply is writing right now (an 'applying' run that is not was interrupted),
// progress in changes, and a connection's last sync and waiting plan — a
// preview is not a sync (issue 11, points 2, 3, 6, 8).
import type { ConnectionView, DirectorySyncEvent, RunSummary } from '../../preload/contract';
import type { RunRecord } from '../domain/run';
import { undoOf } from '../engine/undo/undo-index';
import { hasBeenAppliedByHand } from '../schedule/first-apply';
import type { Mirror } from '../store/mirror';
import { ChangeProgressCounter } from './run-actions';
import { labelOf, toRunSummary } from './run-views';
import { retirePreviews } from './stale-previews';

/** An apply that sent at least one write to Plecto: previews made before it may repeat or undo it (R12). */
export function wrote(run: Pick<RunRecord, 'status' | 'apiUsage'>): boolean {
  return (run.status === 'applied' || run.status === 'partial' || run.status === 'applying') && Number(run.apiUsage['Plecto writes'] ?? 0) > 0;
}

export class RunTracker {
  private readonly writing = new Set<number>();
  private readonly progress: ChangeProgressCounter;

  constructor(
    private readonly mirror: Mirror,
    private readonly emit: (event: DirectorySyncEvent) => void,
    requestsPerHour: () => number,
  ) {
    this.progress = new ChangeProgressCounter(mirror, requestsPerHour);
  }

  summary(run: RunRecord): RunSummary {
    return { ...toRunSummary(run, labelOf(this.mirror, run)), inProgress: this.writing.has(run.id), undoOf: undoOf(this.mirror, run.id) };
  }

  lastRun(connectionId: string): RunSummary | null {
    const run = this.mirror.listRuns({ connectionId, limit: 1 })[0];
    return run ? this.summary(run) : null;
  }

  /** The last apply and the newest plan waiting for approval. */
  facts(connectionId: string): Pick<ConnectionView, 'lastSync' | 'waiting' | 'appliedByHand'> {
    const runs = this.mirror.listRuns({ connectionId, limit: 500 });
    const lastSync = runs.find((r) => r.status === 'applied' || r.status === 'partial' || r.status === 'applying');
    // A plan older than an apply that wrote (a scheduled one, another process) no longer waits: it is out of date (R12).
    const lastWrite = runs.find(wrote);
    const waiting = runs.find((r) => (r.status === 'planned' || r.status === 'held') && (!lastWrite || r.id > lastWrite.id));
    return {
      lastSync: lastSync ? this.summary(lastSync) : null,
      waiting: waiting ? this.summary(waiting) : null,
      appliedByHand: hasBeenAppliedByHand(this.mirror, connectionId),
    };
  }

  isWriting(runId: number): boolean {
    return this.writing.has(runId);
  }

  /** Around an apply this process runs: History shows it as in progress meanwhile. */
  async writingDuring<T>(runId: number, work: () => Promise<T>): Promise<T> {
    this.writing.add(runId);
    try {
      return await work();
    } finally {
      this.writing.delete(runId);
    }
  }

  /** The engine's progress callback: counts changes, with the time left, for the renderer. */
  readonly onProgress = (p: { runId: number; done: number; total: number; failed: number }): void => {
    this.writing.add(p.runId);
    this.emit({ type: 'run-progress', ...p, ...this.progress.count(p.runId, p.done, p.total) });
  };

  finished(run: RunRecord, now: number): RunRecord {
    this.writing.delete(run.id);
    this.progress.forget(run.id);
    // Older previews of the connection would repeat or undo what this apply wrote: say so now, not at their apply.
    if (wrote(run)) {
      const older = { listRuns: (q: { connectionId?: string }) => this.mirror.listRuns(q).filter((r) => r.id < run.id), updateRun: this.mirror.updateRun.bind(this.mirror) };
      retirePreviews(older, run.connectionId, `Run #${run.id} applied changes to "${run.connectionId}" after this preview`, now);
    }
    this.emit({ type: 'run-finished', run: this.summary(run) });
    return run;
  }
}
