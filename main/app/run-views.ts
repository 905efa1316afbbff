// Runs as the renderer sees them: summaries without the (possibly huge) plan
// for lists and events, the full record plus the change log for one run.
import type { JournalEntryView, RunDetail, RunSummary } from '../../preload/contract';
import type { RunRecord } from '../domain/run';
import type { Mirror } from '../store/mirror';

export function labelOf(mirror: Pick<Mirror, 'getConnection'>, run: RunRecord): string {
  return run.plan?.providerLabel ?? mirror.getConnection(run.connectionId)?.providerLabel ?? run.connectionId;
}

export function toRunSummary(run: RunRecord, providerLabel: string): RunSummary {
  // Run lists come without plans; the summary carries the counts.
  const { plan, ...rest } = run;
  const changeCount = plan ? plan.changes.length : Object.values(run.summary ?? {}).reduce((sum, n) => sum + n, 0);
  return { ...rest, providerLabel, changeCount };
}

export function toRunDetail(mirror: Pick<Mirror, 'getConnection' | 'journal'>, run: RunRecord): RunDetail {
  const journal: JournalEntryView[] = mirror.journal(run.id).map((entry) => ({
    opKey: entry.opKey,
    changeIds: entry.changeIds,
    description: entry.description,
    state: entry.state,
    error: entry.error ?? null,
    updatedAt: entry.updatedAt,
  }));
  return { run: { ...run, providerLabel: labelOf(mirror, run) }, journal };
}
