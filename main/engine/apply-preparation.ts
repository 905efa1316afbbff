// Turns an approved plan into the writes an apply sends, against Plecto as it
// is now (R3), with what is left out and why (R13), and records them on the
// run in one transaction before anything is written (R12). Also what an
// interrupted run does when its settings changed, and which deactivations a
// late approval no longer makes (R6).
import type { FailedChange, RunRecord } from '../domain/run';
import type { Plan, PlectoDirectory, SourceDirectory } from '../domain/model';
import type { Mirror } from '../store/mirror';
import type { ApplyBasis } from './apply-basis';
import { leaveOut } from './plan/leave-out';
import { buildWrites, type WriteOp } from './writes';

export interface PreparedApply {
  writes: WriteOp[];
  /** Changes that will not be written, each with why. */
  failed: FailedChange[];
}

/**
 * The writes of a fresh apply, stored on the run with its links found without a write and the
 * changes left out. `notDue` are deactivations the source no longer supports (with the reason).
 * Throws when the mirror refuses (a link conflict): nothing was written then.
 */
export function prepareApply(
  mirror: Mirror,
  basis: ApplyBasis,
  run: RunRecord & { plan: Plan },
  current: PlectoDirectory,
  excluded: ReadonlySet<string>,
  notDue: ReadonlyMap<string, string>,
): PreparedApply {
  const plan = run.plan;
  const built = buildWrites(plan, current, new Set([...excluded, ...notDue.keys()]), new Set(mirror.manuallyManaged()));
  const changesById = new Map(plan.changes.map((c) => [c.id, c]));
  // What the admin left out, apart from what the source's answer took out (reported as not applied).
  const leftOutByAdmin = notDue.size > 0 ? leaveOut(plan, excluded, current.teams).changeIds : built.leftOut.changeIds;
  const failed: FailedChange[] = [
    ...built.leftOut.changeIds
      .filter((id) => !leftOutByAdmin.includes(id))
      .map((changeId) => {
        const because = built.leftOut.dependents.find((d) => d.changeId === changeId)?.because ?? 'a deactivation';
        return {
          changeIds: [changeId],
          description: changesById.get(changeId)!.reason,
          error: `not applied: ${notDue.get(changeId) ?? `it goes with '${because}', which is no longer due (R13)`}`,
        };
      }),
    ...built.blocked.map((b) => ({
      changeIds: [b.changeId],
      description: changesById.get(b.changeId)?.reason ?? b.changeId,
      error: `not applied: ${b.reason}`,
    })),
  ];
  mirror.transaction(() => {
    mirror.setApplyWrites(run.id, built.writes);
    // Links found without a write (provider-id and team-name matches) are recorded now.
    // R2: a team recreated in the source under a new id takes over its predecessor's link.
    for (const link of plan.adoptions.teams) mirror.moveTeamLink(run.connectionId, link.sourceId, link.plectoUuid);
    for (const link of plan.adoptions.employees) mirror.linkEmployee(run.connectionId, link.sourceId, link.plectoUuid);
    // R13: the run records everything left out, and why the dependents went with it.
    const why = [...built.leftOut.dependents, ...built.leftOut.withoutParent].map(
      (d) => `${changesById.get(d.changeId)?.reason ?? d.changeId}: ${d.reason}`,
    );
    mirror.updateRun(run.id, {
      status: 'applying',
      excludedChangeIds: leftOutByAdmin,
      failed,
      ...(why.length > 0 ? { plan: { ...plan, notes: [...plan.notes, ...why] } } : {}),
    });
    // A preview stays valid across an apply that writes nothing.
    if (built.writes.length > 0) basis.bump(run.connectionId);
  });
  return { writes: built.writes, failed };
}

/**
 * R8, R12: an interrupted run planned under another scope or other switches is not finished: what
 * it has not written yet is no longer what the admin asked for. Its unwritten changes are
 * reported; the next preview plans again.
 */
export function abandonUnwritten(mirror: Mirror, run: RunRecord, stored: WriteOp[]): FailedChange[] {
  const done = new Set(mirror.journal(run.id).filter((e) => e.state === 'done').map((e) => e.opKey));
  const failed = stored
    .filter((op) => !done.has(op.key))
    .map((op) => ({
      changeIds: op.changeIds,
      description: op.description,
      error: "not attempted: the connection's settings (scope or sync switches) changed after this run was planned; preview again",
    }));
  mirror.updateRun(run.id, { failed: [...run.failed, ...failed] });
  return failed;
}

/**
 * R5, R6: the deactivations of a preview approved later whose person is active in the source
 * again, with the reason. An undo deactivates people the source still has, on purpose (R14).
 */
export function deactivationsNoLongerDue(plan: Plan, excluded: ReadonlySet<string>, source: SourceDirectory, providerLabel: string): Map<string, string> {
  const result = new Map<string, string>();
  if (plan.undoOf !== undefined) return result;
  const active = new Set(source.people.filter((p) => p.active).map((p) => p.sourceId));
  for (const change of plan.changes) {
    if (change.kind !== 'deactivate_employee' || excluded.has(change.id) || !active.has(change.employee!.sourceId)) continue;
    result.set(change.id, `${change.employee!.name} is active in ${providerLabel} again since this preview was made (R6); preview again`);
  }
  return result;
}

/** Whether checking a late approval's deactivations needs a read of the source. */
export function hasDeactivations(plan: Plan, excluded: ReadonlySet<string>): boolean {
  return plan.undoOf === undefined && plan.changes.some((c) => c.kind === 'deactivate_employee' && !excluded.has(c.id));
}
