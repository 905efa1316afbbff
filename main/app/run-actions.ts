// What the desktop does with runs besides preview and apply (issue 11):
// discarding a waiting plan, retrying only the failed changes of a partial
// run, counting what the scope leaves out, apply progress in changes, and
// reading a source's teams without recording a run.
import type { ChangeProgress, LeaveOutView, ScopeView } from '../../preload/contract';
import type { ConnectionConfig } from '../config/profile';
import { resolveCredentials, type SecretSources } from '../config/secrets';
import { createConnector } from '../connectors/registry';
import type { RunRecord } from '../domain/run';
import { ConfigError } from '../engine/errors';
import { leaveOut } from '../engine/plan/leave-out';
import { estimateApplySeconds } from '../engine/writes';
import type { HttpDeps } from '../http/http';
import type { Mirror } from '../store/mirror';

const WAITING = new Set<RunRecord['status']>(['planned', 'held']);

/** Marks a preview or held plan as discarded by the admin; nothing of it is applied. */
export function discardRun(mirror: Pick<Mirror, 'getRun' | 'updateRun'>, runId: number, now: number): RunRecord {
  const run = mirror.getRun(runId);
  if (!run) throw new ConfigError(`There is no run ${runId}`);
  if (!WAITING.has(run.status)) throw new ConfigError(`Run #${runId} is not waiting for approval, so there is nothing to discard`);
  return mirror.updateRun(runId, { status: 'discarded', error: 'Discarded by you: nothing was applied', finishedAt: now });
}

/** The change ids of a partial run that failed (or were not attempted), to try again. */
export function failedChangeIds(run: RunRecord): Set<string> {
  if (run.status !== 'partial') throw new ConfigError(`Run #${run.id} has no failed changes to retry`);
  return new Set(run.failed.flatMap((f) => f.changeIds));
}

/**
 * "Retry failed changes" is a fresh preview of the connection with every change except the failed
 * ones left out (R13 leaves out what depends on those, R12: the plan is made from Plecto as it is
 * now, so what meanwhile succeeded is not sent again). Returns the ids to leave out, or null when
 * none of the failed changes is needed any more.
 */
export function retryExclusions(fresh: RunRecord, failed: Set<string>): string[] | null {
  const changes = fresh.plan?.changes ?? [];
  if (!changes.some((c) => failed.has(c.id))) return null;
  return changes.filter((c) => !failed.has(c.id)).map((c) => c.id);
}

/**
 * What leaving `excludeChangeIds` out of a run's plan also leaves out (R13), as the apply would
 * compute it against Plecto's teams as last read: the preview shows it before the admin applies.
 * Reads only.
 */
export function explainLeaveOut(mirror: Pick<Mirror, 'getRun' | 'loadPlectoSnapshot'>, runId: number, excludeChangeIds: readonly string[]): LeaveOutView {
  const run = mirror.getRun(runId);
  if (!run) throw new ConfigError(`There is no run ${runId}`);
  if (!run.plan) throw new ConfigError(`Run #${runId} has no plan, so nothing can be left out of it`);
  const left = leaveOut(run.plan, excludeChangeIds, mirror.loadPlectoSnapshot()?.dir.teams);
  return {
    dependents: left.dependents.map(({ changeId, reason }) => ({ changeId, reason })),
    withoutParent: left.withoutParent.map(({ changeId, reason }) => ({ changeId, reason })),
  };
}

/** What "Only sync data for selected teams" leaves out (R8), counted on the source as last read. */
export function scopeOf(mirror: Pick<Mirror, 'loadSourceSnapshot'>, config: ConnectionConfig | null): ScopeView | null {
  if (!config?.settings.onlySelectedTeams) return null;
  const snapshot = mirror.loadSourceSnapshot(config.id);
  if (!snapshot) return null;
  const selected = new Set(config.settings.selectedTeams);
  return {
    teamsLeftOut: snapshot.dir.teams.filter((t) => !selected.has(t.sourceId)).length,
    peopleLeftOut: snapshot.dir.people.filter((p) => p.active && !p.teamSourceIds.some((id) => selected.has(id))).length,
  };
}

/**
 * Apply progress as changes (a membership write may carry several changes; a change is done when
 * its last write is), with the time left from the pacing estimate. The writes are the ones the
 * engine stored on the run when the apply started (R12).
 */
export class ChangeProgressCounter {
  private readonly lastWriteOf = new Map<number, number[]>();

  constructor(private readonly mirror: Pick<Mirror, 'applyWrites'>, private readonly requestsPerHour: () => number) {}

  count(runId: number, done: number, total: number): ChangeProgress {
    let ends = this.lastWriteOf.get(runId);
    if (!ends) {
      const writes = (this.mirror.applyWrites(runId) as { changeIds?: string[] }[] | null) ?? [];
      const last = new Map<string, number>();
      writes.forEach((write, index) => {
        for (const id of write.changeIds ?? []) last.set(id, index);
      });
      ends = [...last.values()];
      this.lastWriteOf.set(runId, ends);
    }
    const perHour = this.requestsPerHour();
    return {
      changesDone: ends.filter((index) => index < done).length,
      changesTotal: ends.length,
      secondsLeft: Math.max(0, estimateApplySeconds(total, perHour) - estimateApplySeconds(done, perHour)),
    };
  }

  forget(runId: number): void {
    this.lastWriteOf.delete(runId);
  }
}

/**
 * Reads a connection's source for the team selector. Not a run (issue 11, point 3): nothing is
 * planned and History is not touched. The read becomes the source snapshot, as a preview's would,
 * except a read that suddenly returns nobody (R10: not trusted as the new baseline).
 */
export async function readSourceTeams(
  deps: { mirror: Mirror; sources: SecretSources; http: HttpDeps; now: () => number },
  config: ConnectionConfig,
): Promise<void> {
  const connector = createConnector(config, await resolveCredentials(config, deps.sources), deps.http);
  const dir = await connector.readDirectory();
  const previous = deps.mirror.loadSourceSnapshot(config.id);
  if (dir.people.length === 0 && (previous?.dir.people.length ?? 0) > 0) {
    throw new ConfigError(`${config.providerLabel} returned nobody; the teams from the last read are kept (R10)`);
  }
  deps.mirror.saveSourceSnapshot(config.id, dir, deps.now());
}
