// R1, R2: source teams → Plecto teams. Match (link → free team of the same
// name → create), renames, and parent moves that never pass through a cycle.
import type { Change, SourceTeam, TeamLink, TeamRef } from '../../domain/model';
import { compareIds, indexTeamsByName, normalizeTeamName } from '../matching';
import { bySourceId, type ImportedTeam, type PlanBuilder, type TeamPlan } from './builder';
import { depthIn, inCycle, parentMapOf, pendingKey, refKey } from './hierarchy';

/**
 * Where a team's parent should be after the plan: at the top level, under an
 * imported team, or left as Plecto has it (no nesting in the source, or a
 * source parent this plan does not import — R1 never moves a team to the top
 * level because it could not place its parent).
 */
type ParentPlan = { kind: 'top' } | { kind: 'team'; sourceId: string } | { kind: 'keep' };

const KEEP: ParentPlan = { kind: 'keep' };
const TOP: ParentPlan = { kind: 'top' };

export function planTeams(b: PlanBuilder): TeamPlan {
  const inScope = b.input.source.teams.filter((t) => b.scope.has(t.sourceId)).sort(bySourceId);
  const { imported, adoptions } = matchTeams(b, inScope);
  const parentOf = effectiveParents(b, inScope);
  const parentRef = (plan: ParentPlan): TeamRef | null => {
    if (plan.kind !== 'team') return null;
    const parent = imported.get(plan.sourceId)!;
    return { sourceId: plan.sourceId, name: parent.source.name, plectoUuid: parent.uuid };
  };

  emitCreates(b, inScope, imported, parentOf, parentRef);

  const updates: TeamUpdate[] = [];
  for (const team of inScope) {
    const entry = imported.get(team.sourceId)!;
    if (entry.how === 'created') continue;
    const update = teamUpdate(b, entry, parentOf.get(team.sourceId)!, parentRef);
    if (update) updates.push(update);
  }
  const createdParent = (sourceId: string) => parentRef(parentOf.get(sourceId)!);
  for (const update of orderMoves(b, updates, imported, createdParent)) b.add(finish(b, update));
  return { imported, adoptions };
}

/** Links first, so a name match never takes a team this connection owns; then names; then creates. */
function matchTeams(b: PlanBuilder, inScope: readonly SourceTeam[]): TeamPlan {
  const imported = new Map<string, ImportedTeam>();
  const adoptions: TeamLink[] = [];
  for (const team of inScope) {
    const uuid = b.teamLinks.get(team.sourceId);
    if (uuid !== undefined) imported.set(team.sourceId, { source: team, uuid, how: 'linked' });
  }

  // R2: the team of a link whose source team is gone is free to match by name, so a
  // team deleted and recreated under a new source id re-links instead of getting a twin.
  const ownUuids = new Set<string>();
  for (const [sourceId, uuid] of b.teamLinks) if (b.sourceTeams.has(sourceId)) ownUuids.add(uuid);
  const elsewhere = new Map<string, string>();
  for (const l of [...b.input.teamsLinkedElsewhere].sort((x, y) => compareIds(x.connectionId, y.connectionId))) {
    if (!elsewhere.has(l.plectoUuid)) elsewhere.set(l.plectoUuid, l.connectionId);
  }
  const byName = indexTeamsByName(b.input.plecto.teams);
  const claimed = new Set<string>();
  for (const team of inScope) {
    if (imported.has(team.sourceId)) continue;
    const candidates = byName.get(normalizeTeamName(team.name)) ?? [];
    const pick = candidates.find((u) => !ownUuids.has(u) && !elsewhere.has(u) && !claimed.has(u));
    if (pick !== undefined) {
      claimed.add(pick);
      imported.set(team.sourceId, { source: team, uuid: pick, how: 'adopted' });
      adoptions.push({ sourceId: team.sourceId, plectoUuid: pick });
      continue;
    }
    const taken = candidates.find((u) => elsewhere.has(u));
    if (taken !== undefined) {
      b.notes.push(
        `Team "${team.name}" exists in Plecto but is linked to connection "${elsewhere.get(taken)}"; ` +
          'a separate team will be created (R1).',
      );
    }
    imported.set(team.sourceId, { source: team, uuid: null, how: 'created' });
  }
  return { imported, adoptions };
}

