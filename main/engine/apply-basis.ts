// R12: a preview is applied only if nothing was applied to its connection
// since its reads began, by any process sharing the mirror (the desktop app
// and a cron job). Every apply start bumps a per-connection counter in the
// mirror; a plan records the counter (and whether an apply was under way)
// before it reads, and is refused when either says it may be out of date.
import type { Plan, SyncSettings } from '../domain/model';
import type { Mirror } from '../store/mirror';

type BasisMirror = Pick<Mirror, 'getSetting' | 'setSetting' | 'unfinishedRuns' | 'listRuns'>;

const key = (connectionId: string) => `apply-generation:${connectionId}`;

/** What of the settings changes a plan (automatic sync does not). */
function settingsKey(s: SyncSettings): string {
  return JSON.stringify([s.syncTeams, s.syncEmployees, s.onlySelectedTeams, s.onlySelectedTeams ? [...s.selectedTeams].sort() : []]);
}

export class ApplyBasis {
  constructor(private readonly mirror: BasisMirror) {}

  /** Taken before a plan's reads; `settings` when the plan depends on them (an undo plan does not). */
  take(connectionId: string, planRunId: number, settings?: SyncSettings): NonNullable<Plan['basis']> {
    return {
      applyGeneration: this.generation(connectionId),
      applyUnderWay: this.mirror.unfinishedRuns(connectionId).some((r) => r.id !== planRunId),
      ...(settings ? { settings: settingsKey(settings) } : {}),
    };
  }

  /** True when the connection's scope or switches are not those the plan was made with (R8). */
  settingsChanged(basis: Plan['basis'], settings: SyncSettings): boolean {
    return basis?.settings !== undefined && basis.settings !== settingsKey(settings);
  }

  /** Called when an apply starts (or resumes), before its first write. */
  bump(connectionId: string): void {
    this.mirror.setSetting(key(connectionId), String(this.generation(connectionId) + 1));
  }

  /** Why the plan of run `runId` may be out of date, or null when it may be applied. */
  staleReason(connectionId: string, runId: number, basis: Plan['basis'], settings: SyncSettings): string | null {
    if (!basis) return null;
    if (this.settingsChanged(basis, settings)) {
      return `The settings of "${connectionId}" (scope or sync switches) changed after this preview was made, so it may be out of date. Nothing was written; preview again.`;
    }
    if (basis.applyUnderWay) {
      return `This preview of "${connectionId}" was made while another apply of it was under way, so it may be out of date. Nothing was written; preview again.`;
    }
    if (basis.applyGeneration === this.generation(connectionId)) return null;
    return `${this.latestApply(connectionId, runId)} applied changes to "${connectionId}" after this preview was made, so it may be out of date. Nothing was written; preview again.`;
  }

  private generation(connectionId: string): number {
    return Number(this.mirror.getSetting(key(connectionId)) ?? '0');
  }

  /** "Run #12" — the newest run that wrote to the connection — or "Another run". */
  private latestApply(connectionId: string, exceptRunId: number): string {
    const run = this.mirror
      .listRuns({ connectionId, limit: 50 })
      .find((r) => r.id !== exceptRunId && ['applying', 'applied', 'partial'].includes(r.status));
    return run ? `Run #${run.id}` : 'Another run';
  }
}
