// R13 leaving changes out: an admin leaves single changes of a preview out;
// the changes that only made sense together with them go too, and the
// preview says why. Pure: the plan is not modified.
//
// What depends on what:
// - link_employee or create_employee left out: that person is wholly
//   untouched, so every other change of that employee goes.
// - reactivate_employee left out: the memberships it would restore (R4 adds).
// - deactivate_employee left out: the R5 removals from this connection's
//   teams that go with it (the person stays as they are).
// - create_team left out: the memberships in that team, and the moves of
//   teams under it. A team that was itself going to be created under it is
//   still created, at the top level (it has no place in Plecto yet, so that is
//   no move of an existing team); a team that was also renamed keeps the
//   rename without the move. Both are listed in `withoutParent`. The next run
//   plans the missing parent again.
import type { Change, Plan } from '../../domain/model';

export interface LeftOut {
  /** Every change left out, in plan order: the ones an admin chose and those that depend on them. */
  changeIds: string[];
  /** Changes left out only because of another one, in plan order, with the reason the preview shows. */
  dependents: { changeId: string; because: string; reason: string }[];
  /** Kept team changes whose parent's create is left out: written without their `parent` (R1, R13). */
  withoutParent: { changeId: string; reason: string }[];
}

/** A short, readable name of a change, e.g. "Create team Tier 2". */
export function describeChange(change: Change): string {
  const employee = change.employee?.name ?? '';
  const team = change.team?.name ?? '';
  switch (change.kind) {
    case 'create_team':
      return `Create team ${team}`;
    case 'update_team':
      return `Update team ${team}`;
    case 'create_employee':
      return `Create employee ${employee}`;
    case 'link_employee':
      return `Link employee ${employee}`;
    case 'update_employee':
      return `Update employee ${employee}`;
    case 'add_membership':
      return `Add ${employee} to team ${team}`;
    case 'remove_membership':
      return `Remove ${employee} from team ${team}`;
    case 'deactivate_employee':
      return `Deactivate ${employee}`;
    case 'reactivate_employee':
      return `Reactivate ${employee}`;
  }
}

export function leaveOut(plan: Plan, excludedIds: Iterable<string>): LeftOut {
  const position = new Map(plan.changes.map((c, i) => [c.id, i] as const));
  const byEmployee = new Map<string, Change[]>();
  const teamChangesUnder = new Map<string, Change[]>();
  const addsToTeam = new Map<string, Change[]>();
  const createOf = new Map<string, string>();
  for (const change of plan.changes) {
    if (change.kind === 'create_team') createOf.set(change.team!.sourceId, change.id);
    if (change.employee) push(byEmployee, change.employee.sourceId, change);
    if (change.kind === 'add_membership') push(addsToTeam, change.team!.sourceId, change);
    const parent = change.parent;
    if ((change.kind === 'create_team' || change.kind === 'update_team') && parent && !parent.plectoUuid) {
      push(teamChangesUnder, parent.sourceId, change);
    }
  }

  const dependentsOf = (change: Change): Change[] => {
    const own = change.employee ? (byEmployee.get(change.employee.sourceId) ?? []) : [];
    switch (change.kind) {
      case 'link_employee':
      case 'create_employee':
        return own.filter((c) => c.id !== change.id);
      case 'reactivate_employee':
        return own.filter((c) => c.kind === 'add_membership');
      case 'deactivate_employee':
        return own.filter((c) => c.kind === 'remove_membership' && c.rule === 'R5');
      case 'create_team': {
        const moves = (teamChangesUnder.get(change.team!.sourceId) ?? []).filter(
          (c) => c.kind === 'update_team' && c.name === undefined,
        );
        return [...(addsToTeam.get(change.team!.sourceId) ?? []), ...moves];
      }
      default:
        return [];
    }
  };

  const out = new Set<string>();
  const dependents: LeftOut['dependents'] = [];
  const queue: Change[] = [];
  for (const id of excludedIds) {
    const index = position.get(id);
    if (index === undefined || out.has(id)) continue;
    out.add(id);
    queue.push(plan.changes[index]);
  }
  queue.sort((x, y) => position.get(x.id)! - position.get(y.id)!);
  for (let i = 0; i < queue.length; i++) {
    const cause = queue[i];
    for (const dependent of dependentsOf(cause)) {
      if (out.has(dependent.id)) continue;
      out.add(dependent.id);
      queue.push(dependent);
      const because = describeChange(cause);
      dependents.push({ changeId: dependent.id, because, reason: `left out because '${because}' is left out (R13)` });
    }
  }

  const withoutParent: LeftOut['withoutParent'] = [];
  for (const change of plan.changes) {
    if (out.has(change.id) || (change.kind !== 'create_team' && change.kind !== 'update_team')) continue;
    const parent = change.parent;
    if (!parent || parent.plectoUuid) continue;
    const parentCreate = createOf.get(parent.sourceId);
    if (parentCreate === undefined || !out.has(parentCreate)) continue;
    const because = `'Create team ${parent.name}' is left out`;
    withoutParent.push({
      changeId: change.id,
      reason:
        change.kind === 'create_team'
          ? `created at the top level because ${because} (R13)`
          : `renamed but not moved because ${because} (R13)`,
    });
  }

  dependents.sort((x, y) => position.get(x.changeId)! - position.get(y.changeId)!);
  const changeIds = plan.changes.filter((c) => out.has(c.id)).map((c) => c.id);
  return { changeIds, dependents, withoutParent };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