/**
 * Each in-scope team's parent plan. A source without nesting (Intercom) keeps
 * every Plecto parent. A cycle in the source hierarchy is cut at its smallest
 * source id, which goes to the top level, so nothing ever loops.
 */
function effectiveParents(b: PlanBuilder, inScope: readonly SourceTeam[]): Map<string, ParentPlan> {
  const parentOf = new Map<string, ParentPlan>();
  const nesting = b.input.connectorRules.teamNesting;
  for (const team of inScope) {
    const p = team.parentSourceId;
    if (!nesting) parentOf.set(team.sourceId, KEEP);
    else if (p === null) parentOf.set(team.sourceId, TOP);
    else parentOf.set(team.sourceId, b.scope.has(p) ? { kind: 'team', sourceId: p } : KEEP);
  }
  const up = (id: string): string | null => {
    const plan = parentOf.get(id);
    return plan?.kind === 'team' ? plan.sourceId : null;
  };
  const ON_PATH = 1;
  const DONE = 2;
  const state = new Map<string, number>();
  for (const team of inScope) {
    const path: string[] = [];
    let current: string | null = team.sourceId;
    while (current !== null && !state.has(current)) {
      state.set(current, ON_PATH);
      path.push(current);
      current = up(current);
    }
    if (current !== null && state.get(current) === ON_PATH) {
      const cycle = path.slice(path.indexOf(current)).sort(compareIds);
      const top = cycle[0];
      parentOf.set(top, TOP);
      const names = cycle.map((id) => `"${b.sourceTeams.get(id)!.name}"`).join(', ');
      b.notes.push(
        `${b.label} teams ${names} form a parent cycle; "${b.sourceTeams.get(top)!.name}" is placed at the top level (R1).`,
      );
    }
    for (const id of path) state.set(id, DONE);
  }
  return parentOf;
}

/** Creates: each team after its not-yet-emitted ancestors, otherwise by source id. */
function emitCreates(
  b: PlanBuilder,
  inScope: readonly SourceTeam[],
  imported: Map<string, ImportedTeam>,
  parentOf: Map<string, ParentPlan>,
  parentRef: (plan: ParentPlan) => TeamRef | null,
): void {
  const emitted = new Set<string>();
  for (const team of inScope) {
    const chain: ImportedTeam[] = [];
    let current: string | null = team.sourceId;
    while (current !== null && !emitted.has(current) && imported.get(current)!.how === 'created') {
      emitted.add(current);
      chain.push(imported.get(current)!);
      const plan: ParentPlan = parentOf.get(current)!;
      current = plan.kind === 'team' ? plan.sourceId : null;
    }
    for (let i = chain.length - 1; i >= 0; i--) {
      const created = chain[i].source;
      b.add({
        id: `create_team:${created.sourceId}`,
        kind: 'create_team',
        rule: 'R1',
        reason: `${b.label} team "${created.name}" has no Plecto team yet (R1)`,
        // Written as it will be compared on the next run (trimmed), so that run has nothing to rename (R11).
        team: { sourceId: created.sourceId, name: created.name.trim(), plectoUuid: null },
        // A new team whose parent is kept as in Plecto has none there yet: it starts at the top level.
        parent: parentRef(parentOf.get(created.sourceId)!),
      });
    }
  }
}

interface TeamUpdate {
  team: SourceTeam;
  uuid: string;
  how: ImportedTeam['how'];
  /** Plecto's current name, when the team is renamed. */
  renamedFrom: string | null;
  /** The new parent, when the team moves (null = top level). */
  move: { parent: TeamRef | null; before: string | null } | null;
}

