// R14: plans the undo of an applied run and records it as an ordinary run
// (planned, or held by the R10 safeguards) that the engine's apply(runId)
// carries out — journaled, resumable, paced, with the same exit codes. Reads
// Plecto fresh: what changed since the run is a conflict, never overwritten.
import { resolveSecret } from '../../config/secrets';
import { summarize, type Plan } from '../../domain/model';
import type { RunRecord, RunTrigger } from '../../domain/run';
import { PlectoClient } from '../../plecto/client';
import { ApplyBasis } from '../apply-basis';
import { ConfigError } from '../errors';
import { evaluateSafeguards } from '../safeguards';
import type { SyncEngineDeps } from '../sync-engine';
import { buildWrites, estimateApplySeconds } from '../writes';
import { recordUndo } from './undo-index';
import { planUndo as planUndoPure, type RunFacts } from './undo-planner';

export interface UndoPlanner {
  /** Plans the undo of applied run `runId`; never writes to Plecto. Apply the returned run with the engine's apply(). */
  planUndo(runId: number, trigger: RunTrigger): Promise<RunRecord>;
}

/** Runs whose writes may have reached Plecto. */
const WROTE = new Set<RunRecord['status']>(['applying', 'applied', 'partial']);

export function createUndoPlanner(deps: SyncEngineDeps): UndoPlanner {
  const { mirror, clock, logger } = deps;

  function facts(run: RunRecord & { plan: Plan }): RunFacts {
    return {
      id: run.id,
      connectionId: run.connectionId,
      plan: run.plan,
      journal: mirror.journal(run.id).map((e) => ({ opKey: e.opKey, changeIds: e.changeIds, state: e.state, result: e.result })),
    };
  }

  async function planUndo(runId: number, trigger: RunTrigger): Promise<RunRecord> {
    const original = mirror.getRun(runId);
    if (!original) throw new ConfigError(`There is no run #${runId}; see history for the run numbers`);
    if (!(original.status === 'applied' || original.status === 'partial') || !original.plan) {
      throw new ConfigError(`Run #${runId} was not applied (it is ${original.status}); only an applied run can be undone`);
    }
    const config = deps.connection ? deps.connection(original.connectionId) : mirror.getConnection(original.connectionId);
    if (!config) throw new ConfigError(`Run #${runId} belongs to connection "${original.connectionId}", which no longer exists`);
    const plectoConfig = deps.plecto();
    const password = await resolveSecret(plectoConfig.password, { secrets: deps.secrets, env: deps.env ?? process.env }, 'plecto.password', plectoConfig.baseUrl);

    const run = mirror.createRun({ connectionId: original.connectionId, trigger, startedAt: clock.now() });
    recordUndo(mirror, run.id, runId);
    // Taken before the read, as for a sync plan: an apply of the connection after it makes this undo stale (R12).
    const basis = new ApplyBasis(mirror).take(original.connectionId, run.id);
    const plecto = new PlectoClient(
      { baseUrl: plectoConfig.baseUrl, email: plectoConfig.email, password, requestsPerHour: plectoConfig.requestsPerHour },
      { fetch: deps.fetch, clock, logger },
    );
    try {
      // Plecto as it is now, read fresh: an admin's change since the run is a conflict (R14).
      const now = await plecto.readDirectory();
      const laterRuns = mirror
        .listRuns()
        .filter((r) => r.id > runId && r.id !== run.id && WROTE.has(r.status))
        .map((r) => mirror.getRun(r.id))
        .filter((r): r is RunRecord & { plan: Plan } => r?.plan != null)
        .map(facts);
      const links = mirror.employeeLinks(config.id);
      const manual = new Set(mirror.manuallyManaged());
      const members = new Map(now.members.map((m) => [m.uuid, m]));
      const managedEmployees = links.filter((l) => {
        const m = members.get(l.plectoUuid);
        return m !== undefined && m.isActive && !m.managedManually && !manual.has(m.uuid);
      }).length;
      const undoPlan = planUndoPure({
        run: facts(original as RunRecord & { plan: Plan }),
        providerLabel: config.providerLabel,
        laterRuns,
        plecto: now,
        teamLinks: mirror.allTeamLinks(),
        manuallyManaged: [...manual].sort(),
        managedEmployees,
      });
      const plan: Plan = { ...undoPlan, basis };
      // The same R10 limits as a sync: undoing a mass create deactivates as many people.
      const holdReason = evaluateSafeguards(plan, {
        safeguards: config.safeguards,
        sourcePeopleCount: 0,
        previousSourcePeopleCount: null,
      });
      mirror.savePlectoSnapshot(now, clock.now());
      const estimatedWrites = buildWrites(plan, now).writes.length;
      return mirror.updateRun(run.id, {
        status: holdReason ? 'held' : 'planned',
        holdReason,
        plan,
        summary: summarize(plan.changes),
        apiUsage: { Plecto: plecto.stats().requests },
        estimatedWrites,
        estimatedSeconds: estimateApplySeconds(estimatedWrites, plectoConfig.requestsPerHour),
        finishedAt: clock.now(),
      });
    } catch (error) {
      logger.error(`Undo run ${run.id} of run ${runId} failed while reading Plecto`, { error: (error as Error).message });
      return mirror.updateRun(run.id, {
        status: 'failed',
        error: (error as Error).message,
        apiUsage: { Plecto: plecto.stats().requests },
        finishedAt: clock.now(),
      });
    }
  }

  return { planUndo };
}
