// R10 safeguards: decide whether a plan must wait for an admin's approval
// instead of being applied (scheduled runs and `apply` alike). Pure.
import type { Plan, SafeguardSettings } from '../domain/model';

export interface SafeguardContext {
  safeguards: SafeguardSettings;
  /** People the source returned in this read. */
  sourcePeopleCount: number;
  /** People in the mirror's previous source snapshot; null when there is none (first sync). */
  previousSourcePeopleCount: number | null;
}

export function countDeactivations(plan: Plan): number {
  let count = 0;
  for (const change of plan.changes) if (change.kind === 'deactivate_employee') count++;
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

  const deactivations = countDeactivations(plan);
  const { maxDeactivations, maxDeactivationPercent } = ctx.safeguards;
  if (deactivations > maxDeactivations) {
    return (
      `The plan deactivates ${deactivations} ${deactivations === 1 ? 'employee' : 'employees'}, more than the limit of ${maxDeactivations} ` +
      '(maxDeactivations); it is held for approval (R10).'
    );
  }

  const managed = plan.managedEmployees;
  // Integer comparison (n * 100 > pct * managed) avoids rounding at the boundary.
  if (managed >= 20 && deactivations * 100 > maxDeactivationPercent * managed) {
    const percent = Math.round((deactivations * 1000) / managed) / 10;
    return (
      `The plan deactivates ${deactivations} of ${managed} managed employees (${percent}%), ` +
      `more than the limit of ${maxDeactivationPercent}% (maxDeactivationPercent); it is held for approval (R10).`
    );
  }
  return null;
}