function teamUpdate(
  b: PlanBuilder,
  entry: ImportedTeam,
  plan: ParentPlan,
  parentRef: (plan: ParentPlan) => TeamRef | null,
): TeamUpdate | null {
  const plectoTeam = b.plectoTeams.get(entry.uuid!)!;
  const wanted = entry.source.name.trim();
  // Linked: any rename. Adopted (same name but for case or spacing): renamed now, so a second run has nothing left (R1).
  const renamedFrom = plectoTeam.name !== wanted ? plectoTeam.name : null;
  let move: TeamUpdate['move'] = null;
  if (plan.kind !== 'keep') {
    const parent = parentRef(plan);
    // A parent created by this plan has no uuid yet, so the team must move.
    const changed = parent === null ? plectoTeam.parent !== null : parent.plectoUuid === null || parent.plectoUuid !== plectoTeam.parent;
    if (changed) move = { parent, before: plectoTeam.parent };
  }
  if (renamedFrom === null && move === null) return null;
  return { team: entry.source, uuid: entry.uuid!, how: entry.how, renamedFrom, move };
}

/**
 * R1: moves are applied in plan order, and that order never passes through a
 * cycle: updates go by the team's depth in the final hierarchy (shallowest
 * first), then by source id. A team moved under P is moved after every
 * ancestor P ends up with has reached its final place, so P is never below
 * the team at that moment (a parent and child swapping places: the new parent
 * goes first). A move that would make a cycle with a parent kept as it is in
 * Plecto is not made (the rename stays), with a note.
 */
function orderMoves(
  b: PlanBuilder,
  updates: TeamUpdate[],
  imported: Map<string, ImportedTeam>,
  createdParent: (sourceId: string) => TeamRef | null,
): TeamUpdate[] {
  if (updates.every((u) => u.move === null)) return updates;
  const final = parentMapOf(b.input.plecto.teams);
  // Creates come before any move (R12); their parent is final from the start.
  for (const entry of imported.values()) {
    if (entry.uuid === null) final.set(pendingKey(entry.source.sourceId), refKey(createdParent(entry.source.sourceId)));
  }
  const moves = updates.filter((u) => u.move !== null);
  for (const u of moves) final.set(u.uuid, refKey(u.move!.parent));

  // Break any cycle the kept parents make, at the moving team with the smallest source id.
  for (;;) {
    const undo = moves.find((u) => u.move !== null && inCycle(final, u.uuid));
    if (undo === undefined) break;
    final.set(undo.uuid, undo.move!.before);
    b.notes.push(
      `${b.label} team "${undo.team.name}" is not moved under "${undo.move!.parent?.name}": with the parents Plecto keeps, ` +
        'that would put it inside itself (R1).',
    );
    undo.move = null;
  }

  const depth = depthIn(final);
  return updates
    .filter((u) => u.move !== null || u.renamedFrom !== null)
    .map((u) => ({ u, d: depth(u.uuid) }))
    .sort((x, y) => x.d - y.d || compareIds(x.u.team.sourceId, y.u.team.sourceId))
    .map((x) => x.u);
}

function finish(b: PlanBuilder, u: TeamUpdate): Change {
  const change: Change = {
    id: `update_team:${u.team.sourceId}`,
    kind: 'update_team',
    rule: 'R1',
    reason: '',
    team: { sourceId: u.team.sourceId, name: u.team.name, plectoUuid: u.uuid },
    before: {},
  };
  const what: string[] = [];
  if (u.renamedFrom !== null) {
    change.name = u.team.name.trim();
    change.before!.name = u.renamedFrom;
    what.push(
      u.how === 'linked'
        ? `was renamed from "${u.renamedFrom}"`
        : `matches Plecto team "${u.renamedFrom}" but for case or spacing, which takes the ${b.label} spelling`,
    );
  }
  if (u.move !== null) {
    change.parent = u.move.parent;
    change.before!.parent = u.move.before;
    what.push(u.move.parent === null ? 'moved to the top level' : `moved under "${u.move.parent.name}"`);
  }
  change.reason = `${b.label} team "${u.team.name}" ${what.join(' and ')} (R1)`;
  return change;
}
