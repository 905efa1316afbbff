// The pure planner: source directory + Plecto directory + this connection's
// links + settings → the ordered list of changes that brings Plecto in step
// (rules R1–R8, R11). No clock, no randomness, no I/O: the same input always
// gives the same plan, so a preview and the run that follows it agree.
import type { Plan, PlanInput } from '../../domain/model';
import { countManagedEmployees } from './activation';
import { PlanBuilder, type TeamPlan } from './builder';
import { planEmployees } from './employees';
import { planTeams } from './teams';

export { leaveOut, type LeftOut } from './leave-out';

export function planSync(input: PlanInput): Plan {
  const b = new PlanBuilder(input);
  const teams: TeamPlan = input.settings.syncTeams ? planTeams(b) : { imported: new Map(), adoptions: [] };
  const employeeAdoptions = input.settings.syncEmployees ? planEmployees(b, teams) : [];
  return {
    connectionId: input.connectionId,
    providerLabel: input.providerLabel,
    changes: b.orderedChanges(),
    skipped: b.skipped,
    notes: b.notes,
    adoptions: { teams: teams.adoptions, employees: employeeAdoptions },
    managedEmployees: countManagedEmployees(b),
  };
}
