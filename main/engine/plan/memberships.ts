// R4 memberships (and the R2 removals from teams deleted in the source):
// a managed employee's memberships in this connection's imported teams
// follow the source; memberships in other teams are never touched.
import type { Change, EmployeeRef, PlectoMember, SourcePerson, TeamRef } from '../../domain/model';
import type { ManagedTeam, PlanBuilder, TeamPlan } from './builder';

export interface MembershipTeams {
  /** Linked/adopted Plecto teams in scope, by uuid (R4 "current"). */
  inScope: Map<string, ManagedTeam>;
  /** Linked Plecto teams whose source team was deleted and that no source team took over (R2). */
  deleted: Map<string, ManagedTeam>;
  /** Every linked/adopted team, regardless of scope (R5). */
  all: Map<string, ManagedTeam>;
}

export function managedTeams(b: PlanBuilder, teams: TeamPlan): MembershipTeams {
  const result: MembershipTeams = { inScope: new Map(), deleted: new Map(), all: new Map() };
  for (const entry of teams.imported.values()) {
    if (entry.uuid === null) continue;
    const team = { sourceId: entry.source.sourceId, uuid: entry.uuid, name: entry.source.name };
    result.all.set(entry.uuid, team);
    result.inScope.set(entry.uuid, team);
  }
  for (const [sourceId, uuid] of b.teamLinks) {
    // R2: a team re-linked to a new source id this run is not "deleted".
    if (result.inScope.has(uuid)) continue;
    const source = b.sourceTeams.get(sourceId);
    const team = { sourceId, uuid, name: source ? source.name : b.plectoTeams.get(uuid)!.name };
    result.all.set(uuid, team);
    if (!source) result.deleted.set(uuid, team);
  }
  return result;
}

/** The person's in-scope source teams; all of them are imported when Sync teams is on. */
export function desiredTeams(teams: TeamPlan, person: SourcePerson): string[] {
  const ids = person.teamSourceIds;
  return ids.filter((t, i) => teams.imported.has(t) && ids.indexOf(t) === i);
}

export function teamRefOf(teams: TeamPlan, teamId: string): TeamRef {
  const entry = teams.imported.get(teamId)!;
  return { sourceId: teamId, name: entry.source.name, plectoUuid: entry.uuid };
}

/** R4: memberships in this connection's in-scope teams equal the source's. */
export function membershipChanges(
  b: PlanBuilder,
  teams: TeamPlan,
  membershipTeams: MembershipTeams,
  ref: EmployeeRef,
  person: SourcePerson,
  member: PlectoMember,
): Change[] {
  // Membership lists are short: arrays beat Sets here (this runs for every person).
  const desired = desiredTeams(teams, person);
  const current: string[] = [];
  const changes: Change[] = [];
  for (const uuid of member.teams) {
    const team = membershipTeams.inScope.get(uuid);
    if (!team) continue;
    current.push(team.sourceId);
    if (!desired.includes(team.sourceId)) {
      const reason = `${person.name} left ${b.label} team "${team.name}" (R4)`;
      changes.push(membership('remove_membership', 'R4', ref, managedRef(team), reason));
    }
  }
  for (const teamId of desired) {
    if (current.includes(teamId)) continue;
    const team = teamRefOf(teams, teamId);
    changes.push(membership('add_membership', 'R4', ref, team, `${person.name} is in ${b.label} team "${team.name}" (R4)`));
  }
  return changes;
}

/** R4 for a person created by this plan: every in-scope source team. */
export function initialMemberships(b: PlanBuilder, teams: TeamPlan, ref: EmployeeRef, person: SourcePerson): Change[] {
  return desiredTeams(teams, person).map((teamId) => {
    const team = teamRefOf(teams, teamId);
    return membership('add_membership', 'R4', ref, team, `${person.name} is in ${b.label} team "${team.name}" (R4)`);
  });
}

/** R2: a team deleted in the source keeps existing in Plecto, without this connection's employees. */
export function deletedTeamRemovals(
  b: PlanBuilder,
  membershipTeams: MembershipTeams,
  ref: EmployeeRef,
  member: PlectoMember,
): Change[] {
  const changes: Change[] = [];
  for (const uuid of member.teams) {
    const team = membershipTeams.deleted.get(uuid);
    if (!team) continue;
    const reason = `${b.label} team "${team.name}" was deleted in ${b.label}, so ${ref.name} leaves its Plecto team (R2)`;
    changes.push(membership('remove_membership', 'R2', ref, managedRef(team), reason));
  }
  return changes;
}

export function membership(
  kind: 'add_membership' | 'remove_membership',
  rule: Change['rule'],
  employee: EmployeeRef,
  team: TeamRef,
  reason: string,
): Change {
  return { id: `${kind}:${employee.sourceId}:${team.sourceId}`, kind, rule, reason, employee, team };
}

export function managedRef(team: ManagedTeam): TeamRef {
  return { sourceId: team.sourceId, name: team.name, plectoUuid: team.uuid };
}
