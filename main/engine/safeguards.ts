// R10 safeguards: decide whether a plan must wait for an admin's approval
// instead of being applied (scheduled runs and `apply` alike). Pure.
import type { Plan, SafeguardSettings } from '../domain/model';

export interface SafeguardContext {
  safeguards: SafeguardSettings;
  /** People the source returned in this read. */
  sourcePeopleCount: number;
  /**
   * People in the last trusted source read (the mirror's baseline); null when there is none
   * (first sync). An empty read an admin approved is the baseline from then on, so the engine
   * passes 0 after that approval and the same empty read is not held again (R10).
   */
  previousSourcePeopleCount: number | null;
}

export function countDeactivations(plan: Plan): number {
  let count = 0;
  for (const change of plan.changes) if (change.kind === 'deactivate_employee') count++;
  return count;
}

/**
 * R10: employees who lose at least one membership without being deactivated
 * (a team emptied or deleted, mass moves). Counted on their own, per employee.
 */
export function countMembershipLosses(plan: Plan): number {
  const deactivated = new Set<string>();
  const losing = new Set<string>();
  for (const change of plan.changes) {
    if (!change.employee) continue;
    if (change.kind === 'deactivate_employee') deactivated.add(change.employee.sourceId);
    else if (change.kind === 'remove_membership') losing.add(change.employee.sourceId);
  }
  let count = 0;
  for (const sourceId of losing) if (!deactivated.has(sourceId)) count++;
  return count;
}

/** A readable hold reason naming the numbers and the setting, or null when the plan may be applied. */
export function evaluateSafeguards(plan: Plan, ctx: SafeguardContext): string | null {
  const label = plan.providerLabel;
  const previous = ctx.previousSourcePeopleCount;
  // An empty answer after a populated one is far more often a broken read than a company with no staff.
  if (ctx.sourcePeopleCount === 0 && previous !== null && previous > 0) {
    return `${label} returned no people while the last sync saw ${previous}; the plan is held for approval (R10).`;
  }
  return (
    overLimit(countDeactivations(plan), plan.managedEmployees, ctx.safeguards, {
      verb: 'deactivates',
      object: (n) => `${n} ${n === 1 ? 'employee' : 'employees'}`,
    }) ??
    overLimit(countMembershipLosses(plan), plan.managedEmployees, ctx.safeguards, {
      verb: 'removes',
      object: (n) => `${n} ${n === 1 ? 'employee' : 'employees'} from teams without deactivating them`,
      ofManaged: (n, managed) => `${n} of ${managed} managed employees from teams without deactivating them`,
    })
  );
}

interface Wording {
  verb: string;
  object: (n: number) => string;
  ofManaged?: (n: number, managed: number) => string;
}

/** The same two limits for deactivations and for membership losses (R10). */
function overLimit(n: number, managed: number, limits: SafeguardSettings, words: Wording): string | null {
  const { maxDeactivations, maxDeactivationPercent } = limits;
  if (n > maxDeactivations) {
    return (
      `The plan ${words.verb} ${words.object(n)}, more than the limit of ${maxDeactivations} ` +
      '(maxDeactivations); it is held for approval (R10).'
    );
  }
  // Integer comparison (n * 100 > pct * managed) avoids rounding at the boundary.
  if (managed >= 20 && n * 100 > maxDeactivationPercent * managed) {
    const percent = Math.round((n * 1000) / managed) / 10;
    const what = words.ofManaged ? words.ofManaged(n, managed) : `${n} of ${managed} managed employees`;
    return (
      `The plan ${words.verb} ${what} (${percent}%), ` +
      `more than the limit of ${maxDeactivationPercent}% (maxDeactivationPercent); it is held for approval (R10).`
    );
  }
  return null;
}
