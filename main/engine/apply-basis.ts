// R12: a preview is applied only if nothing was applied to its connection
// since its reads began, by any process sharing the mirror (the desktop app
// and a cron job). Every apply start bumps a per-connection counter in the
// mirror; a plan records the counter (and whether an apply was under way)
// before it reads, and is refused when either says it may be out of date.
import type { Plan } from '../domain/model';
import type { Mirror } from '../store/mirror';

type BasisMirror = Pick<Mirror, 'getSetting' | 'setSetting' | 'unfinishedRuns' | 'listRuns'>;

const key = (connectionId: string) => `apply-generation:${connectionId}`;

export class ApplyBasis {
  constructor(private readonly mirror: BasisMirror) {}

  /** Taken before a plan's reads. */
  take(connectionId: string, planRunId: number): NonNullable<Plan['basis']> {
    return {
      applyGeneration: this.generation(connectionId),
      applyUnderWay: this.mirror.unfinishedRuns(connectionId).some((r) => r.id !== planRunId),
    };
  }

  /** Called when an apply starts (or resumes), before its first write. */
  bump(connectionId: string): void {
    this.mirror.setSetting(key(connectionId), String(this.generation(connectionId) + 1));
  }

  /** Why the plan of run `runId` may be out of date, or null when it may be applied. */
  staleReason(connectionId: string, runId: number, basis: Plan['basis']): string | null {
    if (!basis) return null;
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
