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
//   no move of an existing team); the next run plans the missing parent again.
// - a team's move left out (its update_team, or only its move): the moves of
//   teams the plan puts under it.
// A team change whose move goes but that also renames keeps the rename
// (`withoutParent`); R1: nothing is ever moved to the top level because its
// parent could not be placed.
//
// Given Plecto's teams as they are (at apply time), leaveOut also checks that
// the moves it keeps make no cycle, and orders them so that no intermediate
// state is one (`teamOrder`, see hierarchy.ts).
import type { Change, Plan, PlectoTeam } from '../../domain/model';
import { depthIn, inCycle, parentMapOf, pendingKey, refKey } from './hierarchy';

export interface LeftOut {
  /** Every change left out, in plan order: the ones an admin chose and those that depend on them. */
  changeIds: string[];
  /** Changes left out only because of another one, in plan order, with the reason the preview shows. */
  dependents: { changeId: string; because: string; reason: string }[];
  /** Kept team changes written without their `parent`: a create at the top level, an update that only renames (R1, R13). */
  withoutParent: { changeId: string; reason: string }[];
  /**
   * Kept create_team and update_team change ids in the order to apply them: creates as planned,
   * then updates by depth in the hierarchy that results, so no intermediate state is a cycle (R1).
   * Plan order when Plecto's teams were not given.
   */
  teamOrder: string[];
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

const isMove = (c: Change): boolean => c.kind === 'update_team' && c.parent !== undefined;

export function leaveOut(plan: Plan, excludedIds: Iterable<string>, plectoTeams?: readonly PlectoTeam[]): LeftOut {
  const position = new Map(plan.changes.map((c, i) => [c.id, i] as const));
  const byEmployee = new Map<string, Change[]>();
  const addsToTeam = new Map<string, Change[]>();
  /** create_team and moving update_team changes by the source id of their new parent. */
  const placedUnder = new Map<string, Change[]>();
  for (const change of plan.changes) {
    if (change.employee) push(byEmployee, change.employee.sourceId, change);
    if (change.kind === 'add_membership') push(addsToTeam, change.team!.sourceId, change);
    if ((change.kind === 'create_team' || isMove(change)) && change.parent) push(placedUnder, change.parent.sourceId, change);
  }

  const out = new Set<string>();
  const dependents: LeftOut['dependents'] = [];
  const withoutParent = new Map<string, string>();
  /** Changes left out, and team changes that lost their move, whose dependents are still to be found. */
  const queue: { change: Change; lostMoveOnly: boolean }[] = [];

  const leave = (change: Change, because: string | null, reason?: string): void => {
    if (out.has(change.id)) return;
    out.add(change.id);
    withoutParent.delete(change.id);
    if (because !== null) {
      dependents.push({ changeId: change.id, because, reason: reason ?? `left out because '${because}' is left out (R13)` });
    }
    queue.push({ change, lostMoveOnly: false });
  };
  const dropMove = (change: Change, reason: string): void => {
    if (out.has(change.id) || withoutParent.has(change.id)) return;
    withoutParent.set(change.id, reason);
    if (change.kind === 'update_team') queue.push({ change, lostMoveOnly: true });
  };
  /** A team change under a team that will not be where the plan puts it (or not exist). */
  const unplace = (change: Change, cause: Change): void => {
    const because = describeChange(cause);
    if (change.kind === 'create_team') {
      // Only a create under a created team that is left out: a team that exists can still take it.
      if (cause.kind === 'create_team') dropMove(change, `created at the top level because '${because}' is left out (R13)`);
    } else if (change.name !== undefined) {
      dropMove(change, `renamed but not moved because '${because}' is left out (R13)`);
    } else {
      leave(change, because);
    }
  };

  const excluded = new Set(excludedIds);
  for (const change of plan.changes) if (excluded.has(change.id)) leave(change, null);
  for (let i = 0; i < queue.length; i++) {
    const { change: cause, lostMoveOnly } = queue[i];
    const own = cause.employee ? (byEmployee.get(cause.employee.sourceId) ?? []) : [];
    const because = describeChange(cause);
    if (lostMoveOnly || isMove(cause)) {
      for (const c of placedUnder.get(cause.team!.sourceId) ?? []) if (isMove(c)) unplace(c, cause);
      continue;
    }
    switch (cause.kind) {
      case 'link_employee':
      case 'create_employee':
        for (const c of own) if (c.id !== cause.id) leave(c, because);
        break;
      case 'reactivate_employee':
        for (const c of own) if (c.kind === 'add_membership') leave(c, because);
        break;
      case 'deactivate_employee':
        for (const c of own) if (c.kind === 'remove_membership' && c.rule === 'R5') leave(c, because);
        break;
      case 'create_team':
        for (const c of addsToTeam.get(cause.team!.sourceId) ?? []) leave(c, because);
        for (const c of placedUnder.get(cause.team!.sourceId) ?? []) unplace(c, cause);
        break;
      default:
        break;
    }
  }

  const teamOrder = plectoTeams ? orderTeams(plan, plectoTeams, out, withoutParent, leave, dropMove) : null;
  const byPosition = (x: { changeId: string }, y: { changeId: string }) => position.get(x.changeId)! - position.get(y.changeId)!;
  return {
    changeIds: plan.changes.filter((c) => out.has(c.id)).map((c) => c.id),
    dependents: dependents.sort(byPosition),
    withoutParent: [...withoutParent].map(([changeId, reason]) => ({ changeId, reason })).sort(byPosition),
    teamOrder:
      teamOrder ??
      plan.changes.filter((c) => (c.kind === 'create_team' || c.kind === 'update_team') && !out.has(c.id)).map((c) => c.id),
  };
}

/**
 * The kept team changes against Plecto as it is: a move that would now put a
 * team inside itself is dropped (R1), and updates are ordered by depth in the
 * resulting hierarchy so no intermediate state is a cycle.
 */
function orderTeams(
  plan: Plan,
  plectoTeams: readonly PlectoTeam[],
  out: Set<string>,
  withoutParent: Map<string, string>,
  leave: (change: Change, because: string | null, reason?: string) => void,
  dropMove: (change: Change, reason: string) => void,
): string[] {
  const current = parentMapOf(plectoTeams);
  const final = parentMapOf(plectoTeams);
  const kept = () => plan.changes.filter((c) => (c.kind === 'create_team' || c.kind === 'update_team') && !out.has(c.id));
  for (const c of kept()) {
    if (c.kind === 'create_team') final.set(pendingKey(c.team!.sourceId), withoutParent.has(c.id) ? null : refKey(c.parent));
  }
  const movesKept = kept().filter((c) => isMove(c) && !withoutParent.has(c.id) && c.team!.plectoUuid);
  for (const c of movesKept) final.set(c.team!.plectoUuid!, refKey(c.parent));
  const notMoving = new Map<string, Change>();
  for (const c of plan.changes) if (isMove(c) && (out.has(c.id) || withoutParent.has(c.id))) notMoving.set(c.team!.plectoUuid!, c);

  for (;;) {
    const looping = movesKept.find((c) => !out.has(c.id) && !withoutParent.has(c.id) && inCycle(final, c.team!.plectoUuid!));
    if (looping === undefined) break;
    const uuid = looping.team!.plectoUuid!;
    // Name the left-out move on the loop, when there is one.
    let cause: Change | undefined;
    for (let key = final.get(uuid) ?? null; key !== null && key !== uuid && !cause; key = final.get(key) ?? null) {
      cause = notMoving.get(key);
    }
    final.set(uuid, current.get(uuid) ?? null);
    const because = cause ? describeChange(cause) : 'Plecto as it is now';
    const inside = `would put team ${looping.team!.name} inside itself`;
    const why = cause ? `with '${because}' left out, the move ${inside}` : `in Plecto as it is now, the move ${inside}`;
    if (looping.name !== undefined) dropMove(looping, `renamed but not moved because, ${why} (R1, R13)`);
    else leave(looping, because, `left out because, ${why} (R1, R13)`);
    notMoving.set(uuid, looping);
  }

  const depth = depthIn(final);
  const teams = kept();
  const creates = teams.filter((c) => c.kind === 'create_team').map((c) => c.id);
  const updates = teams
    .filter((c) => c.kind === 'update_team')
    .map((c, i) => ({ id: c.id, i, d: depth(c.team!.plectoUuid!) }))
    .sort((x, y) => x.d - y.d || x.i - y.i)
    .map((x) => x.id);
  return [...creates, ...updates];
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
